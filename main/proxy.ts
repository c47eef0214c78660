import type { Session } from 'electron';
import { parseProxyOverride, type ProxyOverride } from '../app/host/proxy-config';
import type { Logger } from '../app/ports';

/**
 * The proxy override, if any: `TOKENDOCK_PROXY`, else `proxy` in shell.json. Without one, Electron
 * uses the system's proxy settings (PAC included). A value that does not parse is logged and
 * ignored, so a typo cannot take the network away.
 */
export function proxyOverride(
  fromEnvironment: string | undefined,
  fromStore: string | undefined,
  logger: Logger,
): ProxyOverride | undefined {
  const value = fromEnvironment?.trim() ? fromEnvironment : fromStore;
  try {
    const parsed = parseProxyOverride(value);
    if (parsed) logger.info('network: proxy override', { mode: parsed.mode });
    return parsed;
  } catch (error) {
    logger.warn('network: ignored the proxy override', { error: String(error) });
    return undefined;
  }
}

/** Applies the override to a session (the default one, and each sign-in partition). */
export async function applyProxy(
  session: Session,
  proxy: ProxyOverride | undefined,
): Promise<void> {
  if (proxy) await session.setProxy(proxy);
}
