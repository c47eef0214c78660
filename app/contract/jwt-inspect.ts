/**
 * What a pasted token is, for the decoder: the input is normalised (an `Authorization: Bearer`
 * header, quotes, whitespace and line breaks are read past), then classified as a signed JWT
 * (JWS, RFC 7515 §7.1, decoded), an encrypted JWT (JWE, RFC 7516 §7.1: only its header is
 * readable), an opaque token, or a malformed JWT (naming the part that cannot be read). Pure, no
 * Node: shared by the renderer and the tests. It verifies nothing.
 */

export type TokenPart = 'header' | 'payload' | 'signature';

export interface PartProblem {
  part: TokenPart;
  /** 1-based position of the part in the token. */
  position: number;
  problem: 'empty' | 'not-base64url' | 'not-utf8-json' | 'not-an-object';
}

export type TokenInspection =
  | { kind: 'empty' }
  | {
      kind: 'jws';
      token: string;
      removed: string[];
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
    }
  | {
      kind: 'jwe';
      token: string;
      removed: string[];
      header: Record<string, unknown>;
      alg?: string;
      enc?: string;
    }
  | { kind: 'opaque'; token: string; removed: string[]; length: number }
  | {
      kind: 'malformed';
      token: string;
      removed: string[];
      parts: number;
      /** Set when the part count is wrong (neither 3 nor 5). */
      wrongPartCount?: boolean;
      problems: PartProblem[];
    };

export interface NormalisedToken {
  token: string;
  /** What was read past, for people: "Authorization:", "Bearer", "quotes", "whitespace". */
  removed: string[];
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’' };

/** The token inside what was pasted: header name, scheme, quotes and whitespace removed. */
export function normaliseTokenInput(input: string): NormalisedToken {
  const removed = new Set<string>();
  let text = input.trim();
  for (let round = 0; round < 4; round++) {
    const before = text;
    const quote = QUOTES[text[0] ?? ''];
    if (quote && text.length >= 2 && text.endsWith(quote)) {
      text = text.slice(1, -1).trim();
      removed.add('quotes');
    }
    const header = /^authorization\s*:\s*/i.exec(text);
    if (header) {
      text = text.slice(header[0].length);
      removed.add('Authorization:');
    }
    const scheme = /^bearer(\s+|$)/i.exec(text);
    if (scheme) {
      text = text.slice(scheme[0].length);
      removed.add('Bearer');
    }
    text = text.trim();
    if (text === before) break;
  }
  if (/\s/.test(text)) {
    text = text.replace(/\s+/g, '');
    removed.add('whitespace');
  }
  return { token: text, removed: [...removed] };
}

type SegmentResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; problem: PartProblem['problem'] };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** One base64url segment as a JSON object. */
export function readJsonSegment(segment: string): SegmentResult {
  if (!segment) return { ok: false, problem: 'empty' };
  if (!BASE64URL.test(segment) || segment.length % 4 === 1) {
    return { ok: false, problem: 'not-base64url' };
  }
  let value: unknown;
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'not-utf8-json' };
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { ok: true, value: value as Record<string, unknown> }
    : { ok: false, problem: 'not-an-object' };
}

/** `eyJ` is base64url for `{"`: how every JOSE header and JWT claim set begins. */
const looksLikeJson = (segment: string) => segment.startsWith('eyJ') || segment.startsWith('ewo');

/** What a pasted token is; see the module comment. */
export function inspectToken(input: string): TokenInspection {
  const { token, removed } = normaliseTokenInput(input);
  if (!token) return { kind: 'empty' };
  const parts = token.split('.');
  const opaque = { kind: 'opaque' as const, token, removed, length: token.length };
  const jsonLike = parts.some(looksLikeJson) || parts.some((p) => readJsonSegment(p).ok);
  if (parts.length === 1 || !jsonLike) return opaque;

  if (parts.length === 5) {
    const header = readJsonSegment(parts[0] ?? '');
    if (header.ok && typeof header.value.enc === 'string') {
      const { alg, enc } = header.value;
      return {
        kind: 'jwe',
        token,
        removed,
        header: header.value,
        ...(typeof alg === 'string' ? { alg } : {}),
        enc,
      };
    }
    return {
      kind: 'malformed',
      token,
      removed,
      parts: 5,
      problems: [
        { part: 'header', position: 1, problem: header.ok ? 'not-an-object' : header.problem },
      ],
    };
  }

  if (parts.length !== 3) {
    return {
      kind: 'malformed',
      token,
      removed,
      parts: parts.length,
      wrongPartCount: true,
      problems: [],
    };
  }

  const header = readJsonSegment(parts[0] ?? '');
  const claims = readJsonSegment(parts[1] ?? '');
  const signature = parts[2] ?? '';
  const problems: PartProblem[] = [];
  if (!header.ok) problems.push({ part: 'header', position: 1, problem: header.problem });
  if (!claims.ok) problems.push({ part: 'payload', position: 2, problem: claims.problem });
  if (signature && (!BASE64URL.test(signature) || signature.length % 4 === 1)) {
    problems.push({ part: 'signature', position: 3, problem: 'not-base64url' });
  }
  if (header.ok && claims.ok && problems.length === 0) {
    return { kind: 'jws', token, removed, header: header.value, claims: claims.value };
  }
  return { kind: 'malformed', token, removed, parts: 3, problems };
}

const PART_NAMES: Record<TokenPart, string> = {
  header: 'header',
  payload: 'payload (the claims)',
  signature: 'signature',
};

const PROBLEM_WORDS: Record<PartProblem['problem'], string> = {
  empty: 'is empty',
  'not-base64url': 'is not valid base64url',
  'not-utf8-json': 'is base64url but not UTF-8 JSON',
  'not-an-object': 'is JSON but not an object',
};

/** "Part 2, the payload (the claims), is not valid base64url." */
export function describePartProblem(problem: PartProblem): string {
  return `Part ${problem.position}, the ${PART_NAMES[problem.part]}, ${PROBLEM_WORDS[problem.problem]}.`;
}

/** When a claim set is not usable now: expired (`exp`) or not yet valid (`nbf`). */
export type TokenValidity =
  | { state: 'valid' }
  | { state: 'expired'; at: number }
  | { state: 'not-yet-valid'; at: number }
  | { state: 'unknown' };

/** A NumericDate (seconds) or an ISO string (the engine's decoder) as epoch ms. */
export function claimEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Judges `exp` and `nbf` against `nowMs` (epoch ms), with no leeway. */
export function tokenValidity(claims: Record<string, unknown>, nowMs: number): TokenValidity {
  const exp = claimEpochMs(claims.exp);
  const nbf = claimEpochMs(claims.nbf);
  if (exp !== undefined && exp <= nowMs) return { state: 'expired', at: exp };
  if (nbf !== undefined && nbf > nowMs) return { state: 'not-yet-valid', at: nbf };
  return exp === undefined && nbf === undefined ? { state: 'unknown' } : { state: 'valid' };
}
