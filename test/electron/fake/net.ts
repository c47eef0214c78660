/** `net` (docs/api/net.md). */
export const net = {
  online: true,
  fetch: (input: string, init?: RequestInit) => fetch(input, init),
};
