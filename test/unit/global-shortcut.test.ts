import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkAccelerator,
  DEFAULT_GLOBAL_SHORTCUT,
  registrationStatus,
  shortcutPlan,
  type ShortcutStatus,
} from '../../app/contract/shortcut';
import { installGlobalShortcut } from '../../main/global-shortcut';
import { appState } from '../electron/fake/app';
import {
  globalShortcut,
  globalShortcutState,
  pressGlobalShortcut,
  resetGlobalShortcut,
} from '../electron/fake/global-shortcut';

vi.mock('electron', async () => (await import('../electron/fake-electron')).fakeElectron);

describe('checkAccelerator', () => {
  it('accepts Electron accelerators and spells them canonically', () => {
    expect(checkAccelerator(DEFAULT_GLOBAL_SHORTCUT)).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+Alt+K',
    });
    expect(checkAccelerator(' ctrl+shift+space ', 'linux')).toEqual({
      ok: true,
      accelerator: 'Control+Shift+Space',
    });
    expect(checkAccelerator('CmdOrCtrl+f12')).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+F12',
    });
    expect(checkAccelerator('Alt++')).toEqual({ ok: true, accelerator: 'Alt++' });
    expect(checkAccelerator('Super+Enter')).toEqual({ ok: true, accelerator: 'Super+Return' });
  });

  it.each([
    ['', /Type a shortcut/],
    ['K', /modifier other than Shift/],
    ['Shift+K', /modifier other than Shift/],
    ['Ctrl+Alt', /Add a key/],
    ['Ctrl+K+L', /one key besides the modifiers/],
    ['Ctrl+Ctrl+K', /named twice/],
    ['K+Ctrl', /modifiers before the key/],
    ['Ctrl+Hyper', /not a key Electron knows/],
    ['Ctrl+F25', /not a key Electron knows/],
    ['Ctrl++K', /Join the keys/],
    [`Ctrl+${'A'.repeat(70)}`, /at most 64/],
  ])('refuses %j', (text, problem) => {
    const check = checkAccelerator(text, 'linux');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem).toMatch(problem);
  });

  it('Command and Option do nothing off macOS (electron docs: "does not have any effect")', () => {
    expect(checkAccelerator('Command+K', 'darwin')).toEqual({ ok: true, accelerator: 'Command+K' });
    const elsewhere = checkAccelerator('Command+K', 'win32');
    expect(elsewhere).toMatchObject({ ok: false, problem: /only works on macOS/ });
  });
});

describe('shortcutPlan and registrationStatus', () => {
  it('off by default; invalid when enabled with a bad accelerator', () => {
    expect(shortcutPlan({ enabled: false, accelerator: 'Ctrl+Alt+K' }, 'linux')).toEqual({
      kind: 'off',
    });
    expect(shortcutPlan({ enabled: true, accelerator: 'ctrl+alt+k' }, 'linux')).toEqual({
      kind: 'register',
      accelerator: 'Control+Alt+K',
    });
    expect(shortcutPlan({ enabled: true, accelerator: 'K' }, 'linux')).toMatchObject({
      kind: 'invalid',
    });
  });

  it('false from register means another app holds the keys', () => {
    expect(registrationStatus('Control+Alt+K', true)).toEqual({
      kind: 'active',
      accelerator: 'Control+Alt+K',
    });
    expect(registrationStatus('Control+Alt+K', false)).toMatchObject({
      kind: 'unavailable',
      reason: /taken by another app/,
    });
  });
});

describe('the fake globalShortcut behaves as docs/api/global-shortcut.md says', () => {
  beforeEach(() => resetGlobalShortcut());

  it('cannot be used before ready', () => {
    const ready = appState.ready;
    appState.ready = false;
    try {
      expect(() => globalShortcut.register('Control+K', () => undefined)).toThrow(
        'globalShortcut cannot be used before the app is ready',
      );
    } finally {
      appState.ready = ready;
    }
  });

  it('register: false when taken (by another app, or already by us); case-insensitive', () => {
    appState.ready = true;
    globalShortcutState.takenByOthers.add('Control+Alt+T');
    expect(globalShortcut.register('ctrl+alt+t', () => undefined)).toBe(false);
    expect(globalShortcut.isRegistered('Control+Alt+T')).toBe(false);
    expect(globalShortcut.register('Control+Alt+K', () => undefined)).toBe(true);
    expect(globalShortcut.register('CONTROL+ALT+K', () => undefined)).toBe(false);
    expect(globalShortcut.isRegistered('control+alt+k')).toBe(true);
    expect(() => globalShortcut.register('Control+', () => undefined)).toThrow(TypeError);
  });
});

describe('installGlobalShortcut (main/global-shortcut.ts)', () => {
  let statuses: ShortcutStatus[];
  beforeEach(() => {
    resetGlobalShortcut();
    appState.ready = true;
    statuses = [];
  });
  afterEach(() => resetGlobalShortcut());

  it('registers, calls back on a press, reports active; uninstall removes only it', () => {
    const pressed = vi.fn();
    globalShortcutState.registered.set('x', { accelerator: 'Alt+X', callback: () => undefined });
    const uninstall = installGlobalShortcut('Control+Alt+K', pressed, (s) => statuses.push(s));
    expect(statuses).toEqual([{ kind: 'active', accelerator: 'Control+Alt+K' }]);
    expect(pressGlobalShortcut('Control+Alt+K')).toBe(true);
    expect(pressed).toHaveBeenCalledTimes(1);
    uninstall();
    uninstall();
    expect(globalShortcut.isRegistered('Control+Alt+K')).toBe(false);
    expect(pressGlobalShortcut('Control+Alt+K')).toBe(false);
    expect(globalShortcutState.registered.has('x')).toBe(true);
  });

  it('taken by another app: reports why, and uninstalling leaves the other app alone', () => {
    globalShortcutState.takenByOthers.add('Control+Alt+K');
    const pressed = vi.fn();
    const uninstall = installGlobalShortcut('Control+Alt+K', pressed, (s) => statuses.push(s));
    expect(statuses).toEqual([
      expect.objectContaining({ kind: 'unavailable', accelerator: 'Control+Alt+K' }),
    ]);
    uninstall();
    expect(globalShortcutState.calls).toEqual([
      { accelerator: 'Control+Alt+K', registered: false },
    ]);
    expect(pressed).not.toHaveBeenCalled();
  });

  it('an accelerator Electron cannot read is reported, not thrown', () => {
    const uninstall = installGlobalShortcut(
      'Control+',
      () => undefined,
      (s) => statuses.push(s),
    );
    expect(statuses).toEqual([expect.objectContaining({ kind: 'invalid' })]);
    expect(() => uninstall()).not.toThrow();
  });
});
