/**
 * One request per key at a time: concurrent callers share the promise of the first. With
 * refresh-token rotation this is what keeps two refreshes from spending the same refresh token
 * (oidc-provider and Entra revoke the whole family when that happens).
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  has(key: string): boolean {
    return this.inFlight.has(key);
  }
}
