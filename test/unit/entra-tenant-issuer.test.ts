import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { EntraTenantIssuer } from '../../app/flows/entra-tenant-issuer';
import type { TokenDockError } from '../../app/errors/tokendock-error';

/**
 * The tenant binding of multi-tenant metadata, driven by hand: `request` stands for an
 * openid-client grant (it takes the configuration when it starts, as openid-client does, and
 * compares the ID token's `iss` with that configuration's issuer). The integration tests
 * (`entra-recorded-clouds.test.ts`) run the same through openid-client; here the interleaving of
 * two requests is chosen exactly.
 */

const TEMPLATE = 'https://login.microsoftonline.us/{tenantid}/v2.0';
const TOKEN = 'https://login.microsoftonline.us/organizations/oauth2/v2.0/token';
const A = '3338040d-6c67-4c5b-b112-36a304b66dad';
const B = '12345678-1234-1234-1234-123456789012';

const unsignedJwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

function setUp() {
  const tenantIssuer = new EntraTenantIssuer(
    (template, issuer) =>
      new oidc.Configuration(
        { ...(template.serverMetadata() as oidc.ServerMetadata), issuer },
        'client',
      ),
  );
  tenantIssuer.setTemplate(
    new oidc.Configuration({ issuer: TEMPLATE, token_endpoint: TOKEN }, 'client'),
  );
  let sent = 0;
  const network: oidc.CustomFetch = async (_url, options) => {
    sent += 1;
    const tid = String(options.body);
    return Response.json({
      access_token: `token of ${tid}`,
      token_type: 'Bearer',
      id_token: unsignedJwt({ iss: `https://login.microsoftonline.us/${tid}/v2.0`, tid }),
    });
  };
  const fetch = tenantIssuer.wrap(network);
  const request =
    (tid: string, pause: () => Promise<void> = async () => undefined) =>
    async () => {
      const config = tenantIssuer.config; // openid-client holds its configuration throughout
      const response = await fetch(TOKEN, { method: 'POST', body: tid } as oidc.CustomFetchOptions);
      const body = (await response.json()) as { access_token: string; id_token: string };
      await pause();
      const claims = JSON.parse(
        Buffer.from(body.id_token.split('.')[1]!, 'base64url').toString('utf8'),
      ) as { iss: string };
      if (claims.iss !== config.serverMetadata().issuer) throw new Error('unexpected iss');
      return body.access_token;
    };
  return { tenantIssuer, request, sent: () => sent };
}

describe('EntraTenantIssuer', () => {
  it("answers the second run with the first run's response, against the tenant's issuer", async () => {
    const { tenantIssuer, request, sent } = setUp();
    await expect(tenantIssuer.run(request(A))).resolves.toBe(`token of ${A}`);
    expect(sent()).toBe(1);
    // The next request of the same tenant needs no second run.
    await expect(tenantIssuer.run(request(A))).resolves.toBe(`token of ${A}`);
    expect(sent()).toBe(2);
    expect(tenantIssuer.config.serverMetadata().issuer).toBe(
      `https://login.microsoftonline.us/${A}/v2.0`,
    );
  });

  it('keeps what a request learned to itself while another runs in between', async () => {
    const { tenantIssuer, request } = setUp();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let judged!: () => void;
    const aJudged = new Promise<void>((resolve) => (judged = resolve));
    // A's response is judged, then A waits; B runs whole; then A goes on.
    const a = tenantIssuer.run(
      request(A, async () => {
        judged();
        await gate;
      }),
    );
    await aJudged;
    await expect(tenantIssuer.run(request(B))).resolves.toBe(`token of ${B}`);
    release();
    await expect(a).resolves.toBe(`token of ${A}`);
  });

  it('refuses a token whose iss is not the template with its tid, even where the request succeeded', async () => {
    const { tenantIssuer } = setUp();
    const fetch = tenantIssuer.wrap(async () =>
      Response.json({
        access_token: 'x',
        token_type: 'Bearer',
        id_token: unsignedJwt({ iss: `https://login.microsoftonline.us/${A}/v2.0`, tid: B }),
      }),
    );
    const error = (await tenantIssuer
      .run(async () => {
        await fetch(TOKEN, { method: 'POST' } as oidc.CustomFetchOptions);
        return 'accepted';
      })
      .catch((e: unknown) => e)) as TokenDockError;
    expect(error.code).toBe('issuer_mismatch');
    expect(error.message).toContain(B);
  });
});
