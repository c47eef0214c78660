import { clipboard, net, powerMonitor, shell } from 'electron';
import { syncClipboard } from '../app/host/async-clipboard';
import { isExternallyOpenable } from '../app/host/external-url';
import { watchOnline } from '../app/host/online-watch';
import { tokenDockError } from '../app/errors/tokendock-error';
import type { Clipboard, ExternalBrowser, PowerEvents } from '../app/ports';

/** The engine's fetch lives in its own file (Electron's `net.request`, manual redirects, proxy sign-in). */
export { electronFetch } from './electron-fetch';

/**
 * The system clipboard (plain text). Electron's clipboard calls are asynchronous; the adapter of
 * `app/host/async-clipboard.ts` gives the engine its synchronous port and clears a copied token
 * only when a fresh read shows it is still there.
 */
export function electronClipboard(onError: (error: unknown) => void): Clipboard {
  return syncClipboard(clipboard, onError);
}

/**
 * Sleep/resume from `powerMonitor`, and network changes by polling `net.online` (Electron has no
 * online/offline event in the main process). Either re-evaluates the refresh deadlines.
 */
export function electronPowerEvents(pollMs = 10_000): PowerEvents {
  const networkListeners = new Set<() => void>();
  let stopWatching: (() => void) | undefined;
  return {
    onResume(listener) {
      powerMonitor.on('resume', listener);
      powerMonitor.on('unlock-screen', listener);
      return () => {
        powerMonitor.off('resume', listener);
        powerMonitor.off('unlock-screen', listener);
      };
    },
    onNetworkChange(listener) {
      networkListeners.add(listener);
      stopWatching ??= watchOnline(
        () => net.online,
        () => {
          for (const l of networkListeners) l();
        },
        { intervalMs: pollMs },
      );
      return () => {
        networkListeners.delete(listener);
        if (networkListeners.size === 0) {
          stopWatching?.();
          stopWatching = undefined;
        }
      };
    },
  };
}

/** The system browser, for https URLs and the loopback sandbox only (checklist §15). */
export const electronExternalBrowser: ExternalBrowser = {
  async open(url) {
    if (!isExternallyOpenable(url))
      throw tokenDockError(
        'invalid_configuration',
        'Only https pages (or the sandbox on 127.0.0.1) are opened in the browser.',
      );
    await shell.openExternal(url, { activate: true });
  },
};
