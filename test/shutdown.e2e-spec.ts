import { connect, Socket } from 'node:net';

import { LOCAL_ADMIN_PASSWORD } from './support/app';
import { AppProcess, startAppProcess } from './support/app-process';
import { createTestDatabase, TestDatabase } from './support/postgres';

async function waitFor(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', () => resolve(true));
  });
}

describe('graceful shutdown (e2e)', () => {
  let database: TestDatabase;
  let app: AppProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startAppProcess({
      DATABASE_URL: database.url,
      LOCAL_ADMIN_PASSWORD,
      JWT_SECRET: 'shutdown-test-jwt-secret-of-at-least-32-characters',
      SETTINGS_ENCRYPTION_KEY: 'shutdown-test-settings-key-of-at-least-32-chars',
    });
  });

  afterAll(async () => {
    await app.stop();
    await database.drop();
  });

  it('finishes a request in flight after SIGTERM', async () => {
    const body = JSON.stringify({ username: 'admin', password: LOCAL_ADMIN_PASSWORD });
    const socket: Socket = connect(app.port, '127.0.0.1');
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    await new Promise((resolve) => socket.once('connect', resolve));
    // Half a request: the server has accepted it and waits for the rest of the body.
    socket.write(
      'POST /api/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    app.child.kill('SIGTERM');
    await waitFor(() => app.output().includes('SIGTERM received'), 'the shutdown to start');
    await waitFor(() => refusesConnections(app.port), 'the listener to close');
    socket.write(body.slice(10));
    await new Promise((resolve) => socket.once('close', resolve));

    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('"access"');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('Stopped');
  });
});
