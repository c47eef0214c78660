import type { Client, ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

import { buttonForm, errorBox, escapeHtml, page, PAGE_CSP } from './html';

function render(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.body = html;
}

function formContext(ctx: KoaContextWithOIDC): { action: string; xsrf: string } {
  return {
    action: ctx.oidc.urlFor('code_verification'),
    xsrf: ctx.oidc.session?.state?.secret ?? '',
  };
}

function inputError(err: (Error & { userCode?: string }) | undefined): string | undefined {
  if (!err) return undefined;
  if (err.userCode !== undefined || err.name === 'NoCodeError') {
    return 'That code is not valid. Check it and try again.';
  }
  if (err.name === 'AbortedError') return 'The sign-in request was cancelled.';
  return 'Something went wrong with that request. Start again on your device.';
}

/**
 * The verification page of the device flow (RFC 8628 §3.3): a `user_code` field and a
 * "Continue" button. Also re-rendered with an error for a wrong, expired or cancelled code.
 */
export async function userCodeInputSource(
  ctx: KoaContextWithOIDC,
  _form: string,
  _out?: ErrorOut,
  err?: Error & { userCode?: string },
): Promise<void> {
  const { action, xsrf } = formContext(ctx);
  render(
    ctx,
    page(
      'Enter code',
      `<h1>Enter code</h1>
<p>Enter the code shown on your device.</p>
${errorBox(inputError(err))}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(xsrf)}">
<label for="user_code">Code</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters"
 spellcheck="false" required autofocus value="${escapeHtml(err?.userCode ?? '')}">
<div class="actions"><button type="submit">Continue</button></div>
</form>`,
    ),
  );
}

/**
 * The confirmation page (RFC 8628 §5.4: show the code so the person can compare it with the
 * device): "Confirm" goes on to sign-in, "Cancel" ends the request with `access_denied`.
 */
export async function userCodeConfirmSource(
  ctx: KoaContextWithOIDC,
  _form: string,
  client: Client,
  _deviceInfo: unknown,
  userCode: string,
): Promise<void> {
  const { action, xsrf } = formContext(ctx);
  const fields = { xsrf, user_code: userCode };
  render(
    ctx,
    page(
      'Confirm device',
      `<h1>Confirm device</h1>
<p><strong>${escapeHtml(client.clientName ?? client.clientId)}</strong> wants to sign in on a
 device showing this code:</p>
<p class="code">${escapeHtml(userCode)}</p>
<p class="muted">If you did not start this or the code differs, cancel.</p>
<div class="actions">
${buttonForm(action, 'Confirm', { ...fields, confirm: 'yes' })}
${buttonForm(action, 'Cancel', { ...fields, abort: 'yes' }, true)}
</div>`,
    ),
  );
}

/** The page after a completed device sign-in. */
export async function successSource(ctx: KoaContextWithOIDC): Promise<void> {
  const client = ctx.oidc.client;
  render(
    ctx,
    page(
      'Signed in',
      `<h1>You are signed in</h1>
<p>${escapeHtml(client?.clientName ?? 'The application')} on your device can continue now.
 You can close this window.</p>`,
    ),
  );
}
