/**
 * The file logger's own redaction, on top of the engine's (which blanks every secret value it
 * has seen): fields named like secrets, JWTs, bearer credentials and secret query parameters are
 * blanked wherever they appear, so a log line from main/ or the vault cannot carry one either.
 */

const SECRET_KEY =
  /(token|secret|password|passwd|assertion|verifier|authorization|cookie|private.?key|^code$|user.?code|device.?code)/i;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[\w~+/.=-]{8,}/gi;
const SECRET_PARAM =
  /([?&#](?:code|access_token|refresh_token|id_token|client_secret|client_assertion|password|code_verifier|assertion|subject_token)=)[^&#\s"']+/gi;

export const REDACTED = '[redacted]';

/** Blanks secret-looking parts of a text. */
export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(SECRET_PARAM, `$1${REDACTED}`);
}

/** Blanks string values under secret-looking keys, and secret-looking parts of any string. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      SECRET_KEY.test(key) && typeof v === 'string' ? REDACTED : redactFields(v, depth + 1),
    ]),
  );
}
