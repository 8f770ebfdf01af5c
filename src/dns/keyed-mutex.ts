/**
 * Runs async tasks one at a time per key, in the order they arrive, within this process. Tasks
 * under different keys run concurrently. A task that fails does not stop the tasks queued
 * after it.
 */
export class KeyedMutex {
  /** The tail of each key's queue: settles when the last task queued under the key settles. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every task queued earlier under `key` has settled, and returns its result. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(key, tail);

    await previous;
    try {
      return await task();
    } finally {
      release();
      // Drop the key when no later task queued behind this one, so the map does not grow.
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    }
  }

  /** Returns the number of keys with a running or queued task. */
  get activeKeys(): number {
    return this.tails.size;
  }
}
