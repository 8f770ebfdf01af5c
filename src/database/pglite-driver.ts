import { PGliteDriver } from 'typeorm-pglite';

type PGlitePoolClass = PGliteDriver['driver']['Pool'];
type ConnectCallback = Parameters<InstanceType<PGlitePoolClass>['connect']>[0];
type EndCallback = Parameters<InstanceType<PGlitePoolClass>['end']>[0];

/** How long a query runner waits for PGlite's only session before its connect fails. */
const SESSION_WAIT_TIMEOUT_MS = 60_000;

interface SessionWaiter {
  grant(): void;
  reject(error: Error): void;
}

/**
 * First-in, first-out lock over the single PGlite session. A holder gets a release function that
 * hands the session to the next waiter, and calling it more than once has no effect.
 */
class SessionLease {
  private held = false;
  private closed = false;
  private readonly waiters: SessionWaiter[] = [];

  acquire(): Promise<() => void> {
    if (this.closed) {
      return Promise.reject(
        new Error('Cannot start a query because the PGlite database is closed'),
      );
    }

    if (!this.held) {
      this.held = true;

      return Promise.resolve(this.createRelease());
    }

    return new Promise((resolve, reject) => {
      const waiter: SessionWaiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.createRelease());
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `Timed out after ${SESSION_WAIT_TIMEOUT_MS / 1000} s waiting for the PGlite session. ` +
              'PGlite has one session, so a query runner must be released before the next one ' +
              'can run. Look for code that opens a second query runner before releasing its first.',
          ),
        );
      }, SESSION_WAIT_TIMEOUT_MS);
      this.waiters.push(waiter);
    });
  }

  /** Rejects every waiter and every later acquire. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      waiter.reject(new Error('The PGlite database was closed while a query runner waited for it'));
    }
  }

  private createRelease(): () => void {
    let released = false;

    return () => {
      if (released) {
        return;
      }

      released = true;
      const next = this.waiters.shift();
      if (next === undefined) {
        this.held = false;
      } else {
        next.grant();
      }
    };
  }
}

/**
 * Builds the `driver` option of a TypeORM `postgres` DataSource that runs on embedded PGlite
 * stored in `dataDir`.
 *
 * typeorm-pglite 0.3 hands the same PGlite session to every query runner, so the statements of
 * concurrent transactions would interleave and one request could roll back another's writes.
 * This pool lends the session to one query runner at a time, as a `pg` pool with one connection
 * would. Code that opens a second query runner before releasing its first therefore waits for
 * SESSION_WAIT_TIMEOUT_MS and then fails.
 *
 * NOTE: typeorm-pglite keeps one PGlite instance per process and takes its options from the
 * most recent driver built, so only one PGlite DataSource can be open at a time.
 */
export function createPGliteDriver(dataDir: string): { Pool: PGlitePoolClass } {
  const { Pool } = new PGliteDriver({ dataDir }).driver;

  class ExclusivePGlitePool extends Pool {
    private readonly lease = new SessionLease();

    override async connect(callback: ConnectCallback): Promise<void> {
      let release: () => void;
      try {
        release = await this.lease.acquire();
      } catch (error) {
        callback(error, null, () => undefined);

        return;
      }

      await super.connect((error, client) => {
        if (error) {
          release();
          callback(error, null, () => undefined);

          return;
        }

        callback(null, client, release);
      });
    }

    override end(callback: EndCallback): void {
      this.lease.close();
      super.end(callback);
    }
  }

  return { Pool: ExclusivePGlitePool };
}
