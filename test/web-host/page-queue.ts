import type { Page } from 'playwright-core';

/**
 * The pages the host opened for the person (sign-in windows, system-browser pages, verification
 * pages), handed to the test in the order they opened, each once. `next()` waits for a page when
 * none is waiting; `close()` closes every page's context and fails whoever still waits.
 */
export class PageQueue {
  private readonly ready: Page[] = [];
  private readonly waiters: Array<{ resolve: (page: Page) => void; reject: (e: Error) => void }> =
    [];
  private readonly opened = new Set<Page>();
  private closed = false;

  /** Hands a freshly opened page to the first waiting test, or keeps it for the next one. */
  put(page: Page): void {
    this.opened.add(page);
    if (this.closed) {
      void page.context().close();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(page);
    else this.ready.push(page);
  }

  /** The next page the host opened (already loaded), waiting for one if needed. */
  next(): Promise<Page> {
    if (this.closed) return Promise.reject(new Error('The web host is closed.'));
    const page = this.ready.shift();
    if (page) return Promise.resolve(page);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.reject(new Error('The web host closed before another page opened.'));
    }
    this.ready.length = 0;
    await Promise.all(
      [...this.opened].map((page) =>
        page
          .context()
          .close()
          .catch(() => {}),
      ),
    );
  }
}
