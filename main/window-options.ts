import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The options of every TokenDock window that shows our own UI: isolated, sandboxed renderer
 * without Node, web security on (Electron security checklist §2–§6).
 */
export function secureWindowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'TokenDock',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
