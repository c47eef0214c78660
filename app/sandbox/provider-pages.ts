import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

import { errorBox, escapeHtml, page, PAGE_CSP } from './html';

/** oidc-provider's `renderError`: its errors for browsers (e.g. a bad authorization request). */
export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  const details = Object.entries(out)
    .map(([key, value]) => `<li><code>${escapeHtml(key)}</code>: ${escapeHtml(String(value))}</li>`)
    .join('');
  ctx.body = page(
    'Error',
    `<h1>Something went wrong</h1>
${errorBox(out.error_description ?? out.error)}<ul>${details}</ul>`,
  );
}

/**
 * oidc-provider's `rpInitiatedLogout.logoutSource` (OpenID Connect RP-Initiated Logout 1.0 §2).
 * `form` is oidc-provider's own hidden form (`id="op.logoutForm"`, with its xsrf token).
 */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    'Sign out',
    `<h1>Sign out of the sandbox?</h1>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>`,
  );
}

/** oidc-provider's `rpInitiatedLogout.postLogoutSuccessSource`. */
export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.body = page('Signed out', '<h1>You are signed out</h1>');
}
