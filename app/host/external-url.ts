import { isLoopbackHostname } from './app-origin';

/**
 * Whether a URL may be handed to the operating system (`shell.openExternal`): https, or plain
 * http on a loopback address (the sandbox provider). Nothing else — no `file:`, `javascript:`,
 * custom schemes, or credentials in the URL (Electron security checklist §15).
 */
export function isExternallyOpenable(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password || !parsed.hostname) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}
