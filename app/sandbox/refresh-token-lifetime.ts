import type { KoaMiddleware, Provider } from 'oidc-provider';

/**
 * Adds `refresh_token_expires_in` to token responses that carry a refresh token: the seconds
 * until the refresh token ends, which is when its grant ends (oidc-provider's `Grant` lifetime
 * caps every refresh token of a grant, rotated ones too). The field is not in RFC 6749; Entra ID
 * (for single-page apps) and GitHub send it under this name, and TokenDock uses it to say when a
 * sign-in will be needed.
 */
export function refreshTokenLifetime(provider: Provider, tokenPath: string): KoaMiddleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== tokenPath || ctx.method !== 'POST' || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    if (!body || typeof body.refresh_token !== 'string') return;
    const token = await provider.RefreshToken.find(body.refresh_token);
    if (!token) return;
    const grant = token.grantId ? await provider.Grant.find(token.grantId) : undefined;
    const ends = [token.exp, grant?.exp].filter((exp): exp is number => typeof exp === 'number');
    if (ends.length === 0) return;
    const seconds = Math.min(...ends) - Math.floor(Date.now() / 1000);
    if (seconds > 0) ctx.body = { ...body, refresh_token_expires_in: seconds };
  };
}
