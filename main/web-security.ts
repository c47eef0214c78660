import type { App, Session } from 'electron';

const hardened = new WeakSet<Session>();

/**
 * Denies every permission request and check of a session (camera, notifications from pages,
 * geolocation, HID/USB/serial devices…) and every download (Electron security checklist §5).
 * Applied to the default session and to each sign-in partition; idempotent.
 */
export function hardenSession(session: Session): void {
  if (hardened.has(session)) return;
  hardened.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * For every web contents the app ever creates: no new windows (checklist §14) and no
 * `<webview>` (§12). Windows add their own navigation policies on top.
 */
export function hardenAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
