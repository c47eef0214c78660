/**
 * A person at a browser, in plain HTTP: a cookie jar, manual redirects and HTML form posts,
 * enough to walk the sandbox provider's sign-in, consent and device pages without Chromium.
 */

export interface Page {
  url: URL;
  status: number;
  html: string;
}

export interface HtmlForm {
  action: URL;
  fields: Record<string, string>;
  /** Text of the submit buttons inside the form. */
  buttons: string[];
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** Every `<form method="post">` of a page, with its hidden fields and button labels. */
export function parseForms(html: string, base: URL): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attributes = '', inner = ''] = match;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = attribute(input[0], 'name');
      if (name && attribute(input[0], 'type') === 'hidden') {
        fields[name] = attribute(input[0], 'value') ?? '';
      }
    }
    const buttons = [...inner.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)].map((button) =>
      unescapeHtml((button[1] ?? '').trim()),
    );
    forms.push({
      action: new URL(attribute(` ${attributes}`, 'action') ?? '', base),
      fields,
      buttons,
    });
  }
  return forms;
}

export function formWithButton(page: Page, label: string): HtmlForm {
  const form = parseForms(page.html, page.url).find((candidate) =>
    candidate.buttons.includes(label),
  );
  if (!form) throw new Error(`no form with a "${label}" button on ${page.url.href}`);
  return form;
}

export function formWithAction(page: Page, pathSuffix: string): HtmlForm {
  const form = parseForms(page.html, page.url).find((candidate) =>
    candidate.action.pathname.endsWith(pathSuffix),
  );
  if (!form) throw new Error(`no form posting to …${pathSuffix} on ${page.url.href}`);
  return form;
}

/** Where a walk ended: a page of the provider, or a redirect that left it (the redirect URI). */
export type Outcome = { kind: 'page'; page: Page } | { kind: 'redirect'; location: URL };

export class PlainHttpBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  private remember(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attr) => {
        const [key = '', val = ''] = attr.trim().split('=');
        const lower = key.toLowerCase();
        return (
          (lower === 'max-age' && Number(val) <= 0) ||
          (lower === 'expires' && Date.parse(val) < Date.now())
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private async request(url: URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(response);
    return response;
  }

  /** Requests `url` and follows redirects while they stay on the provider's origin. */
  async open(url: URL | string, init: RequestInit = {}): Promise<Outcome> {
    let current = new URL(url);
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return {
          kind: 'page',
          page: { url: current, status: response.status, html: await response.text() },
        };
      }
      await response.body?.cancel();
      current = new URL(location, current);
      if (current.origin !== this.origin) return { kind: 'redirect', location: current };
      response = await this.request(current);
    }
    throw new Error('too many redirects');
  }

  /** Submits a form (urlencoded POST) with extra fields, then follows redirects. */
  submit(form: HtmlForm, extra: Record<string, string> = {}): Promise<Outcome> {
    return this.open(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.fields, ...extra }),
    });
  }
}

export function expectPage(outcome: Outcome): Page {
  if (outcome.kind !== 'page')
    throw new Error(`expected a page, got a redirect to ${outcome.location.href}`);
  return outcome.page;
}

export function expectRedirect(outcome: Outcome): URL {
  if (outcome.kind !== 'redirect') {
    throw new Error(`expected a redirect, got ${outcome.page.status} at ${outcome.page.url.href}`);
  }
  return outcome.location;
}

export interface SignInChoices {
  username: string;
  password: string;
  consent: 'Allow' | 'Deny';
}

/** From the login page to the end of consent: signs in, then presses Allow or Deny. */
export async function signInAndConsent(
  browser: PlainHttpBrowser,
  loginPage: Page,
  { username, password, consent }: SignInChoices,
): Promise<Outcome> {
  const consentPage = expectPage(
    await browser.submit(formWithAction(loginPage, '/login'), { username, password }),
  );
  return browser.submit(formWithButton(consentPage, consent));
}
