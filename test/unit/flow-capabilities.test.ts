import { describe, expect, it } from 'vitest';
import { FLOW_KINDS } from '../../app/contract/accounts';
import { flowCapabilityProblem, GRANT_TYPES } from '../../app/contract/flow-capabilities';
import {
  parseSystemBrowserRedirect,
  redirectHint,
} from '../../app/contract/system-browser-redirect';

const endpoints = {
  authorization_endpoint: 'https://id.example.com/authorize',
  device_authorization_endpoint: 'https://id.example.com/device',
};
const everyGrant = Object.values(GRANT_TYPES);

describe('flowCapabilityProblem (RFC 8414 §2)', () => {
  it('accepts every flow at a provider that lists every grant and endpoint', () => {
    for (const flow of FLOW_KINDS)
      expect(
        flowCapabilityProblem(flow, { ...endpoints, grant_types_supported: everyGrant }),
      ).toBeUndefined();
  });

  it('refuses the device code flow without a device_authorization_endpoint, naming it', () => {
    const problem = flowCapabilityProblem('device_code', {
      authorization_endpoint: endpoints.authorization_endpoint,
      grant_types_supported: everyGrant,
    });
    expect(problem).toEqual({
      field: 'flow',
      missing: 'device_authorization_endpoint',
      message:
        'This provider does not offer the device code flow (no device_authorization_endpoint in its metadata).',
    });
    // Even at Entra: openid-client takes the endpoint from the metadata and nowhere else.
    expect(flowCapabilityProblem('device_code', {}, { entra: true })?.missing).toBe(
      'device_authorization_endpoint',
    );
  });

  it('refuses the authorization code flow without an authorization endpoint', () => {
    expect(flowCapabilityProblem('authorization_code', {})?.message).toContain(
      'no authorization_endpoint',
    );
  });

  it('refuses a grant a listed grant_types_supported leaves out, naming the grant', () => {
    const listed = {
      ...endpoints,
      grant_types_supported: ['authorization_code', 'refresh_token'],
    };
    expect(flowCapabilityProblem('password', listed)?.message).toBe(
      'This provider does not offer the password grant (its grant_types_supported does not list password).',
    );
    expect(flowCapabilityProblem('client_credentials', listed)?.missing).toBe('client_credentials');
    expect(flowCapabilityProblem('device_code', listed)?.missing).toBe(GRANT_TYPES.deviceCode);
    expect(flowCapabilityProblem('on_behalf_of', listed)?.message).toContain(
      `${GRANT_TYPES.jwtBearer} or ${GRANT_TYPES.tokenExchange}`,
    );
    expect(flowCapabilityProblem('authorization_code', listed)).toBeUndefined();
  });

  it('takes either jwt-bearer or token exchange for on-behalf-of, and AD FS’s short device_code', () => {
    expect(
      flowCapabilityProblem('on_behalf_of', { grant_types_supported: [GRANT_TYPES.tokenExchange] }),
    ).toBeUndefined();
    expect(
      flowCapabilityProblem('on_behalf_of', { grant_types_supported: [GRANT_TYPES.jwtBearer] }),
    ).toBeUndefined();
    expect(
      flowCapabilityProblem('device_code', {
        ...endpoints,
        grant_types_supported: ['device_code'],
      }),
    ).toBeUndefined();
  });

  it('refuses nothing on grants when grant_types_supported is absent or not a list', () => {
    for (const flow of FLOW_KINDS) {
      expect(flowCapabilityProblem(flow, endpoints)).toBeUndefined();
      expect(flowCapabilityProblem(flow, { ...endpoints, grant_types_supported: 'password' })).toBe(
        undefined,
      );
    }
  });

  it('does not judge Entra by its incomplete grant list, only by its endpoints', () => {
    const entraLike = { ...endpoints, grant_types_supported: ['authorization_code', 'implicit'] };
    for (const flow of FLOW_KINDS)
      expect(flowCapabilityProblem(flow, entraLike, { entra: true })).toBeUndefined();
    expect(flowCapabilityProblem('password', entraLike)?.missing).toBe('password');
  });

  it('counts an empty endpoint as missing', () => {
    expect(
      flowCapabilityProblem('device_code', { ...endpoints, device_authorization_endpoint: ' ' }),
    ).toBeDefined();
  });
});

describe('parseSystemBrowserRedirect (RFC 8252 §7.3)', () => {
  it('listens on a random port at /callback without a redirect URI', () => {
    expect(parseSystemBrowserRedirect(undefined)).toEqual({
      ok: true,
      redirect: { host: '127.0.0.1' },
    });
    expect(parseSystemBrowserRedirect('  ')).toEqual({ ok: true, redirect: { host: '127.0.0.1' } });
  });

  it('keeps a path without a port on a random port', () => {
    expect(parseSystemBrowserRedirect('http://127.0.0.1/auth')).toEqual({
      ok: true,
      redirect: { host: '127.0.0.1', path: '/auth' },
    });
    expect(parseSystemBrowserRedirect('http://localhost')).toEqual({
      ok: true,
      redirect: { host: 'localhost' },
    });
  });

  it('takes a fixed port and its path exactly, port 80 included', () => {
    expect(parseSystemBrowserRedirect('http://127.0.0.1:8400/callback')).toEqual({
      ok: true,
      redirect: { host: '127.0.0.1', port: 8400, path: '/callback' },
    });
    expect(parseSystemBrowserRedirect('http://localhost:8400')).toEqual({
      ok: true,
      redirect: { host: 'localhost', port: 8400, path: '/' },
    });
    expect(parseSystemBrowserRedirect('http://127.0.0.1:80/cb')).toEqual({
      ok: true,
      redirect: { host: '127.0.0.1', port: 80, path: '/cb' },
    });
  });

  it('refuses what TokenDock cannot listen on', () => {
    for (const uri of [
      'not a url',
      'https://127.0.0.1:8400/callback',
      'http://example.com:8400/callback',
      'http://[::1]:8400/callback',
      'http://127.0.0.1:8400/callback?x=1',
      'http://127.0.0.1:8400/callback#x',
      'http://user@127.0.0.1:8400/callback',
      'http://127.0.0.1:0/callback',
    ]) {
      const result = parseSystemBrowserRedirect(uri);
      expect(result.ok, uri).toBe(false);
      expect(!result.ok && result.message, uri).toContain('http://127.0.0.1:8400/callback');
    }
  });

  it('words the hint with the exact redirect URI', () => {
    expect(redirectHint('http://127.0.0.1:8400/callback')).toBe(
      'Nothing has come back yet. If the provider shows an error, register this redirect URI: http://127.0.0.1:8400/callback',
    );
  });
});
