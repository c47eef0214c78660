import { appState } from './app';

/**
 * `globalShortcut` (docs/api/global-shortcut.md; shell/browser/api/electron_api_global_shortcut.cc).
 * As documented: it "cannot be used before the `ready` event of the app module is emitted" (each
 * method throws "globalShortcut cannot be used before the app is ready"); `register` returns
 * whether the shortcut was registered, and false "when the accelerator is already taken by other
 * applications" (silently); `isRegistered` is false for a shortcut another app holds;
 * accelerators are case-insensitive; a string that is not an accelerator fails the argument
 * conversion (a thrown TypeError, as gin reports it). Registering an accelerator this app already
 * holds fails too (Chromium's GlobalAcceleratorListener refuses a second registration).
 */

/** Canonical form for comparison: case-insensitive, aliases folded. */
const ALIASES: Record<string, string> = {
  cmd: 'command',
  ctrl: 'control',
  cmdorctrl: 'commandorcontrol',
  meta: 'super',
  enter: 'return',
  esc: 'escape',
};
const MODIFIERS = new Set([
  'command',
  'control',
  'commandorcontrol',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
]);

function canonical(accelerator: unknown): string {
  if (
    typeof accelerator !== 'string' ||
    accelerator.trim() === '' ||
    /\+\+\+|^\+|[^+]\+$/.test(accelerator)
  )
    throw new TypeError(
      'Error processing argument at index 0, conversion failure from ' + String(accelerator),
    );
  const parts = accelerator.endsWith('++')
    ? [...accelerator.slice(0, -2).split('+'), '+']
    : accelerator.split('+');
  const folded = parts.map((p) => ALIASES[p.toLowerCase()] ?? p.toLowerCase());
  const keys = folded.filter((p) => !MODIFIERS.has(p));
  if (keys.length !== 1)
    throw new TypeError(
      'Error processing argument at index 0, conversion failure from ' + accelerator,
    );
  return [...folded.filter((p) => MODIFIERS.has(p)).sort(), keys[0]].join('+');
}

function requireReady(): void {
  if (!appState.ready) throw new Error('globalShortcut cannot be used before the app is ready');
}

/** What the tests switch and read. */
export const globalShortcutState = {
  /** Accelerators other applications hold: `register` silently fails for them. */
  takenByOthers: new Set<string>(),
  /** This app's registrations, by canonical accelerator. */
  registered: new Map<string, { accelerator: string; callback: () => void }>(),
  /** Every `register` call and its answer, in order. */
  calls: [] as Array<{ accelerator: string; registered: boolean }>,
};

export const globalShortcut = {
  register(accelerator: string, callback: () => void): boolean {
    requireReady();
    const key = canonical(accelerator);
    const taken =
      globalShortcutState.registered.has(key) ||
      [...globalShortcutState.takenByOthers].some((other) => canonical(other) === key);
    if (!taken) globalShortcutState.registered.set(key, { accelerator, callback });
    globalShortcutState.calls.push({ accelerator, registered: !taken });
    return !taken;
  },
  isRegistered(accelerator: string): boolean {
    requireReady();
    return globalShortcutState.registered.has(canonical(accelerator));
  },
  unregister(accelerator: string): void {
    requireReady();
    globalShortcutState.registered.delete(canonical(accelerator));
  },
  unregisterAll(): void {
    requireReady();
    globalShortcutState.registered.clear();
  },
};

/** The person presses `accelerator` anywhere; false when nothing of this app listens to it. */
export function pressGlobalShortcut(accelerator: string): boolean {
  const entry = globalShortcutState.registered.get(canonical(accelerator));
  entry?.callback();
  return entry !== undefined;
}

/** Back to no registrations and no other app holding anything (between scenarios). */
export function resetGlobalShortcut(): void {
  globalShortcutState.takenByOthers.clear();
  globalShortcutState.registered.clear();
  globalShortcutState.calls.length = 0;
}
