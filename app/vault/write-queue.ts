const settle = (): void => undefined;

/**
 * Orders the vault's writes without timers: operations on one key (an account id) run one after
 * another in call order; operations on different keys run side by side; an exclusive operation
 * (settings, a change of where secrets live) waits for everything called before it, and
 * everything called after it waits for it. A failed operation rejects its own promise only.
 */
export class WriteQueue {
  readonly #chains = new Map<string, Promise<void>>();
  #barrier: Promise<void> = Promise.resolve();

  /** Runs `task` after the earlier operations on `key` and the earlier exclusive ones. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(key);
    const after = previous === undefined ? this.#barrier : Promise.all([this.#barrier, previous]);
    const result = after.then(task);
    const tail = result.then(settle, settle);
    this.#chains.set(key, tail);
    void tail.then(() => {
      if (this.#chains.get(key) === tail) this.#chains.delete(key);
    });
    return result;
  }

  /** Runs `task` alone: after every operation called before it, before every one called after. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = Promise.all([this.#barrier, ...this.#chains.values()]).then(task);
    this.#barrier = result.then(settle, settle);
    return result;
  }

  /** Resolves once every operation called so far has settled. */
  async idle(): Promise<void> {
    await Promise.all([this.#barrier, ...this.#chains.values()]);
  }
}
