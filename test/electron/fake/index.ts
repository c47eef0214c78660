/**
 * A stand-in for the `electron` module, for unit tests that run main/ under plain Node
 * (`vi.mock('electron', …)`). It records what main/ asks of Electron — windows and their
 * options and listeners, IPC handlers, protocol handlers, tray menus — so tests can drive and
 * inspect the composition without an Electron binary. Each part lives in its own file and
 * behaves as Electron's documentation (the path in the electron repository is named there) says.
 */
import { app } from './app';
import { clipboard, clipboardState } from './clipboard';
import { dialog } from './dialog';
import { Emitter, type Listener } from './events';
import { globalShortcut, globalShortcutState } from './global-shortcut';
export { pressGlobalShortcut, resetGlobalShortcut } from './global-shortcut';
import { Menu } from './menu';
import { net } from './net';
import { FakeNotification } from './notification';
import { safeStorage } from './safe-storage';
import { defaultSession, FakeSession, partitions } from './session';
import { FakeTray, nativeImage, trays } from './tray';
import { FakeBrowserWindow } from './windows';

export { FakeBrowserWindow, FakeWebContents } from './windows';
export { FakeTray } from './tray';

const ipcHandlers = new Map<string, Listener>();
const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
const privilegedSchemes: unknown[] = [];

export const fakeElectron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu,
  nativeImage,
  clipboard,
  dialog,
  globalShortcut,
  ipcMain: {
    handle: (channel: string, handler: Listener) => void ipcHandlers.set(channel, handler),
  },
  net,
  powerMonitor: new Emitter(),
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      void protocolHandlers.set(scheme, handler),
  },
  safeStorage,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  session: {
    defaultSession,
    fromPartition: (name: string) => {
      let s = partitions.get(name);
      if (!s) partitions.set(name, (s = new FakeSession()));
      return s;
    },
  },
  shell: {
    opened: [] as string[],
    openExternal: async (url: string) => void fakeElectron.shell.opened.push(url),
  },
  contextBridge: { exposeInMainWorld: () => undefined },
  ipcRenderer: {},
};

/** What the tests inspect. */
export const recorded = {
  ipcHandlers,
  protocolHandlers,
  privilegedSchemes,
  trays,
  partitions,
  clipboardState,
  notifications: FakeNotification.shown,
  globalShortcuts: globalShortcutState,
};
