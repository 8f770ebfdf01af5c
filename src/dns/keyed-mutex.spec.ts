import { KeyedMutex } from './keyed-mutex';

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe(KeyedMutex.name, () => {
  it('runs tasks of one key one at a time in order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;

    await Promise.all(
      [30, 10, 20, 0].map((ms, index) =>
        mutex.run('zone', async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          events.push(`start ${index}`);
          await delay(ms);
          events.push(`end ${index}`);
          running--;
        }),
      ),
    );

    expect(maxRunning).toBe(1);
    expect(events).toEqual([
      'start 0',
      'end 0',
      'start 1',
      'end 1',
      'start 2',
      'end 2',
      'start 3',
      'end 3',
    ]);
  });

  it('runs tasks of different keys concurrently', async () => {
    const mutex = new KeyedMutex();
    let running = 0;
    let maxRunning = 0;
    const task = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await delay(10);
      running--;
    };

    await Promise.all([mutex.run('a', task), mutex.run('b', task)]);

    expect(maxRunning).toBe(2);
  });

  it('continues the queue after a failed task', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('zone', () => Promise.reject(new Error('modify failed')));
    const next = mutex.run('zone', () => Promise.resolve('next'));

    await expect(failed).rejects.toThrow('modify failed');
    await expect(next).resolves.toBe('next');
  });

  it('forgets a key once its queue is empty', async () => {
    const mutex = new KeyedMutex();

    await Promise.all([mutex.run('a', () => delay(5)), mutex.run('a', () => delay(5))]);

    expect(mutex.activeKeys).toBe(0);
  });
});
