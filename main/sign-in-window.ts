import { BrowserWindow, session, type Session } from 'electron';
import { originOf } from '../app/host/app-origin';
import {
  authNavigation,
  authorityOriginsFor,
  type AuthNavigationPolicy,
} from '../app/host/auth-navigation';
import { tokenDockError, type TokenDockError } from '../app/errors/tokendock-error';
import type { Logger } from '../app/ports';
import { authWindowOptions } from './window-options';

export interface SignInWindowDeps {
  /** The window sign-in windows sit on top of, when it is showing. */
  parent: () => BrowserWindow | undefined;
  /** Hardens a partition's session (permissions, downloads) and applies the proxy override. */
  prepareSession: (session: Session) => Promise<void>;
  logger: Logger;
  icon?: string;
}

export interface SignInWindowRequest {
  url: string;
  partition: string;
  title: string;
  redirectUri?: string;
  signal?: AbortSignal;
}

export interface SignInWindowHandle {
  /** The caught redirect URL; rejects `window_closed` on close, `cancelled` on abort. */
  result: Promise<string>;
  close(): void;
}

/**
 * Opens a provider's page in a window of its own: the given session partition, no preload, no
 * IPC. Every main-frame navigation is judged by the pure policy of `app/host/auth-navigation.ts`
 * in `will-navigate`, `will-redirect` and the partition's `webRequest.onBeforeRequest` (which
 * also sees redirects the page never renders); the redirect URI is caught there, before it loads.
 * Throws when the start URL itself is not allowed.
 */
export function openSignInWindow(
  deps: SignInWindowDeps,
  request: SignInWindowRequest,
): SignInWindowHandle {
  const policy: AuthNavigationPolicy = {
    authorityOrigins: authorityOriginsFor(request.url),
    ...(request.redirectUri ? { redirectUri: request.redirectUri } : {}),
  };
  if (authNavigation(request.url, policy) !== 'allow')
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
      title: request.title,
      ...(deps.icon ? { icon: deps.icon } : {}),
    }),
    ...(parent && !parent.isDestroyed() && parent.isVisible() ? { parent } : {}),
  });
  const contentsId = window.webContents.id;

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

  /** True when the navigation may go ahead. */
  const judge = (url: string): boolean => {
    const verdict = authNavigation(url, policy);
    if (verdict === 'allow') return true;
    if (verdict === 'redirect-caught') settle({ url });
    else
      deps.logger.warn('sign-in window: blocked a navigation', {
        to: originOf(url) ?? url.slice(0, url.indexOf(':') + 1),
      });
    return false;
  };

  window.webContents.on('will-navigate', (event) => {
    if (!judge(event.url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event) => {
    if (!judge(event.url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  partitionSession.webRequest.onBeforeRequest((details, callback) => {
    if (details.resourceType !== 'mainFrame' || details.webContentsId !== contentsId) {
      callback({});
      return;
    }
    callback(judge(details.url) ? {} : { cancel: true });
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
  window.webContents.once('did-fail-load', () => {
    if (!window.isDestroyed()) window.show();
  });
  void prepared
    .catch((error: unknown) =>
      deps.logger.warn('sign-in window: session setup failed', { error: String(error) }),
    )
    .then(() => (window.isDestroyed() ? undefined : window.loadURL(request.url)))
    .catch(() => undefined);
  return {
    result,
    close: () =>
      settle({ error: tokenDockError('window_closed', 'The sign-in window was closed.') }),
  };
}
