import type { Clipboard } from '../app/ports';

/**
 * The clipboard of the headless host: the person's browser page writes it (the host may run
 * where there is no clipboard at all, or another user's). The page can be told to write but not
 * asked what the clipboard holds, so `readText` answers what was last written through it: the
 * engine's "clear if it still holds our token" then clears unless this host wrote since.
 */
export class PageClipboard implements Clipboard {
  #last = '';

  constructor(private readonly send: (text: string) => number) {}

  writeText(text: string): void {
    if (this.send(text) === 0) throw new Error('No TokenDock page is open to write the clipboard.');
    this.#last = text;
  }

  readText(): string {
    return this.#last;
  }

  clear(): void {
    this.send('');
    this.#last = '';
  }
}
