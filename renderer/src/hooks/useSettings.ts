import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { Settings } from '../../../app/contract/settings';
import type { ErrorInfo } from '../../../app/contract/errors';
import { call, errorInfo } from '../api/client';

/** Puts the theme setting on the document; `system` follows prefers-color-scheme in CSS. */
export function applyTheme(theme: Settings['theme']): void {
  document.documentElement.dataset.theme = theme;
}

/** The settings, and a function that applies a patch and returns the saved settings. */
export function useSettings(): {
  settings: Settings | undefined;
  /** Why the settings could not be read, if they could not. */
  error: ErrorInfo | undefined;
  update: (patch: Partial<Settings>) => Promise<Settings>;
} {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<ErrorInfo>();

  useEffect(() => {
    let live = true;
    call('settings:get', {})
      .then((value) => {
        if (!live) return;
        setSettings(value);
        applyTheme(value.theme);
      })
      .catch((e: unknown) => {
        // The window still works with the defaults; the settings screen says what failed.
        if (live) setError(errorInfo(e));
      });
    return () => {
      live = false;
    };
  }, []);

  // Optimistic: the control shows the new value at once; a refused change is put back.
  const update = useCallback(async (patch: Partial<Settings>) => {
    let before: Settings | undefined;
    setSettings((current) => {
      before = current;
      return current && { ...current, ...patch };
    });
    if (patch.theme) applyTheme(patch.theme);
    try {
      const saved = await call('settings:update', { patch });
      setSettings(saved);
      applyTheme(saved.theme);
      return saved;
    } catch (error) {
      if (before) {
        setSettings(before);
        applyTheme(before.theme);
      }
      throw error;
    }
  }, []);

  return { settings, error, update };
}

export type SettingsApi = ReturnType<typeof useSettings>;

/** The window's one settings state, provided by the app frame. */
export const SettingsContext = createContext<SettingsApi>({
  settings: undefined,
  error: undefined,
  update: () => Promise.reject(new Error('no settings provider')),
});

export function useSettingsContext(): SettingsApi {
  return useContext(SettingsContext);
}
