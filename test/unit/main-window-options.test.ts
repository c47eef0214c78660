import { describe, expect, it } from 'vitest';
import {
  authWindowOptions,
  MAIN_WINDOW_SIZE,
  mainWindowOptions,
  secureWindowOptions,
} from '../../main/window-options';

/** Every hardened web preference, asserted one by one (Electron security checklist). */
function expectHardened(prefs: Record<string, unknown> | undefined): void {
  expect(prefs).toBeDefined();
  expect(prefs?.contextIsolation).toBe(true);
  expect(prefs?.sandbox).toBe(true);
  expect(prefs?.nodeIntegration).toBe(false);
  expect(prefs?.nodeIntegrationInWorker).toBe(false);
  expect(prefs?.nodeIntegrationInSubFrames).toBe(false);
  expect(prefs?.webSecurity).toBe(true);
  expect(prefs?.allowRunningInsecureContent).toBe(false);
  expect(prefs?.experimentalFeatures).toBe(false);
  expect(prefs?.webviewTag).toBe(false);
  expect(prefs?.navigateOnDragDrop).toBe(false);
  expect(prefs?.safeDialogs).toBe(true);
  expect(prefs?.spellcheck).toBe(false);
}

describe('window options', () => {
  it('secureWindowOptions: hidden until ready, default size, hardened preferences, no preload', () => {
    const options = secureWindowOptions();
    expect(options.width).toBe(1100);
    expect(options.height).toBe(720);
    expect(options.minWidth).toBe(800);
    expect(options.minHeight).toBe(600);
    expect(options.show).toBe(false);
    expect(options.title).toBe('TokenDock');
    expectHardened(options.webPreferences as Record<string, unknown>);
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences?.partition).toBeUndefined();
    expect(Object.keys(options.webPreferences ?? {}).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('mainWindowOptions: the secure options plus the preload, remembered bounds and icon', () => {
    const options = mainWindowOptions({
      preload: '/app/out/preload/preload.cjs',
      bounds: { x: 10, y: 20, width: 900, height: 650 },
      icon: '/app/out/icons/icon.png',
    });
    expect(options.x).toBe(10);
    expect(options.y).toBe(20);
    expect(options.width).toBe(900);
    expect(options.height).toBe(650);
    expect(options.minWidth).toBe(MAIN_WINDOW_SIZE.minWidth);
    expect(options.minHeight).toBe(MAIN_WINDOW_SIZE.minHeight);
    expect(options.show).toBe(false);
    expect(options.title).toBe('TokenDock');
    expect(options.icon).toBe('/app/out/icons/icon.png');
    expectHardened(options.webPreferences as Record<string, unknown>);
    expect(options.webPreferences?.preload).toBe('/app/out/preload/preload.cjs');
    expect(options.webPreferences?.partition).toBeUndefined();
  });

  it('mainWindowOptions without bounds: the default size, centred (no position)', () => {
    const options = mainWindowOptions({ preload: '/p.cjs' });
    expect(options.x).toBeUndefined();
    expect(options.y).toBeUndefined();
    expect(options.width).toBe(MAIN_WINDOW_SIZE.width);
    expect(options.height).toBe(MAIN_WINDOW_SIZE.height);
    expect(options.icon).toBeUndefined();
  });

  it('authWindowOptions: the account partition, no preload, JavaScript on, hardened', () => {
    const options = authWindowOptions({ partition: 'persist:tokendock-a1', title: 'Sign in' });
    expect(options.show).toBe(false);
    expect(options.title).toBe('Sign in');
    expect(options.width).toBe(520);
    expect(options.height).toBe(720);
    expect(options.autoHideMenuBar).toBe(true);
    expectHardened(options.webPreferences as Record<string, unknown>);
    expect(options.webPreferences?.partition).toBe('persist:tokendock-a1');
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(options.webPreferences?.javascript).toBe(true);
    expect(options.parent).toBeUndefined();
  });

  it('returns fresh objects, so one window cannot change another’s options', () => {
    const a = mainWindowOptions({ preload: '/p.cjs' });
    const b = mainWindowOptions({ preload: '/p.cjs' });
    expect(a).not.toBe(b);
    expect(a.webPreferences).not.toBe(b.webPreferences);
  });
});
