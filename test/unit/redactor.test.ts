import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_REMEMBERED_SECRETS, Redactor } from '../../app/engine/redactor';

/** Every JWT from one issuer starts with the same header: a shared beginning is the norm. */
const JWT_HEADER =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjJaUXBKM1VwYmpBWVhZR2FYRUpsOGxWMFRPSSJ9';

/** A JWT-shaped token: the shared header, a payload and a random signature. */
function fakeJwt(): string {
  const payload = randomBytes(600).toString('base64url');
  return `${JWT_HEADER}.${payload}.${randomBytes(256).toString('base64url')}`;
}

/** The garbage collector, when this process can reach it (`--expose-gc`, or turned on here). */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

describe('Redactor: what it blanks', () => {
  it('redacts values anywhere in text: start, middle, end, repeated, whole text', () => {
    const r = new Redactor();
    r.remember('s3cr3t~value.with spaces');
    expect(r.redact('s3cr3t~value.with spaces')).toBe('[redacted]');
    expect(r.redact('s3cr3t~value.with spaces and more')).toBe('[redacted] and more');
    expect(r.redact('pw=s3cr3t~value.with spaces')).toBe('pw=[redacted]');
    expect(r.redact('a s3cr3t~value.with spaces b s3cr3t~value.with spaces')).toBe(
      'a [redacted] b [redacted]',
    );
    expect(r.redact('s3cr3t~value.with space')).toBe('s3cr3t~value.with space');
    expect(r.redact('')).toBe('');
    r.remember('pässwört mit Ümlaut ✓\n😀');
    expect(r.redact('pw: pässwört mit Ümlaut ✓\n😀!')).toBe('pw: [redacted]!');
  });

  it('ignores values shorter than 8 characters and undefined', () => {
    const r = new Redactor();
    r.remember('short', undefined, '', '1234567');
    expect(r.size).toBe(0);
    expect(r.redact('short 1234567')).toBe('short 1234567');
    r.remember('12345678');
    expect(r.redact('x12345678y')).toBe('x[redacted]y');
  });

  it('gives adjacent values one [redacted] each, and overlapping ones a single one', () => {
    const r = new Redactor();
    r.remember('AAAAAAAAAA', 'BBBBBBBBBB', 'XXXXXXXX1234', '1234YYYYYYYY');
    expect(r.redact('<AAAAAAAAAABBBBBBBBBB>')).toBe('<[redacted][redacted]>');
    // The two overlap on "1234": nothing of either is left.
    expect(r.redact('<XXXXXXXX1234YYYYYYYY>')).toBe('<[redacted]>');
  });

  it('lets the longer of two values sharing a beginning (or an end) win', () => {
    const r = new Redactor();
    r.remember('prefix-secret', 'prefix-secret-and-more');
    expect(r.redact('v=prefix-secret-and-more;')).toBe('v=[redacted];');
    expect(r.redact('v=prefix-secret;')).toBe('v=[redacted];');
    r.remember('the-same-ending', 'longer-the-same-ending');
    expect(r.redact('v=longer-the-same-ending;')).toBe('v=[redacted];');
    expect(r.redact('v=the-same-ending;')).toBe('v=[redacted];');
  });

  it('finds one token among many JWTs that share their header', () => {
    const r = new Redactor();
    const tokens = Array.from({ length: 50 }, fakeJwt);
    r.remember(...tokens);
    const stranger = fakeJwt();
    expect(r.redact(`Bearer ${tokens[17]} and ${stranger}`)).toBe(
      `Bearer [redacted] and ${stranger}`,
    );
  });

  it('stops redacting a value once forgotten, and keeps the others', () => {
    const r = new Redactor();
    r.remember('old-access-token', 'new-access-token', 'ending-shared-token');
    r.forget('old-access-token', undefined, 'never-remembered');
    expect(r.size).toBe(2);
    expect(r.redact('old-access-token new-access-token')).toBe('old-access-token [redacted]');
    // Forgetting one of two values with the same last 8 characters keeps the other.
    r.remember('x-shared-token');
    r.forget('ending-shared-token');
    expect(r.redact('x-shared-token ending-shared-token')).toBe('[redacted] ending-shared-token');
    r.remember('old-access-token');
    expect(r.redact('old-access-token')).toBe('[redacted]');
  });
});

