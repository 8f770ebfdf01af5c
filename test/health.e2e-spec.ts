import { DataSource } from 'typeorm';

import { LOCAL_ADMIN_PASSWORD, login, startTestApp, TestApp } from './support/app';

/** A loopback port with nothing listening: the kernel refuses connections at once. */
const CLOSED_PORT_URL = 'ldaps://127.0.0.1:1';

describe('health and metrics (e2e)', () => {
  describe('with the sandbox directory', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
    });

    afterAll(async () => {
      await app.close();
    });

    it('reports liveness without a token or envelope', async () => {
      const response = await app.http.get('/healthz').expect(200);

      expect(response.body).toEqual({ status: 'ok' });
    });

    it('reports readiness with the directory up', async () => {
      const response = await app.http.get('/readyz').expect(200);

      expect(response.body).toEqual({
        status: 'ready',
        database: 'up',
        migrations: 'done',
        directory: 'up',
      });
    });

    it('counts requests by route template', async () => {
      await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);
      await app.http.get('/no/such/path').expect(404);

      const metrics = (await app.http.get('/metrics').expect(200)).text;

      expect(metrics).toMatch(
        /http_requests_total\{method="POST",route="\/api\/token",status="200"\} \d+/,
      );
      expect(metrics).toMatch(
        /http_requests_total\{method="GET",route="unmatched",status="404"\} 1/,
      );
      expect(metrics).toContain('http_request_duration_seconds_bucket{');
    });

    it('exposes directory, pool and login metrics', async () => {
      await app.http.post('/api/token/').send({ username: 'admin', password: 'wrong' }).expect(401);

      const response = await app.http.get('/metrics').expect(200);

      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/interlock_logins_total\{result="success"\} [1-9]/);
      expect(response.text).toMatch(/interlock_logins_total\{result="invalid_credentials"\} 1/);
      expect(response.text).toMatch(
        /interlock_ldap_operation_duration_seconds_count\{operation="search",result="success"\} [1-9]/,
      );
      expect(response.text).toMatch(/interlock_ldap_pool_connections\{state="idle"\} \d+/);
      expect(response.text).toContain('process_cpu_seconds_total');
    });

    it('counts refresh token reuse', async () => {
      const { refresh } = await login(app, 'admin', LOCAL_ADMIN_PASSWORD);
      await app.http.post('/api/token/refresh/').send({ refresh }).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await app.http.post('/api/token/refresh/').send({ refresh }).expect(401);

      const metrics = (await app.http.get('/metrics').expect(200)).text;

      expect(metrics).toMatch(/interlock_refresh_reuse_total 1/);
    });
  });

  describe('without a directory', () => {
    it('stays ready while the directory is down', async () => {
      const app = await startTestApp({ LDAP_AUTH_URL: CLOSED_PORT_URL });
      try {
        const response = await app.http.get('/readyz').expect(200);

        expect(response.body).toMatchObject({ status: 'ready', directory: 'down' });
      } finally {
        await app.close();
      }
    });

    it('stays ready when no directory is configured', async () => {
      const app = await startTestApp({ LDAP_AUTH_URL: '' });
      try {
        const response = await app.http.get('/readyz').expect(200);

        expect(response.body).toMatchObject({ status: 'ready', directory: 'unconfigured' });
      } finally {
        await app.close();
      }
    });
  });

  describe('without a database', () => {
    it('is not ready once the database is gone', async () => {
      const app = await startTestApp();
      try {
        await app.app.get(DataSource).destroy();

        const response = await app.http.get('/readyz').expect(503);

        expect(response.body).toMatchObject({ status: 'not_ready', database: 'down' });
        await app.http.get('/healthz').expect(200);
      } finally {
        await app.close().catch(() => undefined);
      }
    });
  });
});
