import { Notification, type App } from 'electron';
import type { Logger, Notifier } from '../app/ports';

/**
 * The packaged app's id: `appId` of electron-builder.config.ts (a test checks they agree). The
 * Windows installer gives the Start menu shortcut this Application User Model ID.
 */
export const APP_USER_MODEL_ID = 'dev.tokendock.app';

/**
 * Windows shows a toast only for the Application User Model ID of a Start menu shortcut, so the
 * app takes its packaged id before any notification. `app.setAppUserModelId` exists on Windows
 * only (docs/api/app.md, `app.setAppUserModelId(id)` _Windows_;
 * shell/browser/api/electron_api_app.cc defines it under `IS_WIN`).
 */
export function setNotificationAppId(
  app: Pick<App, 'setAppUserModelId'>,
  platform: NodeJS.Platform,
): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}

/** The Notifier port, and how many notifications it still holds (for tests). */
export interface ElectronNotifier extends Notifier {
  readonly held: number;
}

/**
 * Desktop notifications; a click shows the main window. Silently nothing where unsupported.
 * Each notification is held until it is clicked, closed or has failed: a collected notification
 * loses its click handler on some platforms. An unsigned macOS build cannot show notifications
 * and each one emits `failed` (docs/api/notification.md: the note on code signing, and
 * "Event: 'failed'" _macOS_ _Windows_): it is released, and the first failure is logged.
 */
export function electronNotifier(
  onClick: (accountId?: string) => void,
  logger?: Logger,
): ElectronNotifier {
  const showing = new Set<Notification>();
  let failureLogged = false;
  return {
    get held() {
      return showing.size;
    },
    notify: ({ title, body, accountId }) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      const release = () => {
        showing.delete(notification);
        notification.off('click', clicked);
        notification.off('close', release);
        notification.off('failed', failed);
      };
      const clicked = () => {
        release();
        onClick(accountId);
      };
      const failed = (_event: unknown, error: string) => {
        release();
        if (failureLogged) return;
        failureLogged = true;
        logger?.warn(
          'notification: could not be shown (an unsigned macOS build cannot show any); ' +
            'later failures are not logged',
          { error: String(error) },
        );
      };
      showing.add(notification);
      notification.on('click', clicked);
      notification.on('close', release);
      notification.on('failed', failed);
      notification.show();
    },
  };
}
