import { lookup as dnsLookup } from 'node:dns/promises';
import { isLocalhostName, isLoopbackAddress, isLoopbackHost } from '../contract/authority-checks';
import { tokenDockError } from '../errors/tokendock-error';
import type { Fetch } from '../ports';

/** Every address a host name resolves to, as the system resolver answers (`getaddrinfo`). */
export type LookupAll = (hostname: string) => Promise<readonly string[]>;

export const systemLookup: LookupAll = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * The fetch of a connection that may use plain http (`allowInsecureRequests`): plain http goes to
 * loopback only, whatever the provider's metadata names.
 *
 * - an IP literal in `127.0.0.0/8` or `[::1]`: sent as it is;
 * - a `localhost` name (`localhost`, `*.localhost`): DESIGN.md used to refuse these because the
 *   name "can resolve elsewhere" (a hosts file without the entry, a resolver that appends a search
 *   domain and asks DNS). So before every request the name is looked up with the system resolver,
 *   and the request is refused (`insecure_issuer`) unless every address is loopback: a token
 *   request, client secret or refresh token never leaves the machine in clear text because of
 *   a name. The request itself then resolves the name again: in Electron, Chromium answers
 *   `localhost` names with loopback itself and never asks DNS; in Node, `getaddrinfo` answers
 *   from the same hosts file (or systemd's synthesised records) that was just checked. What this
 *   cannot rule out is a resolver that sends `localhost` to DNS and gets loopback first and
 *   another address a moment later (rebinding); such a resolver is refused as soon as it answers
 *   anything but loopback.
 * - any other host over plain http (metadata naming `http://tokens.example.com`): refused.
 *
 * https requests pass untouched.
 */
export function withLoopbackGuard(fetch: Fetch, lookup: LookupAll = systemLookup): Fetch {
  return async (input, init) => {
    const url = new URL(input instanceof URL ? input.href : input);
    if (url.protocol === 'http:') {
      if (isLocalhostName(url.hostname)) await assertLoopback(url, lookup);
      else if (!isLoopbackHost(url.hostname)) {
        throw tokenDockError(
          'insecure_issuer',
          `Refused to send a request over plain http to ${url.origin}: plain http is allowed only to loopback (localhost, 127.0.0.1, [::1]).`,
          "Use the provider's https address, or fix the endpoints in its metadata.",
        );
      }
    }
    return fetch(input, init);
  };
}

async function assertLoopback(url: URL, lookup: LookupAll): Promise<void> {
  let addresses: readonly string[];
  try {
    addresses = await lookup(url.hostname);
  } catch (error) {
    throw tokenDockError(
      'network',
      `${url.hostname} could not be resolved on this computer.`,
      `Check that ${url.hostname} is in the hosts file, or use http://127.0.0.1 instead.`,
      error,
    );
  }
  const elsewhere = addresses.filter((address) => !isLoopbackAddress(address));
  if (addresses.length === 0 || elsewhere.length > 0) {
    throw tokenDockError(
      'insecure_issuer',
      `${url.hostname} resolves to ${elsewhere.join(', ') || 'no address'} on this computer, not to loopback: plain http is refused there.`,
      `Make ${url.hostname} resolve to 127.0.0.1 / ::1 (the hosts file), or use http://127.0.0.1 instead.`,
    );
  }
}
