import { describe, expect, it } from 'vitest';
import { ActivityLog } from '../../app/engine/activity-log';
import { Redactor, redactingLogger } from '../../app/engine/redactor';
import { describeToken, formatToken } from '../../app/engine/token-format';

describe('Redactor', () => {
  it('blanks every remembered secret out of text, fields and nested values', () => {
    const redactor = new Redactor();
    redactor.remember('super-secret-refresh-token', undefined, 'short');
    expect(redactor.redact('rt=super-secret-refresh-token; again super-secret-refresh-token')).toBe(
      'rt=[redacted]; again [redacted]',
    );
    expect(redactor.redact('short words stay')).toBe('short words stay');
    const lines: string[] = [];
    const logger = redactingLogger(
      {
        debug: () => undefined,
        info: (m, f) => void lines.push(`${m} ${JSON.stringify(f)}`),
        warn: () => undefined,
        error: () => undefined,
      },
      redactor,
    );
    logger.info('got super-secret-refresh-token', {
      nested: { list: ['super-secret-refresh-token'] },
    });
    expect(lines).toEqual(['got [redacted] {"nested":{"list":["[redacted]"]}}']);
  });
});

describe('ActivityLog', () => {
  it('keeps the newest entries up to its capacity, newest first, redacted', () => {
    const redactor = new Redactor();
    redactor.remember('leaked-token-value');
    const log = new ActivityLog(redactor, 3);
    for (let i = 1; i <= 5; i += 1)
      log.add({ at: i, kind: 'refreshed', message: `refresh ${i} leaked-token-value` });
    expect(log.list().map((e) => e.message)).toEqual([
      'refresh 5 [redacted]',
      'refresh 4 [redacted]',
      'refresh 3 [redacted]',
    ]);
  });
});

describe('token formats', () => {
  it('formats raw, header and curl, quoting the URL for a POSIX shell', () => {
    expect(formatToken('abc', 'raw')).toBe('abc');
    expect(formatToken('abc', 'header')).toBe('Authorization: Bearer abc');
    // No made-up host: without the target's URL there is no curl command to give.
    expect(() => formatToken('abc', 'curl')).toThrow(
      expect.objectContaining({
        code: 'invalid_configuration',
        fields: expect.objectContaining({ curlUrl: expect.any(String) }),
      }),
    );
    expect(formatToken('abc', 'curl', "https://x.test/?q='a'")).toBe(
      `curl -H 'Authorization: Bearer abc' 'https://x.test/?q='\\''a'\\'''`,
    );
  });

  it('describes JWTs with ISO times and opaque tokens plainly', () => {
    const jwt = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"exp":1800000000,"aud":"x"}').toString('base64url')}.sig`;
    expect(describeToken(jwt)).toEqual({
      kind: 'jwt',
      header: { alg: 'RS256' },
      claims: { exp: '2027-01-15T08:00:00.000Z', aud: 'x' },
    });
    expect(describeToken('opaque-value')).toEqual({ kind: 'opaque', length: 12 });
  });
});
