import { BrowserWindow, session, type Session } from 'electron';
import { originOf } from '../app/host/app-origin';
import {
  authNavigation,
  authNavigationPolicy,
  shownHost,
  signInWindowTitle,
  type AuthNavigationVerdict,
} from '../app/host/auth-navigation';
import { tokenDockError, type TokenDockError } from '../app/errors/tokendock-error';
import type { Logger } from '../app/ports';
import { authWindowOptions } from './window-options';

export interface ProviderWindowDeps {
  /** The window provider windows sit on top of, when it is showing. */
  parent: () => BrowserWindow | undefined;
  /** Hardens a partition's session (permissions, downloads) and applies the proxy override. */
  prepareSession: (session: Session) => Promise<void>;
  logger: Logger;
  icon?: string;
}

export interface ProviderWindowRequest {
  url: string;
  partition: string;
  /** What the person does there ("Sign in"); the title adds the current host. */
  purpose: string;
  /** Caught in the main frame before it loads; the result resolves with it. */
  redirectUri?: string;
  signal?: AbortSignal;
  /**
   * Whether a page that fails to load ends the window with an error (a sign-in: the engine
   * reports it) or is shown as Chromium's error page (a device code page: nothing waits on it).
   */
  endOnLoadFailure: boolean;
}

export interface ProviderWindowHandle {
  /**
   * The caught redirect URL; rejects `window_closed` on close, `cancelled` on abort, `network`
   * when a page fails to load, `provider_error` when the provider redirects off https.
   */
  result: Promise<string>;
  close(): void;
}

/** Chromium's codes (net/base/net_error_list.h) as `did-fail-load` reports them. */
const ERR_ABORTED = -3;
const ERR_BLOCKED_BY_CLIENT = -20;

/**
 * One window showing an identity provider's pages (a sign-in or a device code page): the given
 * session partition, no preload, no IPC. Only the main frame is judged, by the pure policy of
 * `app/host/auth-navigation.ts` (https anywhere, the redirect URI caught, nothing else), in
 * `will-navigate`, `will-redirect` and the partition's `webRequest.onBeforeRequest` (which also
 * sees navigations that start no `will-navigate`, such as history ones). `<iframe>`s (SSO,
 * captcha) go their own way: Electron reports their redirects and load failures too, with
 * `isMainFrame` false. The title shows the host of the page on screen. Throws when the start URL
 * itself is not allowed.
 */
