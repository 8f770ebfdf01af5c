import { ConcurrencyLimit } from './concurrency-limit';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });

  return { promise, resolve, reject };
}

async function flush(): Promise<void> {
  for (let round = 0; round < 5; round += 1) {
    await Promise.resolve();
  }
}

describe('ConcurrencyLimit', () => {
  it('runs at most max calls at once', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, index) =>
      limit.run(async () => {
        started.push(index);
        await gate.promise;

        return index;
      }),
    );
    await flush();

    expect(started).toEqual([0, 1]);
    expect(limit.queued).toBe(1);

    gates[1].resolve();
    await flush();

    expect(started).toEqual([0, 1, 2]);
    expect(limit.queued).toBe(0);

    gates[0].resolve();
    gates[2].resolve();

    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
  });

  it('starts waiting calls in arrival order', async () => {
    const limit = new ConcurrencyLimit(1);
    const first = deferred();
    const order: string[] = [];
    const runs = [
      limit.run(async () => {
        order.push('first');
        await first.promise;
      }),
      limit.run(() => {
        order.push('second');

        return Promise.resolve();
      }),
      limit.run(() => {
        order.push('third');

        return Promise.resolve();
      }),
    ];
    first.resolve();
    await Promise.all(runs);

    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('frees the slot when work fails', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = limit.run(() => Promise.reject(new Error('search failed')));

    await expect(failing).rejects.toThrow('search failed');
    await expect(limit.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(limit.queued).toBe(0);
  });

  it('rejects a max below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
  });

  it('rejects a fractional max', () => {
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});
