import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module, for unit tests that run main/ under plain Node
 * (`vi.mock('electron', …)`). It records what main/ asks of Electron — windows and their
 * options and listeners, IPC handlers, protocol handlers, tray menus — so tests can drive and
 * inspect the composition without an Electron binary. Only what main/ uses is there.
 */

type Listener = (...args: unknown[]) => unknown;

class Emitter extends EventEmitter {
  /** Calls the listeners of an Electron-style event and returns the event object. */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]) {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
      ...extra,
    };
    this.emit(name, event, ...args);
    return event;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  windowOpenHandler: Listener | undefined;
  readonly sent: Array<[string, unknown]> = [];
  loaded: string[] = [];
  destroyed = false;
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends Emitter {
  static readonly all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  static getAllWindows() {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  async loadURL(url: string) {
    this.webContents.loaded.push(url);
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  restore() {}
  maximize() {}
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  getBounds() {
    return { x: 10, y: 10, width: 1000, height: 700 };
  }
  getNormalBounds() {
    return this.getBounds();
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** The person closes the window (the 'close' event may prevent it). */
  close() {
    const event = this.fire('close');
    if (!event.defaultPrevented) this.destroy();
  }
}

class FakeSession extends Emitter {
  permissionRequest: Listener | undefined;
  permissionCheck: Listener | undefined;
  proxy: unknown;
  beforeRequest: Listener | null = null;
  cleared = 0;
  readonly webRequest = {
    onBeforeRequest: (listener: Listener | null) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler() {}
  async setProxy(config: unknown) {
    this.proxy = config;
  }
  async clearStorageData() {
    this.cleared++;
  }
  async clearCache() {}
}

const partitions = new Map<string, FakeSession>();
const paths = new Map<string, string>();

const app = Object.assign(new Emitter(), {
  isPackaged: false,
  quitCalls: 0,
  loginItem: undefined as unknown,
  getName: () => 'TokenDock',
  getVersion: () => '0.1.0',
  getPath: (name: string) => {
    const path = paths.get(name) ?? paths.get('userData');
    if (!path) throw new Error(`no path for ${name}`);
    return name === 'logs' && !paths.has('logs') ? `${path}/logs` : path;
  },
  setPath: (name: string, value: string) => void paths.set(name, value),
  setAppLogsPath: (value: string) => void paths.set('logs', value),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  /**
   * As docs/api/app.md says: `before-quit`, then `will-quit`, each with an event whose
   * `preventDefault()` cancels the quit, then `quit`. (Windows are closed in between.)
   */
  quit: () => {
    app.quitCalls++;
    if (app.fire('before-quit').defaultPrevented) return;
    if (app.fire('will-quit').defaultPrevented) return;
    app.fire('quit', {}, 0);
  },
  exit: () => undefined,
  getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
  setLoginItemSettings: (settings: unknown) => {
    app.loginItem = settings;
  },
});

const ipcHandlers = new Map<string, Listener>();
const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
const privilegedSchemes: unknown[] = [];
const trays: FakeTray[] = [];
const clipboardState = { text: '' };

export class FakeTray extends Emitter {
  menu: unknown;
  tooltip = '';
  image: unknown;
  constructor(image: unknown) {
    super();
    this.image = image;
    trays.push(this);
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setImage(image: unknown) {
    this.image = image;
  }
  isDestroyed() {
    return false;
  }
  destroy() {}
}

class FakeNotification extends Emitter {
  static shown: unknown[] = [];
  constructor(readonly options: unknown) {
    super();
  }
  static isSupported() {
    return true;
  }
  show() {
    FakeNotification.shown.push(this.options);
  }
}

const defaultSession = new FakeSession();

export const fakeElectron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: {
    application: undefined as unknown,
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => {
      fakeElectron.Menu.application = menu;
    },
  },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
  clipboard: {
    readText: async () => clipboardState.text,
    writeText: async (text: string) => {
      clipboardState.text = text;
    },
  },
  dialog: { showErrorBox: (title: string, body: string) => console.error(title, body) },
  ipcMain: {
    handle: (channel: string, handler: Listener) => void ipcHandlers.set(channel, handler),
  },
  net: { online: true, fetch: (input: string, init?: RequestInit) => fetch(input, init) },
  powerMonitor: new Emitter(),
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      void protocolHandlers.set(scheme, handler),
  },
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: (text: string) => Buffer.from(`enc:${text}`),
    decryptString: (data: Buffer) => data.toString().slice(4),
  },
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
};