export function openProviderWindow(
  deps: ProviderWindowDeps,
  request: ProviderWindowRequest,
): ProviderWindowHandle {
  const policy = authNavigationPolicy(request.url, request.redirectUri);
  if (!policy || authNavigation(request.url, policy) !== 'allow')
    throw tokenDockError(
      'invalid_configuration',
      'The sign-in page must be an https URL (or the sandbox provider on 127.0.0.1).',
    );
  if (request.signal?.aborted) throw tokenDockError('cancelled', 'Sign-in was cancelled.');

  const partitionSession = session.fromPartition(request.partition);
  const prepared = deps.prepareSession(partitionSession);
  const parent = deps.parent();
  const window = new BrowserWindow({
    ...authWindowOptions({
      partition: request.partition,
      title: signInWindowTitle(request.purpose, request.url),
      ...(deps.icon ? { icon: deps.icon } : {}),
    }),
    ...(parent && !parent.isDestroyed() && parent.isVisible() ? { parent } : {}),
  });
  const contents = window.webContents;
  const contentsId = contents.id;

  let settled = false;
  let resolveResult: (url: string) => void = () => undefined;
  let rejectResult: (error: TokenDockError) => void = () => undefined;
  const result = new Promise<string>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  const settle = (outcome: { url: string } | { error: TokenDockError }) => {
    if (settled) return;
    settled = true;
    request.signal?.removeEventListener('abort', onAbort);
    partitionSession.webRequest.onBeforeRequest(null);
    if ('url' in outcome) resolveResult(outcome.url);
    else rejectResult(outcome.error);
    if (!window.isDestroyed()) window.destroy();
  };
  const onAbort = () => settle({ error: tokenDockError('cancelled', 'Sign-in was cancelled.') });

  /** Main-frame URLs we stopped: their `ERR_BLOCKED_BY_CLIENT` failure is ours, not the network's. */
  const stoppedByUs = new Set<string>();

  /**
   * Acts on a main-frame navigation that is not allowed (already stopped by the caller): the
   * redirect URI resolves the sign-in with the full URL; anything else is logged, and when the
   * provider itself sent the window there (a server redirect), the sign-in cannot go on. A link
   * or script of the page (`navigation`) is only stopped: the page stays.
   */
  const stopped = (url: string, verdict: AuthNavigationVerdict, by: 'navigation' | 'redirect') => {
    stoppedByUs.add(url);
    if (verdict === 'redirect-caught') {
      settle({ url });
      return;
    }
    const to = originOf(url) ?? url.slice(0, url.indexOf(':') + 1);
    deps.logger.warn('sign-in window: blocked a navigation', { to, by });
    if (by === 'redirect')
      settle({
        error: tokenDockError(
          'provider_error',
          `The sign-in page sent the window to ${to || 'a page'}, which is not https; TokenDock only shows https pages.`,
          'Ask the administrator of the identity provider to serve every sign-in page over https.',
        ),
      });
  };

  // Electron 45: `details.isMainFrame` (docs/api/web-contents.md, "will-navigate"); the page's
  // own navigations of the main frame (links, forms, scripts).
  contents.on('will-navigate', (details) => {
    if (!details.isMainFrame) return;
    const verdict = authNavigation(details.url, policy);
    if (verdict === 'allow') return;
    details.preventDefault();
    stopped(details.url, verdict, 'navigation');
  });
  // Every frame's server redirects (docs/api/web-contents.md, "will-redirect"); preventing one
  // stops the whole navigation, which ends as ERR_ABORTED.
  contents.on('will-redirect', (details) => {
    if (!details.isMainFrame) return;
    const verdict = authNavigation(details.url, policy);
    if (verdict === 'allow') return;
    details.preventDefault();
    stopped(details.url, verdict, 'redirect');
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Each request of the partition (docs/api/web-request.md): only this window's main frame.
  partitionSession.webRequest.onBeforeRequest((details, callback) => {
    if (details.resourceType !== 'mainFrame' || details.webContentsId !== contentsId) {
      callback({});
      return;
    }
    const verdict = authNavigation(details.url, policy);
    if (verdict === 'allow') {
      callback({});
      return;
    }
    callback({ cancel: true });
    stopped(details.url, verdict, 'navigation');
  });
  // The host on screen, after each main-frame navigation (docs/api/web-contents.md,
  // "did-navigate": main frame only); the page's <title> never replaces it
  // (docs/api/browser-window.md, "page-title-updated").
  contents.on('did-navigate', (_event, url) => {
    if (!window.isDestroyed()) window.setTitle(signInWindowTitle(request.purpose, url));
  });
  window.on('page-title-updated', (event) => event.preventDefault());
  // Also emitted for <iframe>s (isMainFrame false) and, with ERR_ABORTED, for loads that were
  // stopped — by us, by the page or by a newer navigation (docs/api/web-contents.md,
  // "did-fail-load").
  contents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || settled || errorCode === ERR_ABORTED) return;
    if (errorCode === ERR_BLOCKED_BY_CLIENT && stoppedByUs.has(validatedURL)) return;
    if (!request.endOnLoadFailure) {
      if (!window.isDestroyed()) window.show();
      return;
    }
    settle({ error: loadFailure(errorCode, errorDescription, validatedURL) });
  });
  window.on('closed', () =>
    settle({
      error: tokenDockError(
        'window_closed',
        'The sign-in window was closed before sign-in finished.',
        'Start the sign-in again and finish it in the window.',
      ),
    }),
  );
  request.signal?.addEventListener('abort', onAbort, { once: true });
  window.once('ready-to-show', () => window.show());
  void prepared
    .catch((error: unknown) =>
      deps.logger.warn('sign-in window: session setup failed', { error: String(error) }),
    )
    // The same as `window.loadURL` (docs/api/browser-window.md). Its rejection is not acted on:
    // a real failure also emits `did-fail-load` (handled above), and a load we stopped rejects
    // with ERR_ABORTED (docs/api/web-contents.md, "contents.loadURL").
    .then(() => (window.isDestroyed() ? undefined : contents.loadURL(request.url)))
    .catch(() => undefined);
  return {
    result,
    close: () =>
      settle({ error: tokenDockError('window_closed', 'The sign-in window was closed.') }),
  };
}

/** A clear error for a provider page that did not load (never the URL's query: it may hold a code). */
function loadFailure(errorCode: number, errorDescription: string, url: string): TokenDockError {
  const name = errorDescription || `error ${errorCode}`;
  const where = shownHost(url) ?? 'the identity provider';
  const certificate = /^ERR_CERT_|^ERR_SSL_/.test(errorDescription);
  return tokenDockError(
    'network',
    `The sign-in page at ${where} could not be loaded (${name}).`,
    certificate
      ? 'The certificate was not trusted. A proxy that inspects TLS needs its root certificate installed in the system store.'
      : 'Check the network connection and the proxy settings, then sign in again.',
  );
}
