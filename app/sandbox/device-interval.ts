import type { KoaMiddleware } from 'oidc-provider';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds `interval` (RFC 8628 §3.2; oidc-provider sends none) and an Entra-style `message` to
 * successful device authorization responses.
 */
export function deviceAuthorizationExtras(path: string, intervalSeconds: number): KoaMiddleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== path || ctx.method !== 'POST' || ctx.status !== 200) return;
    const { body } = ctx;
    if (!isObject(body) || typeof body.device_code !== 'string') return;
    const uri = String(body.verification_uri);
    const code = String(body.user_code);
    ctx.body = {
      ...body,
      interval: intervalSeconds,
      message:
        `To sign in, use a web browser to open the page ${uri} ` +
        `and enter the code ${code} to authenticate.`,
    };
  };
}
