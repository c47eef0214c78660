import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { secureWindowOptions } from './window-options';

/** The composition root: one window, hardened, showing the renderer bundle. */
const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
let mainWindow: BrowserWindow | undefined;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(secureWindowOptions());
  const appUrl = new URL(`file://${rendererIndex}`);
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    const target = new URL(url);
    if (target.protocol !== appUrl.protocol || target.pathname !== appUrl.pathname)
      event.preventDefault();
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
      callback(false),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
    mainWindow = createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });
}
