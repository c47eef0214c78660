/**
 * The composition root of the desktop app: Electron adapters for every port of `app/ports.ts`,
 * wired to the engine, the dispatcher, the windows and the tray. Every decision lives in `app/`.
 */
import { app, dialog } from 'electron';
import { hardenAllWebContents } from './web-security';
import { registerAppScheme } from './app-protocol';
import { applyUserDataOverride } from './paths';
import { startDesktop } from './desktop';

applyUserDataOverride(app, process.env.TOKENDOCK_USER_DATA);
registerAppScheme();
hardenAllWebContents(app);

if (!app.requestSingleInstanceLock()) {
  // A second launch: the first instance is told ('second-instance') and shows its window.
  app.quit();
} else {
  app
    .whenReady()
    .then(() => startDesktop(import.meta.dirname))
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'TokenDock could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}
