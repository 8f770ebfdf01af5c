import { randomBytes } from 'node:crypto';

import { LOCAL_ADMIN_PASSWORD } from './support/app';
import { AppProcess, startAppProcess } from './support/app-process';
import { createTestDatabase, TestDatabase } from './support/postgres';

/** How long a replica may take to apply a change another one made (NOTIFY arrives at once). */
const REPLICA_DELAY_MS = 5000;
const THROTTLE_LIMIT = 3;

/**
 * Two API processes on one PostgreSQL database and one directory, as two replicas behind a
 * Service: whatever one of them decides, the other must honour.
 */
describe('two replicas (e2e)', () => {
  let database: TestDatabase;
  let first: AppProcess;
  let second: AppProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const shared = {
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      SETTINGS_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
      LOCAL_ADMIN_PASSWORD,
      LOGIN_THROTTLE_MAX_PER_USERNAME: String(THROTTLE_LIMIT),
      LOG_LEVEL: 'warn',
    };
    first = await startAppProcess(shared);
    second = await startAppProcess(shared);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.drop();
  });

  async function call(
    app: AppProcess,
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });

    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function loginAsAdmin(app: AppProcess): Promise<string> {
    const response = await call(app, 'POST', '/api/token/', {
      body: { username: 'admin', password: LOCAL_ADMIN_PASSWORD },
    });
    expect(response.status).toBe(200);

    return response.body.access as string;
  }

  async function waitUntil(check: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + REPLICA_DELAY_MS;
    while (Date.now() < deadline) {
      if (await check()) {
        return true;
      }

      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    return false;
  }

  it('accepts a token the other replica issued', async () => {
    const token = await loginAsAdmin(first);

    const response = await call(second, 'GET', '/api/users/me/', { token });

    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ username: 'admin' });
  });

  it('honours a logout made on the other replica', async () => {
    const token = await loginAsAdmin(first);
    expect((await call(second, 'GET', '/api/users/me/', { token })).status).toBe(200);

    expect((await call(first, 'POST', '/api/users/logout/', { token })).status).toBe(200);

    expect((await call(second, 'GET', '/api/users/me/', { token })).status).toBe(401);
  });

  it('applies a settings change made on the other replica', async () => {
    const token = await loginAsAdmin(first);
    const loginRows = async (): Promise<number> => {
      const logs = await call(first, 'GET', '/api/logs/?actionType=LOGIN', { token });

      return (logs.body.logs as unknown[]).length;
    };

    expect(await loginRows()).toBe(0);

    const saved = await call(first, 'POST', '/api/settings/save/', {
      token,
      body: { LDAP_LOG_LOGIN: { value: true } },
    });
    expect(saved.status).toBe(200);

    // The second replica writes LOGIN rows only once it has applied the switch.
    const applied = await waitUntil(async () => {
      await loginAsAdmin(second);

      return (await loginRows()) > 0;
    });
    expect(applied).toBe(true);
    expect((await call(second, 'GET', '/api/settings/reset/', { token })).status).toBe(200);
  });

  it('shares login throttling between replicas', async () => {
    const username = `scale.${randomBytes(4).toString('hex')}`;
    const replicas = [first, second];
    for (let attempt = 0; attempt < THROTTLE_LIMIT; attempt += 1) {
      const response = await call(replicas[attempt % 2], 'POST', '/api/token/', {
        body: { username, password: 'wrong-password' },
      });
      expect(response.status).toBe(401);
    }

    for (const replica of replicas) {
      const response = await call(replica, 'POST', '/api/token/', {
        body: { username, password: 'wrong-password' },
      });

      expect(response.status).toBe(429);
      expect(response.body.code).toBe('login_throttled');
    }
  });
});
