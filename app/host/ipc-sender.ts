import { originOf } from './app-origin';

/** What the host knows about the sender of an IPC call. */
export interface IpcSender {
  /** `event.sender.id`: the webContents the call came from. */
  webContentsId: number;
  /** `event.senderFrame.url`; `undefined` when the frame is gone. */
  frameUrl: string | undefined;
  /** The call came from the top frame, not an iframe. */
  isMainFrame: boolean;
}

/** Who may call: our main window's webContents, showing our own origin. */
export interface TrustedSender {
  webContentsId: number;
  /** An origin as `originOf` writes it, e.g. `app://tokendock`. */
  origin: string;
}

/**
 * Whether an IPC call comes from our own window and origin (Electron security checklist §17,
 * "Validate the sender of all IPC messages"): the same webContents, its top frame, and a frame
 * URL whose parsed origin equals ours. Anything missing or unparsable is refused.
 */
export function isTrustedSender(sender: IpcSender, trusted: TrustedSender | undefined): boolean {
  if (!trusted) return false;
  if (sender.webContentsId !== trusted.webContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === undefined) return false;
  const origin = originOf(sender.frameUrl);
  return origin !== undefined && origin === trusted.origin.toLowerCase();
}
