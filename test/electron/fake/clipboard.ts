/**
 * `clipboard` (docs/api/clipboard.md): `readText` and `writeText` answer with promises in
 * Electron 45 (`readText(): Promise<string>`, `writeText(text): Promise<void>` in electron.d.ts);
 * `clear()` "Clears the clipboard content" (every format: no empty text entry is left behind).
 */
export const clipboardState = {
  text: '',
  /** Whether anything is on the clipboard at all (an empty text is still an entry). */
  hasEntry: false,
  /** Every `writeText`, in order. */
  writes: [] as string[],
  clears: 0,
};

export const clipboard = {
  readText: async () => clipboardState.text,
  writeText: async (text: string) => {
    clipboardState.text = text;
    clipboardState.hasEntry = true;
    clipboardState.writes.push(text);
  },
  clear: () => {
    clipboardState.text = '';
    clipboardState.hasEntry = false;
    clipboardState.clears++;
  },
};
