/**
 * The desktop app's optional global shortcut: an Electron accelerator (electron
 * docs/tutorial/keyboard-shortcuts.md, "Accelerators") that shows the window with the quick
 * switcher open from anywhere. Shared by the settings form (say what is wrong as it is typed) and
 * the main process (register only what is valid).
 */

/** What the setting suggests when it is turned on. */
export const DEFAULT_GLOBAL_SHORTCUT = 'CommandOrControl+Alt+K';

/** Longest accelerator accepted (the settings schema bounds the string the same way). */
export const MAX_ACCELERATOR_LENGTH = 64;

/** Modifier spellings (case-insensitive) → their canonical name. */
const MODIFIERS: Record<string, string> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Option',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

/** Named key codes (case-insensitive) → canonical name. Letters, digits, F-keys: see `keyCode`. */
const NAMED_KEYS: Record<string, string> = Object.fromEntries(
  [
    'Plus',
    'Space',
    'Tab',
    'Capslock',
    'Numlock',
    'Scrolllock',
    'Backspace',
    'Delete',
    'Insert',
    'Return',
    'Up',
    'Down',
    'Left',
    'Right',
    'Home',
    'End',
    'PageUp',
    'PageDown',
    'Escape',
    'VolumeUp',
    'VolumeDown',
    'VolumeMute',
    'MediaNextTrack',
    'MediaPreviousTrack',
    'MediaStop',
    'MediaPlayPause',
    'PrintScreen',
    'num0',
    'num1',
    'num2',
    'num3',
    'num4',
    'num5',
    'num6',
    'num7',
    'num8',
    'num9',
    'numdec',
    'numadd',
    'numsub',
    'nummult',
    'numdiv',
  ]
    .map((name) => [name.toLowerCase(), name] as const)
    .concat([
      ['enter', 'Return'],
      ['esc', 'Escape'],
    ]),
);

const PUNCTUATION = new Set(Array.from(')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"'));

function keyCode(part: string): string | undefined {
  if (/^[a-z0-9]$/i.test(part)) return part.toUpperCase();
  const fKey = /^f([1-9]|1[0-9]|2[0-4])$/i.exec(part);
  if (fKey) return `F${fKey[1]}`;
  if (PUNCTUATION.has(part)) return part;
  return NAMED_KEYS[part.toLowerCase()];
}

/** Modifiers that do nothing off macOS (the docs: "On Linux and Windows, the Command modifier does not have any effect"). */
const MAC_ONLY = new Set(['Command', 'Option']);

export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; problem: string };

/**
 * Checks a global shortcut as typed and gives its canonical spelling
 * (`ctrl+alt+k` → `Control+Alt+K`). A global shortcut takes its keys from every other app, so it
 * needs a modifier other than Shift; `platform` (Node's `process.platform`) refuses modifiers
 * that mean nothing there.
 */
export function checkAccelerator(text: string, platform?: string): AcceleratorCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, problem: 'Type a shortcut, such as CommandOrControl+Alt+K.' };
  if (trimmed.length > MAX_ACCELERATOR_LENGTH)
    return { ok: false, problem: `A shortcut has at most ${MAX_ACCELERATOR_LENGTH} characters.` };
  // "+" is both the separator and a key: a trailing "++" means the "+" key.
  const parts = trimmed.endsWith('++')
    ? [...trimmed.slice(0, -2).split('+'), '+']
    : trimmed.split('+');
  if (parts.some((p) => p.trim() === ''))
    return { ok: false, problem: 'Join the keys with "+", as in Control+Alt+K.' };
  const modifiers: string[] = [];
  let key: string | undefined;
  for (const raw of parts.map((p) => p.trim())) {
    const modifier = MODIFIERS[raw.toLowerCase()];
    if (modifier) {
      if (key !== undefined)
        return { ok: false, problem: `Put the modifiers before the key (${raw} comes after it).` };
      if (modifiers.includes(modifier))
        return { ok: false, problem: `${modifier} is named twice.` };
      modifiers.push(modifier);
      continue;
    }
    const code = keyCode(raw);
    if (!code) return { ok: false, problem: `"${raw}" is not a key Electron knows.` };
    if (key !== undefined)
      return {
        ok: false,
        problem: `A shortcut has one key besides the modifiers (${key} and ${code}).`,
      };
    key = code;
  }
  if (key === undefined) return { ok: false, problem: 'Add a key after the modifiers, such as K.' };
  const effective =
    platform === undefined || platform === 'darwin'
      ? modifiers
      : modifiers.filter((m) => !MAC_ONLY.has(m));
  if (!effective.some((m) => m !== 'Shift')) {
    const macOnly = modifiers.filter((m) => MAC_ONLY.has(m));
    return {
      ok: false,
      problem:
        macOnly.length > 0 && effective.length < modifiers.length
          ? `${macOnly.join(' and ')} only works on macOS: use CommandOrControl or Alt.`
          : 'Add a modifier other than Shift (CommandOrControl, Alt, Control or Super): a global shortcut takes its keys from every other app.',
    };
  }
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}

/** What the desktop app does with the global shortcut settings. */
export type ShortcutPlan =
  | { kind: 'off' }
  | { kind: 'register'; accelerator: string }
  | { kind: 'invalid'; problem: string };

/** Off unless enabled; enabled with an accelerator that does not pass `checkAccelerator`: invalid. */
export function shortcutPlan(
  setting: { enabled: boolean; accelerator: string },
  platform: string,
): ShortcutPlan {
  if (!setting.enabled) return { kind: 'off' };
  const check = checkAccelerator(setting.accelerator, platform);
  return check.ok
    ? { kind: 'register', accelerator: check.accelerator }
    : { kind: 'invalid', problem: check.problem };
}

/** How registering went, for the settings screen and the log. */
export type ShortcutStatus =
  | { kind: 'off' }
  | { kind: 'active'; accelerator: string }
  | { kind: 'unavailable'; accelerator: string; reason: string }
  | { kind: 'invalid'; problem: string };

/**
 * The status after `globalShortcut.register` answered `registered` (Electron: "When the
 * accelerator is already taken by other applications, this call will silently fail").
 */
export function registrationStatus(accelerator: string, registered: boolean): ShortcutStatus {
  return registered
    ? { kind: 'active', accelerator }
    : {
        kind: 'unavailable',
        accelerator,
        reason: `${accelerator} is taken by another app (or the system does not allow it): choose another shortcut.`,
      };
}
