import type { Logger } from '../ports';

/** Shortest value treated as a secret: shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * Remembers every secret value the engine has seen (tokens, client secrets, keys, passwords) and
 * blanks them out of any text. The last line of defence: callers already pass no secrets to logs.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  remember(...values: Array<string | undefined>): void {
    for (const value of values)
      if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets)
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }

  /** Redacts strings anywhere inside a JSON-like value. */
  redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactValue(v)]));
    }
    return value;
  }
}

/** A logger whose every message and field goes through the redactor first. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  const wrap = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) =>
    logger[level](
      redactor.redact(message),
      fields ? (redactor.redactValue(fields) as Record<string, unknown>) : undefined,
    );
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
