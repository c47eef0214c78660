import { globalShortcut } from 'electron';
import { registrationStatus, type ShortcutStatus } from '../app/contract/shortcut';

/**
 * Registers the global shortcut (docs/api/global-shortcut.md) and returns the function that
 * removes it again. `accelerator` must have passed `checkAccelerator` (`app/contract/shortcut.ts`;
 * `shortcutPlan` decides whether there is one at all). Electron says nothing when another app
 * holds the keys (`register` "will silently fail" and returns false), so `report` is told how it
 * went: `active`, or `unavailable` with the reason for people. Only after the app is `ready`:
 * `globalShortcut` throws before. Uninstalling removes only this registration (never
 * `unregisterAll`) and does nothing when registering failed, so another app keeps its shortcut.
 */
export function installGlobalShortcut(
  accelerator: string,
  onPress: () => void,
  report: (status: ShortcutStatus) => void = () => undefined,
): () => void {
  let registered: boolean;
  try {
    registered = globalShortcut.register(accelerator, onPress);
  } catch (error) {
    // Not an accelerator Electron can read (the check should have caught it).
    report({
      kind: 'invalid',
      problem: `${accelerator} cannot be used: ${error instanceof Error ? error.message : String(error)}`,
    });
    return () => undefined;
  }
  report(registrationStatus(accelerator, registered));
  if (!registered) return () => undefined;
  let installed = true;
  return () => {
    if (!installed) return;
    installed = false;
    globalShortcut.unregister(accelerator);
  };
}
