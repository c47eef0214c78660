import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../app/contract/jwt';

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwt', () => {
  it('reads header and claims, UTF-8 included', () => {
    const token = `${segment({ alg: 'RS256', kid: 'k1' })}.${segment({ sub: 'ü-user', exp: 1 })}.sig`;
    expect(decodeJwt(token)).toEqual({
      header: { alg: 'RS256', kid: 'k1' },
      claims: { sub: 'ü-user', exp: 1 },
    });
  });

  it('says undefined for opaque or broken tokens', () => {
    for (const token of [
      'opaque-token',
      'a.b',
      `${segment([1])}.${segment({})}.s`,
      `${segment({})}.%%%.s`,
      'e30.bm90IGpzb24.s',
    ]) {
      expect(decodeJwt(token)).toBeUndefined();
    }
  });
});
