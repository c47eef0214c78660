import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Interaction, Provider } from 'oidc-provider';

import { PAGE_CSP } from './html';
import {
  consentPage,
  interactionErrorPage,
  loginPage,
  WRONG_CREDENTIALS,
} from './interaction-pages';
import { readForm } from './request-body';
import type { UserDirectory } from './users';

/** `/interaction/:uid` and its actions `login`, `confirm`, `abort`. */
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

export interface InteractionRoute {
  uid: string;
  action: 'show' | 'login' | 'confirm' | 'abort';
}

/** Parses `/interaction/:uid[/login|/confirm|/abort]`. */
export function matchInteractionRoute(pathname: string): InteractionRoute | undefined {
  const match = ROUTE.exec(pathname);
  if (!match?.[1]) return undefined;
  const action = (match[2] ?? 'show') as InteractionRoute['action'];
  return { uid: match[1], action };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': PAGE_CSP,
  });
  res.end(html);
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The sign-in and consent pages oidc-provider sends people to (its `interactions.url`), with a
 * real password check. Login finishes with `{ login: { accountId } }`; consent records a Grant
 * (OpenID Connect Core 1.0 §3.1.2.4) of exactly what was asked; Deny and Cancel finish with
 * `access_denied` (RFC 6749 §4.1.2.1), which in the device flow reaches the polling client.
 */
export class InteractionRoutes {
  constructor(
    private readonly provider: Provider,
    private readonly users: UserDirectory,
  ) {}

  async handle(route: InteractionRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if ((route.action === 'show') !== (method === 'GET')) {
      res.writeHead(405, { Allow: route.action === 'show' ? 'GET' : 'POST' }).end();
      return;
    }
    let interaction: Interaction;
    try {
      interaction = await this.provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, interactionErrorPage('This sign-in request has expired or is unknown.'));
      return;
    }
    if (interaction.uid !== route.uid) {
      sendHtml(res, 400, interactionErrorPage('This sign-in request does not match this page.'));
      return;
    }
    switch (route.action) {
      case 'show':
        return this.show(interaction, res);
      case 'login':
        return this.login(interaction, req, res);
      case 'confirm':
        return this.confirm(interaction, req, res);
      case 'abort':
        return this.provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'End-User aborted interaction' },
          { mergeWithLastSubmission: false },
        );
    }
  }

  private async clientName(interaction: Interaction): Promise<{ id: string; name: string }> {
    const id = asString(interaction.params.client_id);
    const client = await this.provider.Client.find(id);
    return { id, name: client?.clientName ?? id };
  }

  private async show(interaction: Interaction, res: ServerResponse): Promise<void> {
    const client = await this.clientName(interaction);
    if (interaction.prompt.name === 'login') {
      sendHtml(res, 200, loginPage({ uid: interaction.uid, clientName: client.name }));
      return;
    }
    if (interaction.prompt.name !== 'consent') {
      sendHtml(res, 400, interactionErrorPage(`Unsupported prompt ${interaction.prompt.name}.`));
      return;
    }
    const requested = new Set(asString(interaction.params.scope).split(' ').filter(Boolean));
    const { missingResourceScopes = {} } = interaction.prompt.details;
    const resourceScopes = Object.fromEntries(
      Object.entries(missingResourceScopes).map(([resource, scopes]) => {
        scopes.forEach((scope) => requested.delete(scope));
        return [resource, scopes];
      }),
    );
    const accountId = interaction.session?.accountId ?? '';
    const user = this.users.bySub(accountId);
    const html = consentPage({
      uid: interaction.uid,
      clientName: client.name,
      clientId: client.id,
      userName: user ? `${user.name} (${user.username})` : accountId,
      oidcScopes: [...requested],
      resourceScopes,
    });
    sendHtml(res, 200, html);
  }

  private async login(
    interaction: Interaction,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const form = await readForm(req);
    const username = form.get('username') ?? '';
    const user = this.users.authenticate(username, form.get('password') ?? '');
    if (!user || interaction.prompt.name !== 'login') {
      const { name } = await this.clientName(interaction);
      const page = loginPage({
        uid: interaction.uid,
        clientName: name,
        username,
        error: user ? 'This step is already done.' : WRONG_CREDENTIALS,
      });
      sendHtml(res, 401, page);
      return;
    }
    await this.provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
  }

  private async confirm(
    interaction: Interaction,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    await readForm(req);
    const accountId = interaction.session?.accountId;
    if (interaction.prompt.name !== 'consent' || !accountId) {
      sendHtml(res, 400, interactionErrorPage('There is nothing to consent to at this step.'));
      return;
    }
    const { Grant } = this.provider;
    const existing = interaction.grantId ? await Grant.find(interaction.grantId) : undefined;
    const grant =
      existing ?? new Grant({ accountId, clientId: asString(interaction.params.client_id) });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } =
      interaction.prompt.details;
    if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    await this.provider.interactionFinished(
      req,
      res,
      { consent: existing ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
}
