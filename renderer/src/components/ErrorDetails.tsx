import { useState, type ReactNode } from 'react';
import { errorWords, type ErrorInfo } from '../../../app/contract/errors';
import { copyText } from '../format/clipboard';

/** The lines a support request needs, as plain text (never a secret: ErrorInfo carries none). */
export function errorDetailsText(title: string, error: ErrorInfo): string {
  const lines = [
    title,
    `Code: ${error.code}`,
    `Message: ${error.message}`,
    error.providerError && `Provider error: ${error.providerError}`,
    error.providerErrorDescription && `Provider description: ${error.providerErrorDescription}`,
    error.errorCodes?.length && `AADSTS codes: ${error.errorCodes.join(', ')}`,
    error.suberror && `Suberror: ${error.suberror}`,
    error.claims && `Claims challenge: ${error.claims}`,
    error.errorUri && `Error page: ${error.errorUri}`,
    error.hint && `Hint: ${error.hint}`,
    error.httpStatus && `HTTP status: ${error.httpStatus}`,
    error.retryAfterSeconds !== undefined && `Retry after: ${error.retryAfterSeconds} s`,
    error.traceId && `Trace id: ${error.traceId}`,
    error.correlationId && `Correlation id: ${error.correlationId}`,
    `Time: ${new Date().toISOString()}`,
  ];
  return lines.filter(Boolean).join('\n');
}

interface ErrorDetailsProps {
  title: string;
  error: ErrorInfo;
  onDismiss?: () => void;
  /** Announce it (for failures that arrive on their own, not in answer to a keypress). */
  alert?: boolean;
  /** What the person can do about it (Retry now), first in the button row. */
  actions?: ReactNode;
}

/**
 * A failure said plainly, each thing once: what went wrong, the provider's words, the hint, what
 * to do about it, "Copy details".
 */
export function ErrorDetails({
  title,
  error,
  onDismiss,
  alert = true,
  actions,
}: ErrorDetailsProps) {
  const [copied, setCopied] = useState<string>();
  const words = errorWords(error);
  const copy = () => {
    copyText(errorDetailsText(title, error)).then(
      () => setCopied('Details copied.'),
      (e: unknown) => setCopied(e instanceof Error ? e.message : 'Could not copy.'),
    );
  };
  return (
    <div className="error-details" role={alert ? 'alert' : undefined}>
      <p className="error-title">
        <strong>{title}</strong> <code className="error-code">{error.code}</code>
      </p>
      {words.message && <p>{words.message}</p>}
      {(words.providerError || words.providerDescription) && (
        <p className="error-provider">
          <span className="muted">The provider said: </span>
          {words.providerError && <code>{words.providerError}</code>}
          {words.providerDescription && <> {words.providerDescription}</>}
        </p>
      )}
      {error.errorCodes?.length ? (
        <p className="muted">
          AADSTS{' '}
          {error.errorCodes.map((c) => (
            <code key={c}>{c}</code>
          ))}
        </p>
      ) : null}
      {error.hint && (
        <p className="error-hint">
          <strong>What to do: </strong>
          {error.hint}
        </p>
      )}
      {error.errorUri && (
        <p>
          <a href={error.errorUri} target="_blank" rel="noreferrer">
            More about this error
          </a>
        </p>
      )}
      {(error.traceId || error.correlationId) && (
        <p className="muted small">
          {error.traceId && <>Trace id {error.traceId}. </>}
          {error.correlationId && <>Correlation id {error.correlationId}.</>}
        </p>
      )}
      <div className="button-row">
        {actions}
        <button type="button" onClick={copy}>
          Copy details
        </button>
        {onDismiss && (
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        )}
        {copied && (
          <span className="muted small" role="status">
            {copied}
          </span>
        )}
      </div>
    </div>
  );
}
