/** Whether the person's modifier for shortcuts is Command (macOS) rather than Control. */
export function usesCommandKey(): boolean {
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ??
    navigator.platform;
  return /mac/i.test(platform);
}

/** "Ctrl+K" or "⌘K": how to write a shortcut with the platform's modifier. */
export function modifierKey(key: string): string {
  return usesCommandKey() ? `⌘${key}` : `Ctrl+${key}`;
}

/** The platform's shortcut modifier is down (Command on macOS, Control elsewhere). */
export function hasShortcutModifier(event: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return usesCommandKey() ? event.metaKey : event.ctrlKey;
}
