/**
 * The preload of the main window: installs `window.tokendock` (the contract's `TokenDockBridge`)
 * as an allowlist over the contract's channels, never `ipcRenderer` itself. Built as CommonJS
 * (`out/preload/preload.cjs`), since sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { PUSH_CHANNELS } from '../app/contract/channels';
import { CHANNELS } from '../app/contract/schemas';
import { createBridge } from '../app/host/preload-bridge';

contextBridge.exposeInMainWorld(
  'tokendock',
  createBridge(ipcRenderer, { channels: CHANNELS, pushChannels: PUSH_CHANNELS }),
);
