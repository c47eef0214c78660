import type { TokenDockError } from '../../app/errors/tokendock-error';

/** The error a promise rejects with, or undefined when it resolves. */
export const failure = (promise: Promise<unknown>): Promise<TokenDockError | undefined> =>
  promise.then(
    () => undefined,
    (e: unknown) => e as TokenDockError,
  );
