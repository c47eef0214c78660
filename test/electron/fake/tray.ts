import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import {
  NAME_HAS_OWNER_COMMAND,
  statusNotifierProbe,
  type CommandRunner,
} from '../../../main/tray/status-notifier';
import { Emitter } from './events';

/** Every tray made, in order. */
export const trays: FakeTray[] = [];

/**
 * The desktop around the app. `statusNotifierHost`: whether a StatusNotifierItem host owns
 * `org.kde.StatusNotifierWatcher` on the session bus (KDE, most panels; not stock GNOME). Without
 * one, a Linux tray is still made, falls back to a `GtkStatusIcon` that GNOME Shell does not show,
 * and nothing tells the app (docs/api/tray.md, "Platform Considerations", Linux;
 * shell/browser/ui/tray_icon_linux.cc).
 */
export const desktop = {
  statusNotifierHost: true,
  /** The session bus answers (else `dbus-send` fails as without a bus). */
  sessionBus: true,
  /** What `dbus-send` was asked, in order. */
  busCalls: [] as Array<{ file: string; args: readonly string[] }>,
};

/**
 * `dbus-send` on the fake desktop's session bus: answers `NameHasOwner` for the StatusNotifierItem
 * watcher as the real one prints it (`--print-reply`). Installed as the app's bus runner when the
 * fake loads, so every test of main/ sees one desktop.
 */
export const fakeDbusSend: CommandRunner = async (file, args) => {
  desktop.busCalls.push({ file, args });
  if (!desktop.sessionBus) throw new Error('no session bus');
  if (
    file !== NAME_HAS_OWNER_COMMAND.file ||
    args.join(' ') !== NAME_HAS_OWNER_COMMAND.args.join(' ')
  )
    throw new Error(`the fake bus answers only NameHasOwner(StatusNotifierWatcher): ${file}`);
  return (
    'method return time=1 sender=org.freedesktop.DBus -> destination=:1.7 serial=3 reply_serial=2\n' +
    `   boolean ${desktop.statusNotifierHost}\n`
  );
};
statusNotifierProbe.run = fakeDbusSend;

/** `NativeImage` (docs/api/native-image.md). */
export class FakeNativeImage {
  private template: boolean;
  constructor(readonly path: string) {
    // "its base filename should end with the word Template" (docs/api/native-image.md, "Template
    // Image"; macOS only).
    this.template = process.platform === 'darwin' && /Template(@\dx)?\.\w+$/.test(basename(path));
  }
  /**
   * "This method returns an empty image if the path does not exist, cannot be read, or is not a
   * valid image" (`nativeImage.createFromPath`).
   */
  isEmpty() {
    return !this.path || !existsSync(this.path);
  }
  setTemplateImage(option: boolean) {
    this.template = option;
  }
  isTemplateImage() {
    return this.template;
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new FakeNativeImage(path),
  createEmpty: () => new FakeNativeImage(''),
};

/** `Tray` (docs/api/tray.md). */
export class FakeTray extends Emitter {
  menu: unknown;
  tooltip = '';
  image: unknown;
  destroyed = false;
  /** Whether the person can see it: on Linux only with a StatusNotifierItem host. */
  readonly shown: boolean;
  constructor(image: unknown) {
    super();
    this.image = typeof image === 'string' ? new FakeNativeImage(image) : image;
    this.shown = process.platform !== 'linux' || desktop.statusNotifierHost;
    trays.push(this);
  }
  setContextMenu(menu: unknown) {
    this.menu = menu;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setImage(image: unknown) {
    this.image = typeof image === 'string' ? new FakeNativeImage(image) : image;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** "Destroys the tray icon immediately." */
  destroy() {
    this.destroyed = true;
  }
}