describe('Redactor: bounded memory', () => {
  it('drops the oldest remembered value first beyond its bound', () => {
    const r = new Redactor(3);
    r.remember('value-one', 'value-two', 'value-three');
    r.remember('value-one'); // remembered again: now the newest
    r.remember('value-four');
    expect(r.size).toBe(3);
    expect(r.redact('value-one value-two value-three value-four')).toBe(
      '[redacted] value-two [redacted] [redacted]',
    );
  });

  it(`holds at most ${MAX_REMEMBERED_SECRETS} values by default`, () => {
    const r = new Redactor();
    for (let i = 0; i <= MAX_REMEMBERED_SECRETS; i += 1) r.remember(`secret-number-${i}`);
    expect(r.size).toBe(MAX_REMEMBERED_SECRETS);
    expect(r.redact('secret-number-0!')).toBe('secret-number-0!');
    expect(r.redact(`secret-number-${MAX_REMEMBERED_SECRETS}!`)).toBe('[redacted]!');
  });

  it('stays small over 100,000 rotations (remember the new token, forget the old)', () => {
    const gc = collector();
    const r = new Redactor();
    const live = 'client-secret~with.dots';
    r.remember(live);
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let previous: string | undefined;
    let largest = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const token = `${JWT_HEADER}.${i.toString(36).padStart(8, '0')}.${randomBytes(96).toString('base64url')}`;
      r.remember(token);
      r.forget(previous);
      previous = token;
      largest = Math.max(largest, r.size);
    }
    expect(largest).toBeLessThanOrEqual(2);
    expect(r.size).toBe(2);
    expect(r.redact(`${live} ${previous}`)).toBe('[redacted] [redacted]');
    gc?.();
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    console.log(
      `redactor after 100,000 rotations: ${r.size} values remembered, heap ${grownMb.toFixed(2)} MB ` +
        (gc ? '(after gc)' : '(no gc available: not asserted)'),
    );
    if (gc) expect(grownMb).toBeLessThan(4);
  });
});

describe('Redactor: cost per line', () => {
  /** Microseconds per redaction of `line` by each redactor: the best of interleaved rounds. */
  function microsPerLine(redactors: Redactor[], line: string): number[] {
    const perRound = 400;
    const best = redactors.map(() => Infinity);
    for (let round = 0; round < 9; round += 1) {
      redactors.forEach((r, which) => {
        const started = process.hrtime.bigint();
        for (let i = 0; i < perRound; i += 1) r.redact(line);
        const micros = Number(process.hrtime.bigint() - started) / 1000 / perRound;
        best[which] = Math.min(best[which]!, micros);
      });
    }
    return best;
  }

  it('does not depend on how many values are remembered (100 vs 20,000)', () => {
    const live = fakeJwt();
    const stranger = fakeJwt();
    const line = `refresh ok for api://payroll; Authorization: Bearer ${live}; previous ${stranger}; took 182 ms`;
    const expected = `refresh ok for api://payroll; Authorization: Bearer [redacted]; previous ${stranger}; took 182 ms`;

    const few = new Redactor();
    for (let i = 0; i < 99; i += 1) few.remember(fakeJwt());
    few.remember(live);
    const many = new Redactor();
    for (let i = 0; i < 19_999; i += 1) many.remember(fakeJwt());
    many.remember(live);
    expect(few.redact(line)).toBe(expected);
    expect(many.redact(line)).toBe(expected);

    microsPerLine([few, many], line); // warm up
    const [withFew, withMany] = microsPerLine([few, many], line) as [number, number];
    const ratio = withMany / withFew;
    console.log(
      `redactor, one ${line.length}-character line: ${withFew.toFixed(1)} µs with 100 values, ` +
        `${withMany.toFixed(1)} µs with 20,000 (ratio ${ratio.toFixed(2)})`,
    );
    expect(ratio).toBeLessThan(3);
  });
});
