/**
 * A counting semaphore: at most `max` calls of `run` execute their work at once, and the others
 * wait in first-in, first-out order.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`ConcurrencyLimit max must be a positive integer, got ${max}.`);
    }
  }

  /** Number of calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` once a slot is free and frees the slot when it settles, also on failure. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;

      return Promise.resolve();
    }

    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      this.active -= 1;

      return;
    }

    // The slot passes straight to the next caller, so `active` stays the same.
    next();
  }
}
