/** HTML building blocks of the sandbox's pages. Everything printed goes through `escapeHtml`. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values (HTML §13.1.2.6 / §13.5). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Header value for every page: no scripts, no external anything, not frameable. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif;
    background: #f3f4f6; color: #111827; }
  main { max-width: 420px; margin: 48px auto; padding: 28px 32px; background: #fff;
    border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  .brand { margin: 0 0 4px; font-size: 13px; letter-spacing: .04em; text-transform: uppercase;
    color: #6b7280; }
  h1 { margin: 0 0 16px; font-size: 22px; }
  label { display: block; margin: 14px 0 4px; font-weight: 600; }
  input[type=text], input[type=password] { width: 100%; padding: 9px 10px; font: inherit;
    border: 1px solid #d1d5db; border-radius: 6px; }
  input:focus, button:focus { outline: 2px solid #2563eb; outline-offset: 1px; }
  .actions { display: flex; gap: 10px; margin-top: 20px; }
  .actions form { margin: 0; }
  button { padding: 9px 18px; font: inherit; font-weight: 600; border-radius: 6px; cursor: pointer;
    border: 1px solid #2563eb; background: #2563eb; color: #fff; }
  button.secondary { background: #fff; color: #374151; border-color: #d1d5db; }
  .error { padding: 10px 12px; border-radius: 6px; background: #fef2f2; color: #991b1b;
    border: 1px solid #fecaca; }
  .code { font: 600 24px/1.2 ui-monospace, monospace; letter-spacing: .08em; }
  ul.scopes { padding-left: 20px; } ul.scopes code { color: #1f2937; }
  .muted { color: #6b7280; font-size: 13px; }
`;

/** A complete page. `body` must already be escaped HTML. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · TokenDock Sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">TokenDock Sandbox</p>
${body}
</main>
</body>
</html>`;
}

/** A POST form made of hidden fields and one submit button. */
export function buttonForm(
  action: string,
  label: string,
  fields: Record<string, string>,
  secondary = false,
): string {
  const hidden = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join('');
  const cls = secondary ? ' class="secondary"' : '';
  const button = `<button type="submit"${cls}>${escapeHtml(label)}</button>`;
  return `<form method="post" action="${escapeHtml(action)}">${hidden}${button}</form>`;
}

/** An alert paragraph for a message (ARIA `role=alert`), or nothing. */
export function errorBox(message: string | undefined): string {
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}
