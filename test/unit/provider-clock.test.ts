import { decodeJwt } from 'jose';
import type { ClientAuth } from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClientAuth } from '../../app/flows/client-auth';
import {
  createProviderClock,
  isSkew,
  nextOffset,
  observedOffset,
  parseAge,
  parseHttpDate,
  SKEW_THRESHOLD_MS,
} from '../../app/flows/provider-clock';
import type { Clock } from '../../app/ports';
import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from '../../app/sandbox/certificate';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MINUTES_10 = 10 * 60_000;

describe('parseHttpDate (RFC 9110 §5.6.7)', () => {
  it('reads the three formats of the RFC as the same instant, in UTC', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(NOV_6_1994);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(NOV_6_1994);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(NOV_6_1994);
    expect(parseHttpDate('Sun Nov 16 08:49:37 1994', NOW)).toBe(NOV_6_1994 + 10 * 86_400_000);
  });

  it('reads what Node and Date#toUTCString write', () => {
    expect(parseHttpDate(new Date(NOW + 1_234).toUTCString(), NOW)).toBe(NOW + 1_000);
  });

  it('reads a two-digit RFC 850 year more than 50 years ahead as the past century', () => {
    expect(parseHttpDate('Wednesday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Saturday, 01-Jan-77 00:00:00 GMT', NOW)).toBe(Date.UTC(1977, 0, 1));
  });

  it.each([
    null,
    undefined,
    '',
    'yesterday',
    '2026-11-29T12:00:00Z',
    'Sun, 06 Nov 1994 08:49:37 UTC',
    'sun, 06 nov 1994 08:49:37 gmt',
    'Sun, 6 Nov 1994 08:49:37 GMT',
    'Mon, 31 Feb 2026 08:49:37 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Sun, 06 Nov 1994 08:49:37 GMT trailing',
  ])('gives undefined for %j', (value) => {
    expect(parseHttpDate(value, NOW)).toBeUndefined();
  });
});

describe('parseAge (RFC 9111 §5.1)', () => {
  it('takes delta-seconds and ignores anything else', () => {
    expect(parseAge('120')).toBe(120);
    expect(parseAge(null)).toBe(0);
    expect(parseAge('-5')).toBe(0);
    expect(parseAge('1.5')).toBe(0);
  });
});

describe('observedOffset', () => {
  const headers = (date: number, age?: number) =>
    new Headers({
      date: new Date(date).toUTCString(),
      ...(age === undefined ? {} : { age: String(age) }),
    });

  it('is the provider Date minus the local arrival time: positive ahead, negative behind', () => {
    expect(observedOffset(headers(NOW + MINUTES_10), NOW)).toBe(MINUTES_10);
    expect(observedOffset(headers(NOW - MINUTES_10), NOW)).toBe(-MINUTES_10);
  });

  it('adds the Age of a cached response, whose Date is the original one', () => {
    expect(observedOffset(headers(NOW - 300_000, 300), NOW)).toBe(0);
  });

  it('is undefined without a valid Date', () => {
    expect(observedOffset(new Headers(), NOW)).toBeUndefined();
    expect(observedOffset(new Headers({ date: 'soon' }), NOW)).toBeUndefined();
  });
});

describe('skew threshold', () => {
  it('takes differences of a few seconds for Date resolution and latency, not skew', () => {
    expect(isSkew(0)).toBe(false);
    expect(isSkew(-1_999)).toBe(false);
    expect(isSkew(SKEW_THRESHOLD_MS - 1)).toBe(false);
    expect(isSkew(SKEW_THRESHOLD_MS)).toBe(true);
    expect(isSkew(-MINUTES_10)).toBe(true);
  });

  it('keeps the current offset against noise and follows real changes, back to 0', () => {
    expect(nextOffset(0, 1_500)).toBe(0);
    expect(nextOffset(0, MINUTES_10)).toBe(MINUTES_10);
    expect(nextOffset(MINUTES_10, MINUTES_10 + 1_000)).toBe(MINUTES_10);
    expect(nextOffset(MINUTES_10, -MINUTES_10)).toBe(-MINUTES_10);
    // The local clock was fixed: what is left is noise, so no correction at all.
    expect(nextOffset(MINUTES_10, -1_000)).toBe(0);
  });
});

describe('createProviderClock', () => {
  it('starts without offset and learns from Date headers, ignoring headers without one', () => {
    let local = NOW;
    const clock = createProviderClock({ now: () => local });
    expect(clock.now()).toBe(NOW);
    expect(clock.observe(new Headers())).toBeUndefined();
    expect(clock.observe(new Headers({ date: new Date(NOW + 2_000).toUTCString() }))).toBe(2_000);
    expect(clock.offsetMs).toBe(0);
    expect(clock.observe(new Headers({ date: new Date(NOW - MINUTES_10).toUTCString() }))).toBe(
      -MINUTES_10,
    );
    expect(clock.offsetMs).toBe(-MINUTES_10);
    local += 5_000;
    expect(clock.now()).toBe(NOW + 5_000 - MINUTES_10);
    expect(clock.local.now()).toBe(NOW + 5_000);
  });
});

describe('certificate assertion times', () => {
  let cert: SelfSignedCertificate;
  beforeAll(async () => {
    cert = await createSelfSignedCertificate('tokendock-clock-test');
  });

  const certificateAuth = (clock: Clock) =>
    buildClientAuth(
      {
        kind: 'certificate',
        privateKeyPem: cert.privateKeyPem,
        certificatePem: cert.certificatePem,
      },
      clock,
    );

  /** The claims of the assertion `auth` puts in a token request body. */
  async function assertionClaims(auth: ClientAuth) {
    const body = new URLSearchParams();
    // Typed as returning void, but private_key_jwt signs asynchronously.
    await Promise.resolve(
      auth(
        { issuer: 'https://op.test', token_endpoint: 'https://op.test/token' },
        { client_id: 'daemon' },
        body,
        new Headers(),
      ),
    );
    return decodeJwt(body.get('client_assertion')!);
  }

  it.each([
    ['ahead', MINUTES_10],
    ['behind', -MINUTES_10],
  ])('stamps iat, nbf and exp in the provider time when it is %s', async (_, offset) => {
    const clock = createProviderClock({ now: () => NOW });
    clock.observe(new Headers({ date: new Date(NOW + offset).toUTCString() }));
    const claims = await assertionClaims(await certificateAuth(clock));
    const expected = (NOW + offset) / 1000;
    expect(claims).toMatchObject({ iat: expected, nbf: expected, exp: expected + 120 });
  });

  it('reads the clock for every assertion, so a learned offset applies to the next one', async () => {
    const clock = createProviderClock({ now: () => NOW });
    const auth = await certificateAuth(clock);
    const send = async () => (await assertionClaims(auth)).iat;
    expect(await send()).toBe(NOW / 1000);
    clock.observe(new Headers({ date: new Date(NOW + MINUTES_10).toUTCString() }));
    expect(await send()).toBe((NOW + MINUTES_10) / 1000);
  });
});
