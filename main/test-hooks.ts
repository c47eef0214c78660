import type { App } from 'electron';
import type { AccountView } from '../app/contract/accounts';
import { buildTrayMenu, type TrayAction, type TrayModel } from '../app/tray/menu';

/** What the Electron end-to-end specs reach through `electronApp.evaluate` (main process only). */
export interface TestHooks {
  trayModel(): TrayModel;
  runTrayAction(action: TrayAction): Promise<void>;
}

declare global {
  var __tokendockTestHooks: TestHooks | undefined;
}

/**
 * Installs the end-to-end hooks when `TOKENDOCK_E2E=1` and the app is not packaged: the tray's
 * menu model and its actions, which a test cannot click natively. Never in a packaged build.
 */
export function installTestHooks(
  app: App,
  hooks: { accounts: () => AccountView[]; run: (action: TrayAction) => Promise<void> },
): void {
  if (process.env.TOKENDOCK_E2E !== '1' || app.isPackaged) return;
  globalThis.__tokendockTestHooks = {
    trayModel: () => buildTrayMenu(hooks.accounts(), Date.now()),
    runTrayAction: (action) => hooks.run(action),
  };
}
