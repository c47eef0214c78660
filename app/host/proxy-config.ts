/** Electron's `ProxyConfig`, as far as an override sets it. */
export interface ProxyOverride {
  mode: 'direct' | 'system' | 'pac_script' | 'fixed_servers';
  pacScript?: string;
  proxyRules?: string;
  proxyBypassRules?: string;
}

/**
 * Reads a proxy override: empty → none (the system's settings, PAC included, apply);
 * `direct`; `system`; `pac:<https URL>`; otherwise Chromium proxy rules such as
 * `http://proxy.corp:8080` or `https=proxy:443;http=proxy:80`, optionally followed by
 * ` bypass <rules>`. Throws a readable error for anything else.
 */
export function parseProxyOverride(value: string | undefined): ProxyOverride | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text === 'direct' || text === 'system') return { mode: text };
  if (text.startsWith('pac:')) {
    const pac = text.slice(4).trim();
    let url: URL | undefined;
    try {
      url = new URL(pac);
    } catch {
      url = undefined;
    }
    if (!url || !['https:', 'http:', 'file:'].includes(url.protocol))
      throw new Error(`The proxy PAC script "${pac}" is not an http(s) or file URL.`);
    return { mode: 'pac_script', pacScript: url.href };
  }
  const [rules = '', bypass] = text.split(/\s+bypass\s+/);
  const rule = /^([a-z]+=)?([a-z0-9]+:\/\/)?[\w.-]+(:\d{1,5})?$/i;
  if (!rules.split(';').every((r) => rule.test(r.trim())))
    throw new Error(`The proxy "${text}" is not understood (try http://host:port).`);
  if (bypass !== undefined && /[\s"'\\]/.test(bypass.replace(/,\s*/g, ',')))
    throw new Error(`The proxy bypass list "${bypass}" is not understood.`);
  return {
    mode: 'fixed_servers',
    proxyRules: rules,
    ...(bypass ? { proxyBypassRules: bypass.replace(/,\s*/g, ',') } : {}),
  };
}
