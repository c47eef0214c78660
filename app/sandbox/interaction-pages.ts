import { buttonForm, errorBox, escapeHtml, page } from './html';

export const WRONG_CREDENTIALS = 'Wrong username or password.';

export interface LoginPageInput {
  uid: string;
  clientName: string;
  username?: string;
  error?: string;
}

/** The sign-in form: `username`, `password`, button "Sign in"; "Cancel" aborts the request. */
export function loginPage({ uid, clientName, username = '', error }: LoginPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${errorBox(error)}
<form method="post" action="${escapeHtml(base)}/login" id="login">
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none"
 spellcheck="false" required autofocus value="${escapeHtml(username)}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
</form>
<div class="actions">
<button type="submit" form="login">Sign in</button>
${buttonForm(`${base}/abort`, 'Cancel', {}, true)}
</div>
<p class="muted">The demo users and their passwords are printed where the sandbox runs.</p>`,
  );
}

const OIDC_SCOPE_TEXT: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'Read your name and username',
  email: 'Read your email address',
  offline_access: 'Keep access while you are away (refresh tokens)',
};

export interface ConsentPageInput {
  uid: string;
  clientName: string;
  clientId: string;
  userName: string;
  /** Scopes not tied to a resource below (OpenID scopes, already granted ones). */
  oidcScopes: string[];
  /** Resource identifier → scopes asked of it. */
  resourceScopes: Record<string, string[]>;
}

/** The consent page: who asks, for what; "Allow" posts to /confirm, "Deny" to /abort. */
export function consentPage(input: ConsentPageInput): string {
  const base = `/interaction/${encodeURIComponent(input.uid)}`;
  const items = [
    ...input.oidcScopes.map((scope) => {
      const text = OIDC_SCOPE_TEXT[scope];
      return `<li><code>${escapeHtml(scope)}</code>${text ? `: ${escapeHtml(text)}` : ''}</li>`;
    }),
    ...Object.entries(input.resourceScopes).flatMap(([resource, scopes]) =>
      scopes.map(
        (scope) =>
          `<li><code>${escapeHtml(scope)}</code> on <code>${escapeHtml(resource)}</code></li>`,
      ),
    ),
  ];
  return page(
    'Allow access',
    `<h1>Allow access?</h1>
<p><strong>${escapeHtml(input.clientName)}</strong>
 <span class="muted">(${escapeHtml(input.clientId)})</span> asks, for
 <strong>${escapeHtml(input.userName)}</strong>, to:</p>
<ul class="scopes">${items.join('') || '<li>Sign you in</li>'}</ul>
<div class="actions">
${buttonForm(`${base}/confirm`, 'Allow', {})}
${buttonForm(`${base}/abort`, 'Deny', {}, true)}
</div>`,
  );
}

/** Shown when an interaction cannot go on (expired, cookie missing, unknown prompt). */
export function interactionErrorPage(message: string): string {
  return page(
    'Sign-in problem',
    `<h1>Sign-in problem</h1>${errorBox(message)}
<p>Start the sign-in again from the application.</p>`,
  );
}
