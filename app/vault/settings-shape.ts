import { DEFAULT_SETTINGS, type Settings } from '../accounts/types';
import { checkAccelerator } from '../contract/shortcut';
import { isFiniteNumber, isRecord } from './shape-guards';

const THEMES: readonly unknown[] = ['system', 'light', 'dark'];
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
const isWholeAtLeast = (minimum: number) => (value: unknown) =>
  Number.isInteger(value) && (value as number) >= minimum;

/** What each setting may hold. A key missing here fails to compile. */
const SETTING_CHECKS: Record<keyof Settings, (value: unknown) => boolean> = {
  leadTimeMinutes: (value) => isFiniteNumber(value) && value >= 0,
  leadTimeFraction: (value) => isFiniteNumber(value) && value >= 0 && value <= 1,
  clipboardClearSeconds: isWholeAtLeast(0),
  refreshConcurrency: isWholeAtLeast(1),
  persistUnprotectedSecrets: isBoolean,
  closeToTray: isBoolean,
  startAtLogin: isBoolean,
  theme: (value) => THEMES.includes(value),
  localEndpoint: isBoolean,
  globalShortcutEnabled: isBoolean,
  globalShortcut: (value) => typeof value === 'string' && checkAccelerator(value).ok,
  signInWarningDays: (value) =>
    Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 60,
};

const SETTING_KEYS = Object.keys(SETTING_CHECKS) as (keyof Settings)[];

export interface NormalizedSettings {
  settings: Settings;
  /** Known keys whose stored value was missing or invalid, and got its default. */
  defaulted: string[];
  /** Keys this version does not know, dropped. */
  dropped: string[];
}

/**
 * Settings as read from a file: known keys with valid values are kept, missing or invalid ones get
 * their DEFAULT_SETTINGS value, unknown keys are dropped.
 */
export function normalizeSettings(value: unknown): NormalizedSettings {
  const stored = isRecord(value) ? value : {};
  const settings: Record<string, unknown> = {};
  const defaulted: string[] = [];
  for (const key of SETTING_KEYS) {
    if (SETTING_CHECKS[key](stored[key])) {
      settings[key] = stored[key];
    } else {
      settings[key] = DEFAULT_SETTINGS[key];
      defaulted.push(key);
    }
  }
  const dropped = Object.keys(stored).filter((key) => !Object.hasOwn(SETTING_CHECKS, key));
  return { settings: settings as unknown as Settings, defaulted, dropped };
}

/** The settings a caller wants saved, checked: throws a TypeError naming every invalid value. */
export function checkedSettings(value: Settings): Settings {
  const invalid = SETTING_KEYS.filter((key) => !SETTING_CHECKS[key](value[key]));
  if (invalid.length > 0) {
    throw new TypeError(`Invalid settings, nothing saved: ${invalid.join(', ')}.`);
  }
  return normalizeSettings(value).settings;
}

/** Keeps only the keys this version knows, filling the missing ones with their defaults. */
export function knownSettingsWithDefaults(value: unknown): Record<string, unknown> {
  const stored = isRecord(value) ? value : {};
  const result: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    result[key] = Object.hasOwn(stored, key) ? stored[key] : DEFAULT_SETTINGS[key];
  }
  return result;
}
