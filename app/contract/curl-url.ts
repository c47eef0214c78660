import type { Target } from './tokens';

/** The scopes OpenID Connect defines (Core §5.4, §11): a token for them calls `userinfo`. */
const OPENID_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);

/** Microsoft Graph's hosts per cloud, and where a signed-in user's own profile is. */
const GRAPH_HOSTS = [
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
];

/** Azure Resource Manager's hosts per cloud. */
const ARM_HOSTS = [
  'management.azure.com',
  'management.usgovcloudapi.net',
  'management.chinacloudapi.cn',
];

/** Why a URL cannot be where "Copy as curl" calls, or undefined: http or https, no credentials. */
export function curlUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'Enter a full URL, such as https://graph.microsoft.com/v1.0/me.';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return 'The curl URL must be an http or https URL.';
  if (parsed.username || parsed.password) return 'Leave user names and passwords out of the URL.';
  return undefined;
}

/**
 * A useful first guess for where a target's token is sent, for the "Copy as curl" prompt:
 * Microsoft Graph's `/v1.0/me` for Graph scopes or the Graph resource (bare Graph scopes such as
 * `User.Read` too, on Entra ID, whose v2 endpoint reads them as Graph's), Azure Resource
 * Manager's subscription list for ARM, the provider's `userinfo` endpoint for OpenID scopes alone,
 * and an https resource itself. Undefined when nothing sensible can be guessed.
 */
export function curlUrlGuess(
  target: Target,
  provider: { entra: boolean; userinfoEndpoint?: string },
): string | undefined {
  const scopes = target.scopes ?? [];
  const hosts = [
    ...(target.kind === 'resource' ? [target.resource] : []),
    ...scopes.filter((s) => s.includes('://')),
  ].flatMap((value) => {
    try {
      return [new URL(value).hostname.toLowerCase()];
    } catch {
      return [];
    }
  });
  const graph = hosts.find((host) => GRAPH_HOSTS.includes(host));
  if (graph) return `https://${graph}/v1.0/me`;
  const arm = hosts.find((host) => ARM_HOSTS.includes(host));
  if (arm) return `https://${arm}/subscriptions?api-version=2022-12-01`;
  const plain = scopes.filter((s) => !s.includes('://') && !s.startsWith('api://'));
  if (target.kind === 'scopes' && plain.length > 0) {
    if (plain.every((s) => OPENID_SCOPES.has(s))) return provider.userinfoEndpoint;
    if (provider.entra) return 'https://graph.microsoft.com/v1.0/me';
  }
  if (target.kind === 'resource' && /^https:\/\//i.test(target.resource)) return target.resource;
  return undefined;
}
