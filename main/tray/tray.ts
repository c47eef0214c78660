import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { AccountView } from '../../app/contract/accounts';
import { debounce } from '../../app/host/debounce';
import { runTrayAction, type TrayActionHost } from '../../app/tray/actions';
import { trayIconCandidates } from '../../app/tray/icon';
import type { ActivityEntry } from '../../app/contract/events';
import { buildTrayMenu, type TrayAction } from '../../app/tray/menu';
import { mostCopied } from '../../app/tray/usage';
import { menuTemplate } from './template';

export interface TrayDeps extends TrayActionHost {
  accounts: () => AccountView[];
  /** The activity log: the most-copied tokens are listed first. */
  activity: () => ActivityEntry[];
  now: () => number;
  /** Icon files: the normal one and the "needs attention" one (macOS: their `…Template` siblings). */
  icons: { normal: string; attention: string };
  /** Default: `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * The tray icon and its menu, rebuilt from the engine's state (debounced) by the pure builder of
 * `app/tray/menu.ts`; the tooltip names the soonest expiry and the icon shows when an account
 * needs attention. The constructor throws where the platform gives no tray. On Linux the icon may
 * exist and still not be seen (no StatusNotifierItem host): `detectTrayHost` of
 * `./status-notifier.ts` tells.
 */
export class TokenDockTray {
  private readonly tray: Tray;
  private readonly platform: NodeJS.Platform;
  private readonly rebuildSoon = debounce(() => this.rebuild(), 250);
  private minuteTimer: ReturnType<typeof setInterval> | undefined;
  private attention: boolean | undefined;

  constructor(private readonly deps: TrayDeps) {
    this.platform = deps.platform ?? process.platform;
    this.tray = new Tray(this.icon(deps.icons.normal));
    this.tray.on('click', () => {
      if (this.platform === 'win32') deps.showWindow();
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
    const accounts = this.deps.accounts();
    const model = buildTrayMenu(accounts, this.deps.now(), {
      frequent: mostCopied(accounts, this.deps.activity()),
    });
    this.tray.setContextMenu(
      Menu.buildFromTemplate(menuTemplate(model.items, (action) => void this.run(action))),
    );
    this.tray.setToolTip(model.tooltip);
    if (model.needsAttention !== this.attention) {
      this.attention = model.needsAttention;
      const icon = model.needsAttention ? this.deps.icons.attention : this.deps.icons.normal;
      this.tray.setImage(this.icon(icon));
    }
  }

  destroy(): void {
    this.rebuildSoon.cancel();
    if (this.minuteTimer) clearInterval(this.minuteTimer);
    this.minuteTimer = undefined;
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  /**
   * The icon for this platform: on macOS the template image (`…Template.png`, marked as template
   * by its name and again by `setTemplateImage`; docs/api/native-image.md, "Template Image"), or
   * the colour icon when the build has none. `createFromPath` gives an empty image for a missing
   * file (docs/api/native-image.md, `nativeImage.createFromPath`).
   */
  private icon(file: string): NativeImage {
    for (const candidate of trayIconCandidates(file, this.platform)) {
      const image = nativeImage.createFromPath(candidate.file);
      if (!candidate.template) return image;
      if (image.isEmpty()) continue;
      image.setTemplateImage(true);
      return image;
    }
    return nativeImage.createFromPath(file);
  }
}
