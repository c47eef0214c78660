import type { Clipboard } from '../ports';

/** A clipboard whose calls are asynchronous, as Electron's `clipboard` module is. */
export interface AsyncClipboardApi {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
  /**
   * Empties the clipboard, every format (Electron: `clipboard.clear()`, docs/api/clipboard.md).
   * Writing `''` instead leaves an empty text entry behind, which clipboard managers record.
   */
  clear?(): Promise<void> | void;
}

/**
 * The engine's synchronous `Clipboard` port over an asynchronous clipboard. `readText` answers
 * from what was last written or read; the one place that matters, clearing a copied token, is
 * made safe here: `clear()` (and `writeText('')`, the same) clears only after a fresh read shows
 * the clipboard still holds what we last wrote, so something the person copied since is never
 * wiped; it empties the clipboard with the API's `clear()` where there is one.
 */
export function syncClipboard(
  api: AsyncClipboardApi,
  onError: (error: unknown) => void = () => undefined,
): Clipboard & { clear(): void; settled(): Promise<void> } {
  let written: string | undefined;
  let known = '';
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch(onError);
  };
  const clearIfOurs = () => {
    const ours = written;
    enqueue(async () => {
      const current = await api.readText();
      known = current;
      if (ours !== undefined && current === ours) {
        if (api.clear) await api.clear();
        else await api.writeText('');
        known = '';
        written = undefined;
      }
    });
  };
  return {
    clear: clearIfOurs,
    writeText(text: string) {
      if (text === '') {
        clearIfOurs();
        return;
      }
      written = text;
      known = text;
      enqueue(async () => {
        await api.writeText(text);
      });
    },
    readText() {
      enqueue(async () => {
        known = await api.readText();
      });
      return known;
    },
    /** Resolves when every queued clipboard call has run (for tests and shutdown). */
    settled: () => queue,
  };
}
