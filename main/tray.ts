import { Menu, nativeImage, Tray } from 'electron';
import type { AccountView } from '../app/contract/accounts';
import { debounce } from '../app/host/debounce';
import { runTrayAction, type TrayActionHost } from '../app/host/tray-actions';
import { buildTrayMenu, type TrayAction } from '../app/host/tray-menu';
import { menuTemplate } from './tray-template';

export interface TrayDeps extends TrayActionHost {
  accounts: () => AccountView[];
  now: () => number;
  /** Icon files: the normal one and the "needs attention" one. */
  icons: { normal: string; attention: string };
}

/**
 * The tray icon and its menu, rebuilt from the engine's state (debounced) by the pure builder of
 * `app/host/tray-menu.ts`; the tooltip names the soonest expiry and the icon shows when an account
 * needs attention. The constructor throws where the platform gives no tray.
 */
export class TokenDockTray {
  private readonly tray: Tray;
  private readonly rebuildSoon = debounce(() => this.rebuild(), 250);
  private minuteTimer: ReturnType<typeof setInterval> | undefined;
  private attention: boolean | undefined;

  constructor(private readonly deps: TrayDeps) {
    this.tray = new Tray(nativeImage.createFromPath(deps.icons.normal));
    this.tray.on('click', () => {
      if (process.platform === 'win32') deps.showWindow();
    });
    this.rebuild();
    // Times in labels ("expires in 4 min") move on even when nothing else happens.
    this.minuteTimer = setInterval(() => this.rebuildSoon(), 60_000);
  }

  /** Asks for a rebuild after a burst of engine events settles. */
  update(): void {
    this.rebuildSoon();
  }

  /** Runs a menu action, as a click would. */
  run(action: TrayAction): Promise<void> {
    return runTrayAction(action, this.deps);
  }

  rebuild(): void {
    const model = buildTrayMenu(this.deps.accounts(), this.deps.now());
    this.tray.setContextMenu(
      Menu.buildFromTemplate(menuTemplate(model.items, (action) => void this.run(action))),
    );
    this.tray.setToolTip(model.tooltip);
    if (model.needsAttention !== this.attention) {
      this.attention = model.needsAttention;
      const icon = model.needsAttention ? this.deps.icons.attention : this.deps.icons.normal;
      this.tray.setImage(nativeImage.createFromPath(icon));
    }
  }

  destroy(): void {
    this.rebuildSoon.cancel();
    if (this.minuteTimer) clearInterval(this.minuteTimer);
    this.minuteTimer = undefined;
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
