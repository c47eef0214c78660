/**
 * Starts something on first use and shares it: every caller gets the same promise. A failed
 * start is forgotten, so the next call tries again. `peek` returns the started value, if any.
 */
export function lazyOnce<T>(start: () => Promise<T>): {
  get: () => Promise<T>;
  peek: () => Promise<T> | undefined;
} {
  let pending: Promise<T> | undefined;
  return {
    get: () => {
      if (!pending) {
        const attempt = start();
        pending = attempt;
        attempt.catch(() => {
          if (pending === attempt) pending = undefined;
        });
      }
      return pending;
    },
    peek: () => pending,
  };
}
