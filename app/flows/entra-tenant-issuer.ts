import { AsyncLocalStorage } from 'node:async_hooks';
import type * as oidc from 'openid-client';
import { tenantIssuerOf } from '../authority/entra-clouds';
import { decodeJwt } from '../contract/jwt';
import { tokenDockError, type TokenDockError } from '../errors/tokendock-error';

/**
 * The `{tenantid}` issuer of Entra's multi-tenant metadata (`common`, `organizations`), checked
 * the way Microsoft documents it: an ID token is accepted only when its `tid` is a tenant id and
 * its `iss` is the metadata's issuer with `{tenantid}` replaced by that `tid`. openid-client does
 * this itself only for metadata discovered at `login.microsoftonline.com`, through a private
 * hook; its public API compares an ID token's `iss` with the metadata's `issuer` only.
 *
 * So the engine does the tenant part and leaves everything else to openid-client:
 * - every token response passes through `wrap`'s fetch: when it carries an ID token whose
 *   `tid`/`iss` break the rule, the request fails with `issuer_mismatch`, whatever openid-client
 *   says; when they keep it, the tenant's issuer is known;
 * - the connection's configuration becomes that tenant's: the same metadata with the tenant's
 *   issuer (`configFor`), so openid-client verifies the ID token's `iss` exactly, together with
 *   its signature, audience, times and nonce;
 * - the first response of a tenant was judged by openid-client against the template and refused;
 *   `run` runs the request once more against the tenant's configuration, and the fetch answers
 *   that second token request with the same response (it is not sent again: an authorization
 *   code is single-use).
 * Nothing is switched off: a token is accepted only when openid-client validated it against a
 * concrete issuer that the engine derived from the token's own `tid`.
 *
 * A connection is shared by an account's requests, which may run at once: what one request
 * learned (its tenant's configuration, its response to answer again, its verdict) is kept in its
 * own async context, never handed to another request.
 */
export class EntraTenantIssuer {
  private template: oidc.Configuration | undefined;
  private readonly byIssuer = new Map<string, oidc.Configuration>();
  /** The last tenant's configuration: where a request starts (most accounts keep one tenant). */
  private latest: oidc.Configuration | undefined;
  private readonly attempts = new AsyncLocalStorage<Attempt>();

  /** `build` makes a configuration like the template's, with another issuer. */
  constructor(
    private readonly build: (template: oidc.Configuration, issuer: string) => oidc.Configuration,
  ) {}

  /** The configuration discovered from the multi-tenant metadata. */
  setTemplate(config: oidc.Configuration): void {
    this.template = config;
  }

  /**
   * The configuration a request uses now: the one its ID token's tenant called for, else the
   * last tenant's, else the template's.
   */
  get config(): oidc.Configuration {
    const config = this.attempts.getStore()?.config ?? this.latest ?? this.template;
    if (!config) throw new Error('EntraTenantIssuer used before discovery');
    return config;
  }

  /** The fetch of the connection: sees every token response (and answers a replay). */
  wrap(fetch: oidc.CustomFetch): oidc.CustomFetch {
    return async (url, options) => {
      const tokenEndpoint = this.template?.serverMetadata().token_endpoint;
      if (tokenEndpoint === undefined || url !== tokenEndpoint || options.method !== 'POST')
        return fetch(url, options);
      const attempt = this.attempts.getStore();
      const replay = attempt?.replay;
      if (replay) {
        attempt.replay = undefined;
        const { body, ...init } = replay;
        return new Response(body, init);
      }
      return this.judge(await fetch(url, options), attempt);
    };
  }

  /**
   * Runs one token request (`request` reads `connection.config` each time it is called). When its
   * ID token named a tenant whose configuration was not in use, runs it again against that tenant's
   * configuration, answered from the response already received.
   */
  run<T>(request: () => Promise<T>): Promise<T> {
    // The configuration is pinned for the whole request: another request's tenant may become
    // `latest` while this one waits for its answer, which would then be judged against it.
    const pinned = this.latest ?? this.template;
    const attempt: Attempt = pinned ? { config: pinned } : {};
    return this.attempts.run(attempt, async () => {
      let result: T;
      try {
        result = await request();
      } catch (error) {
        const verdict = take(attempt);
        if (verdict === 'replay') return await request();
        throw verdict ?? error;
      }
      const verdict = take(attempt);
      if (verdict && verdict !== 'replay') throw verdict;
      return result;
    });
  }

  private async judge(response: Response, attempt: Attempt | undefined): Promise<Response> {
    if (!response.ok) return response;
    const body = await response.text();
    const init = {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    };
    const same = () => new Response(body, init);
    let idToken: unknown;
    try {
      idToken = (JSON.parse(body) as { id_token?: unknown } | null)?.id_token;
    } catch {
      return same(); // openid-client reports the malformed body
    }
    if (typeof idToken !== 'string') return same();
    const claims = decodeJwt(idToken)?.claims;
    if (!claims) return same(); // openid-client refuses a token that is not a JWS
    const template = this.template!.serverMetadata().issuer;
    const outcome = tenantIssuerOf(template, claims);
    if ('problem' in outcome) {
      const refusal = tokenDockError(
        'issuer_mismatch',
        `The ID token was refused: ${outcome.problem} (multi-tenant metadata names the issuer ${template}).`,
        'The token did not come from the tenant it names. Sign in again; if this repeats, something between TokenDock and Microsoft changes its answers.',
      );
      // Outside a run (no token request should be) the request fails here.
      if (!attempt) throw refusal;
      attempt.verdict = refusal;
      return same();
    }
    if (this.config.serverMetadata().issuer !== outcome.issuer) {
      const config = this.configFor(outcome.issuer);
      this.latest = config;
      if (attempt) {
        attempt.config = config;
        attempt.replay = { body, ...init, headers: new Headers(response.headers) };
        attempt.verdict = 'replay';
      }
    }
    return same();
  }

  private configFor(issuer: string): oidc.Configuration {
    let config = this.byIssuer.get(issuer);
    if (!config) {
      config = this.build(this.template!, issuer);
      this.byIssuer.set(issuer, config);
    }
    return config;
  }
}

/** What one token request learned (kept in its async context). */
interface Attempt {
  /** The configuration of the tenant its ID token named. */
  config?: oidc.Configuration;
  /** Its response, to answer the request's second run with. */
  replay?: { body: string; status: number; statusText: string; headers: Headers };
  verdict?: 'replay' | TokenDockError;
}

function take(attempt: Attempt) {
  const verdict = attempt.verdict;
  attempt.verdict = undefined;
  return verdict;
}
