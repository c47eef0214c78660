import type { Browser, Page } from 'playwright-core';
import type { AuthWindow, AuthWindowRequest } from '../../app/ports';
import { tokenDockError } from '../../app/errors/tokendock-error';

/** What the person at the sign-in page does, given the page and the authorization URL. */
export type Person = (page: Page, request: AuthWindowRequest) => Promise<void>;

/** What a test may do to the traffic, to play an attacker or a broken provider. */
export interface AuthWindowHooks {
  /** Rewrites the authorization URL before the page loads it. */
  authorizationUrl?: (url: string) => string;
  /** Rewrites the caught redirect before it is handed back. */
  redirect?: (url: string) => string;
}

/**
 * The `AuthWindow` port in headless Chromium: each sign-in gets its own browser context (as the
 * desktop app gives each account its own session partition), the person's part is played by a
 * script, and the redirect to `redirectUri` is caught from the request stream before anything
 * answers it. Closing the page rejects with `window_closed`, as closing the real window does.
 */
export class ChromiumAuthWindow implements AuthWindow {
  /** The authorization URLs opened, in order. */
  readonly opened: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly person: Person,
    private readonly hooks: AuthWindowHooks = {},
  ) {}

  async open(request: AuthWindowRequest): Promise<string> {
    this.opened.push(request.url);
    const context = await this.browser.newContext();
    const page = await context.newPage();
    const redirect = new URL(request.redirectUri);
    try {
      return await new Promise<string>((resolve, reject) => {
        const isRedirect = (url: string) => {
          const u = new URL(url);
          return (
            u.protocol === redirect.protocol &&
            u.hostname === redirect.hostname &&
            u.pathname === redirect.pathname
          );
        };
        page.on('request', (r) => {
          if (r.isNavigationRequest() && isRedirect(r.url())) {
            resolve(this.hooks.redirect ? this.hooks.redirect(r.url()) : r.url());
          }
        });
        page.on('close', () =>
          reject(
            tokenDockError(
              'window_closed',
              'The sign-in window was closed before sign-in finished.',
            ),
          ),
        );
        request.signal?.addEventListener(
          'abort',
          () => reject(tokenDockError('cancelled', 'Sign-in was cancelled.')),
          { once: true },
        );
        page
          .goto(
            this.hooks.authorizationUrl ? this.hooks.authorizationUrl(request.url) : request.url,
          )
          .then(() => this.person(page, request))
          .catch((error: unknown) => {
            if (!page.isClosed()) reject(error instanceof Error ? error : new Error(String(error)));
          });
      });
    } finally {
      await context.close();
    }
  }
}
