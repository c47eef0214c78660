/**
 * The composition root of the desktop app: Electron adapters for every port of `app/ports.ts`,
 * wired to the engine, the dispatcher, the windows and the tray. Every decision lives in `app/`.
 */
import { app, dialog } from 'electron';
import { hardenAllWebContents } from './web-security';
import { registerAppScheme } from './app-protocol';
import { setNotificationAppId } from './notifier';
import { applyUserDataOverride } from './paths';
import { startDesktop } from './desktop';
import { selfTestCouldNotStart, selfTestProfile } from './self-test';
import { cliArgumentsOf } from '../app/contract/cli-commands';
import { runCommandLine } from './cli-mode';
import { addLinkIn } from '../app/host/add-link';

// `tokendock token …` and the other commands of the packaged binary: answered, then exit.
const command = cliArgumentsOf(process.argv, app.isPackaged);
if (command) void runCommandLine(app, command);
else startApp();

function startApp(): void {
  // A self-test runs on a fresh temporary profile, which also gives it its own single-instance lock.
  const selfTest = selfTestProfile(process.argv);
  applyUserDataOverride(app, selfTest ?? process.env.TOKENDOCK_USER_DATA);
  setNotificationAppId(app, process.platform);
  registerAppScheme();
  hardenAllWebContents(app);

  if (!app.requestSingleInstanceLock()) {
    // A second launch: the first instance is told ('second-instance') and shows its window.
    if (selfTest) selfTestCouldNotStart(app, new Error('the temporary profile is locked'));
    else app.quit();
  } else {
    // Listening from the start: 'second-instance' comes any time after 'ready' (docs/api/app.md,
    // "Event: 'second-instance'"), so also while the asynchronous start-up below is under way. A
    // launch that comes before the window exists shows it once it does.
    let showWindow: (() => void) | undefined;
    let showWanted = false;
    // A `tokendock://add` link: an argument on Windows and Linux, 'open-url' on macOS
    // (docs/api/app.md, "Event: 'open-url'": listen before 'ready', call preventDefault).
    let openLink: ((url: string) => void) | undefined;
    let pendingLink = addLinkIn(process.argv);
    const linkArrived = (url: string) => {
      if (openLink) openLink(url);
      else pendingLink = url;
    };
    app.on('open-url', (event, url) => {
      event.preventDefault();
      linkArrived(url);
    });
    app.on('second-instance', (_event, argv) => {
      const link = addLinkIn(argv);
      if (link) linkArrived(link);
      else if (showWindow) showWindow();
      else showWanted = true;
    });
    if (app.isPackaged && process.platform === 'win32') app.setAsDefaultProtocolClient('tokendock');
    app
      .whenReady()
      .then(() => startDesktop(import.meta.dirname))
      .then((desktop) => {
        showWindow = () => desktop.show();
        openLink = (url) => desktop.openLink(url);
        if (pendingLink) openLink(pendingLink);
        else if (showWanted) showWindow();
      })
      .catch((error: unknown) => {
        if (selfTest) return selfTestCouldNotStart(app, error);
        dialog.showErrorBox(
          'TokenDock could not start',
          error instanceof Error ? error.message : String(error),
        );
        app.exit(1);
      });
  }
}
