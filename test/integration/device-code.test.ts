import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeviceCode } from '../../app/flows/device-code';
import { enterDeviceCode } from '../support/person-at-sandbox';
import { apiTarget, nativeClient, startFixture, type Fixture } from '../support/sandbox-fixture';
import { failure } from '../support/failure';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ deviceIntervalSeconds: 1, deviceCodeTtlSeconds: 30 });
});
afterAll(async () => {
  await f?.close();
});

const devicePolls = (since: number) =>
  f.sandbox.tokenRequests.filter(
    (r) => r.grantType === 'urn:ietf:params:oauth:grant-type:device_code' && r.at >= since,
  );

describe('device code (RFC 8628)', () => {
  it('shows the code, keeps polling while pending, then returns tokens', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const session = await startDeviceCode(connection, { target: apiTarget(f.sandbox) });
    expect(session.prompt.userCode).toMatch(/\w{4,}/);
    expect(session.prompt.verificationUri).toBe(`${f.sandbox.issuer}/device`);
    expect(session.prompt.verificationUriComplete).toContain('user_code=');
    expect(session.prompt.message).toContain(session.prompt.userCode);
    expect(session.prompt.interval).toBe(1);
    expect(session.prompt.expiresIn).toBe(30);

    const started = Date.now();
    const tokens = session.waitForTokens();
    await new Promise((r) => setTimeout(r, 2500)); // let it poll while the person is away
    await enterDeviceCode(f.browser, session.prompt, f.sandbox.users[1]!);
    const result = await tokens;
    expect(devicePolls(started).length).toBeGreaterThanOrEqual(3);
    expect(decodeJwt(result.accessToken)).toMatchObject({
      aud: f.sandbox.resources.api.identifier,
      sub: f.sandbox.users[1]!.sub,
    });
    expect(result.refreshToken).toBeTruthy();
    expect(result.account.userId).toBe(f.sandbox.users[1]!.username);
  });

  it('adds 5 seconds to the interval on slow_down', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const session = await startDeviceCode(connection, { target: apiTarget(f.sandbox) });
    f.sandbox.faults.inject({ kind: 'deviceSlowDown', times: 1 });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = failure(session.waitForTokens(controller.signal));
    // poll 1 at ~1 s is answered slow_down; poll 2 must wait 1 + 5 = 6 s.
    while (devicePolls(started).length < 2) await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    const [first, second] = devicePolls(started);
    expect(first!.fault).toBe('deviceSlowDown');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(5_900);
    expect((await waiting)?.code).toBe('cancelled');
  }, 20_000);

  it('ends with access_denied when the person declines', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const session = await startDeviceCode(connection, { target: apiTarget(f.sandbox) });
    const waiting = failure(session.waitForTokens());
    await enterDeviceCode(f.browser, session.prompt, f.sandbox.users[0]!, 'deny');
    const error = await waiting;
    expect(error?.code).toBe('access_denied');
  });

  it('ends with expired_token when the code runs out', async () => {
    const short = await startFixture({
      deviceIntervalSeconds: 1,
      deviceCodeTtlSeconds: 2,
      browser: false,
    });
    try {
      const connection = await short.connectClient(nativeClient(short.sandbox));
      const session = await startDeviceCode(connection, { target: apiTarget(short.sandbox) });
      const error = await failure(session.waitForTokens());
      expect(error?.code).toBe('expired_token');
      expect(error?.hint).toMatch(/Start again/);
    } finally {
      await short.close();
    }
  });

  it('stops polling at once when cancelled', async () => {
    const connection = await f.connectClient(nativeClient(f.sandbox));
    const session = await startDeviceCode(connection, { target: apiTarget(f.sandbox) });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 1500);
    const error = await failure(session.waitForTokens(controller.signal));
    expect(error?.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(1500 + 300);
    const polls = devicePolls(started).length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(devicePolls(started).length).toBe(polls);
  });
});
