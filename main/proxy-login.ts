import type { App, AuthenticationResponseDetails, AuthInfo, Event, WebContents } from 'electron';
import type { ProxyLogins } from '../app/host/proxy-login';
import type { RequestLogin } from './electron-fetch';

export interface InstalledProxyLogin {
  /** For `createElectronFetch({ onLogin })`: the engine's own requests' 'login' events. */
  onRequestLogin: RequestLogin;
  /** Removes the `app` listener. */
  uninstall(): void;
}

/**
 * Proxy sign-in, adapted to Electron; every decision is `ProxyLogins`' (app/host/proxy-login.ts).
 *
 * Two doors lead to a proxy's request for credentials:
 * - `app`'s 'login' (docs/api/app.md, event 'login'; docs/api/web-contents.md, event 'login' is
 *   re-emitted there): web contents (the sign-in and verification windows) and utility
 *   processes. "The default behavior is to cancel all authentications. To override this you
 *   should prevent the default behavior with `event.preventDefault()` and call
 *   `callback(username, password)`." Only proxy challenges (`authInfo.isProxy`) are taken; a
 *   site's own challenge keeps the default, so it is cancelled and the page shows the error.
 * - a `ClientRequest`'s 'login' (docs/api/client-request.md, event 'login'): the engine's own
 *   requests (main/electron-fetch.ts); `app` never sees these. With a listener the request waits
 *   for the callback, so a server's 401 challenge is cancelled here (`callback()`), which "will
 *   cancel the request and report an authentication error on the response object".
 */
export function installProxyLogin(
  app: Pick<App, 'on' | 'removeListener'>,
  logins: Pick<ProxyLogins, 'challenge'>,
): InstalledProxyLogin {
  const listener = (
    event: Event,
    _webContents: WebContents | null,
    details: AuthenticationResponseDetails,
    authInfo: AuthInfo,
    callback: (username?: string, password?: string) => void,
  ) => {
    const outcome = logins.challenge(authInfo, callback, {
      firstAttempt: details.firstAuthAttempt,
    });
    if (outcome !== 'not-proxy') event.preventDefault();
  };
  app.on('login', listener);
  return {
    onRequestLogin: (authInfo, callback) => {
      if (logins.challenge(authInfo, callback) === 'not-proxy') callback();
    },
    uninstall: () => {
      app.removeListener('login', listener);
    },
  };
}
