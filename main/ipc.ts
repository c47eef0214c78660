import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { PushChannel, PushMap } from '../app/contract/channels';
import { CHANNELS } from '../app/contract/schemas';
import { APP_ORIGIN } from '../app/host/app-origin';
import { createIpcHandler, type Dispatch } from '../app/host/ipc-handler';
import type { IpcSender } from '../app/host/ipc-sender';
import type { Logger } from '../app/ports';

/** What Electron tells about a caller, as the pure sender check reads it. */
function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

/**
 * One `ipcMain.handle` per channel of the contract. Each checks the sender (our main window's
 * webContents, top frame, app origin; checklist §17) and then lets the dispatcher validate the
 * payload before the engine sees it. `afterCall` sees each channel's answer (settings changes).
 */
export function registerIpc(options: {
  dispatcher: Dispatch;
  mainWindow: () => BrowserWindow | undefined;
  logger: Logger;
  afterCall?: (channel: string, ok: boolean) => void;
}): void {
  const handle = createIpcHandler(
    options.dispatcher,
    () => {
      const window = options.mainWindow();
      return window && !window.isDestroyed()
        ? { webContentsId: window.webContents.id, origin: APP_ORIGIN }
        : undefined;
    },
    (channel, sender) =>
      options.logger.warn('ipc: refused a call from a foreign sender', {
        channel,
        webContentsId: sender.webContentsId,
      }),
  );
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const answer = await handle(channel, senderOf(event), payload);
      if (!answer.ok && answer.error.code === 'invalid_request')
        options.logger.warn('ipc: refused a call', { channel, message: answer.error.message });
      options.afterCall?.(channel, answer.ok);
      return answer;
    });
  }
}

/** Sends a push to the main window's renderer, if it is there. */
export function pushTo(
  window: () => BrowserWindow | undefined,
): <P extends PushChannel>(channel: P, payload: PushMap[P]) => void {
  return (channel, payload) => {
    const target = window();
    if (target && !target.isDestroyed() && !target.webContents.isDestroyed())
      target.webContents.send(channel, payload);
  };
}
