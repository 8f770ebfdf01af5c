import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, Server as TcpServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, Server as TlsServer } from 'node:tls';

import { Client as PgClient } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { LocalUser } from '../src/auth/entities/local-user.entity';
import { DirectorySettings } from '../src/ldap/directory-settings';
import { LdapGateway } from '../src/ldap/ldap-gateway';
import { AuditService } from '../src/logs/audit.service';
import { SettingsSyncService } from '../src/settings/settings-sync.service';
import { Setting } from '../src/settings/setting.entity';
import { changeValue, createTestUser, TEST_OU } from './support/directory';
import { LOCAL_ADMIN_PASSWORD, login, startTestApp, TestApp } from './support/app';
import { AppProcess, freePort, startAppProcess } from './support/app-process';

/**
 * How long another replica may take to apply a change. NOTIFY arrives at once; the bound leaves
 * room for a busy test machine, while production replicas apply changes well within a second.
 */
const REPLICA_DELAY_MS = 5000;

interface Entry {
  type: string;
  value: unknown;
  is_set?: boolean;
}

/** Polls until `check` returns true and returns the elapsed milliseconds, or throws after `timeoutMs`. */
async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) {
      return Date.now() - started;
    }

    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe('settings (e2e)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(async () => {
    await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);
  });

  async function settings(token = admin): Promise<Record<string, Entry | boolean>> {
    const response = await app.http.get('/api/settings/').set('Authorization', token).expect(200);

    return response.body.settings as Record<string, Entry | boolean>;
  }

  function save(body: Record<string, unknown>, token = admin): request.Test {
    return app.http.post('/api/settings/save/').set('Authorization', token).send(body);
  }

  function testSettings(body: Record<string, unknown>): request.Test {
    return app.http.post('/api/settings/test/').set('Authorization', admin).send(body);
  }

  async function usersStatus(): Promise<{ status: number; code?: string }> {
    const response = await app.http
      .get('/api/users/')
      .query({ page_size: 1 })
      .set('Authorization', admin);

    return { status: response.status, code: response.body.code as string | undefined };
  }

  async function latestSettingsAudit(): Promise<Record<string, unknown>> {
    const response = await app.http
      .get('/api/logs/')
      .query({ objectClass: 'SET', actionType: 'UPDATE', page_size: 1 })
      .set('Authorization', admin)
      .expect(200);

    return response.body.logs[0] as Record<string, unknown>;
  }

  /**
   * Returns the id of the newest settings audit row. Ids only grow, so a new row changes it even
   * when LDAP_LOG_MAX trims an old one in the same insert, which a count would miss.
   */
  async function latestSettingsAuditId(): Promise<number> {
    const rows: { id: number }[] = await app.app
      .get(DataSource)
      .query(
        `SELECT coalesce(max(id), 0)::int AS id FROM audit_log WHERE object_class = 'SET' AND action = 'UPDATE'`,
      );

    return rows[0].id;
  }

  describe('GET api/settings/', () => {
    it('lists every key with its type', async () => {
      const listed = await settings();

      expect(listed.LDAP_AUTH_URL).toEqual({ type: 'ldap_uri', value: ['ldaps://127.0.0.1:636'] });
      expect(listed.LDAP_AUTH_TLS_VERSION).toEqual({ type: 'select', value: 'PROTOCOL_TLSv1_2' });
      expect(listed.LDAP_AUTH_CONNECTION_USERNAME).toEqual({
        type: 'string',
        value: 'administrator',
      });
      expect(listed.LDAP_LOG_MAX).toEqual({ type: 'integer', value: 100 });
      expect(listed.LDAP_AUTH_USER_FIELDS).toMatchObject({ type: 'object' });
      expect(listed.LDAP_DIRTREE_OU_FILTER).toMatchObject({ type: 'object' });
      expect(listed.LDAP_DIRTREE_CN_FILTER).toMatchObject({ type: 'object' });
      expect(listed.DEFAULT_ADMIN_ENABLED).toBe(true);
      expect(listed.DEFAULT_ADMIN).toBe(true);
      expect(Object.keys(listed)).toHaveLength(30);
    });

    it('never returns the bind password', async () => {
      const response = await app.http.get('/api/settings/').set('Authorization', admin).expect(200);

      expect(response.body.settings.LDAP_AUTH_CONNECTION_PASSWORD).toEqual({
        type: 'password',
        value: null,
        is_set: true,
      });
      expect(response.text).not.toContain(app.sandbox.LDAP_AUTH_CONNECTION_PASSWORD);
    });

    it('rejects a non-admin', async () => {
      const user = await createTestUser('set.user');
      try {
        const tokens = await login(app, user.username, user.password);

        await app.http
          .get('/api/settings/')
          .set('Authorization', `Bearer ${tokens.access}`)
          .expect(403);
      } finally {
        await user.remove();
      }
    });
  });

  describe('POST api/settings/save/', () => {
    it.each<[string, unknown, unknown]>([
      [
        'LDAP_AUTH_URL',
        ['LDAPS://127.0.0.1:636', 'ldaps://[::1]', 'ldaps://dc1.interlock.test'],
        ['ldaps://127.0.0.1:636', 'ldaps://[::1]', 'ldaps://dc1.interlock.test'],
      ],
      ['LDAP_DOMAIN', 'Interlock.Test', 'interlock.test'],
      ['LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN', 'INTERLOCK2', 'INTERLOCK2'],
      ['LDAP_AUTH_SEARCH_BASE', 'DC=interlock,DC=test', 'DC=interlock,DC=test'],
      ['LDAP_AUTH_OBJECT_CLASS', 'user', 'user'],
      ['EXCLUDE_COMPUTER_ACCOUNTS', false, false],
      [
        'LDAP_AUTH_USER_FIELDS',
        {
          username: 'sAMAccountName',
          first_name: 'givenName',
          last_name: 'sn',
          email: 'userPrincipalName',
          dn: 'distinguishedName',
        },
        {
          username: 'sAMAccountName',
          first_name: 'givenName',
          last_name: 'sn',
          email: 'userPrincipalName',
          dn: 'distinguishedName',
        },
      ],
      [
        'LDAP_DIRTREE_OU_FILTER',
        { organizationalUnit: 'objectCategory' },
        { organizationalUnit: 'objectCategory' },
      ],
      [
        'LDAP_DIRTREE_CN_FILTER',
        { user: 'objectClass', contact: 'objectClass' },
        { user: 'objectClass', contact: 'objectClass' },
      ],
      ['LDAP_DNS_LEGACY', true, true],
      ['LDAP_AUTH_TLS_VERSION', 'PROTOCOL_TLSv1_1', 'PROTOCOL_TLSv1_1'],
      ['LDAP_AUTH_CONNECT_TIMEOUT', 7, 7],
      ['LDAP_AUTH_RECEIVE_TIMEOUT', '12', 12],
      [
        'ADMIN_GROUP_TO_SEARCH',
        'CN=Domain Admins,CN=Users,DC=interlock,DC=test',
        'CN=Domain Admins,CN=Users,DC=interlock,DC=test',
      ],
      ['ADMIN_GROUP_TO_SEARCH', '', ''],
      ['LDAP_LOG_MAX', 10000, 10000],
      ['LDAP_LOG_READ', true, true],
      ['LDAP_LOG_LOGOUT', true, true],
    ])('saves and reads back %s = %j', async (key, value, expected) => {
      const response = await save({ [key]: { value } }).expect(200);

      expect(response.body.settings[key]).toMatchObject({ value: expected });
      expect((await settings())[key]).toMatchObject({ value: expected });
    });

    it.each<[string, unknown, string]>([
      ['UNKNOWN_KEY', { value: 1 }, 'UNKNOWN_KEY'],
      ['LDAP_AUTH_URL', { value: 'ldaps://127.0.0.1' }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: [] }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: ['http://127.0.0.1'] }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: ['ldaps://127.0.0.1:70000'] }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: ['ldaps://[::1:636'] }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: ['ldaps://::1:636'] }, 'LDAP_AUTH_URL'],
      ['LDAP_AUTH_URL', { value: ['ldaps://a/dc=x'] }, 'LDAP_AUTH_URL'],
      [
        'LDAP_AUTH_URL',
        { value: Array.from({ length: 33 }, (_, i) => `ldaps://dc${i}.test`) },
        'LDAP_AUTH_URL',
      ],
      ['LDAP_AUTH_SEARCH_BASE', { value: 'not a dn' }, 'LDAP_AUTH_SEARCH_BASE'],
      ['LDAP_AUTH_CONNECTION_USER_DN', { value: '' }, 'LDAP_AUTH_CONNECTION_USER_DN'],
      ['LDAP_DOMAIN', { value: 'bad domain' }, 'LDAP_DOMAIN'],
      ['LDAP_AUTH_OBJECT_CLASS', { value: '(person)' }, 'LDAP_AUTH_OBJECT_CLASS'],
      ['LDAP_AUTH_USE_SSL', { value: 'true' }, 'LDAP_AUTH_USE_SSL'],
      ['LDAP_LOG_READ', { value: 1 }, 'LDAP_LOG_READ'],
      ['LDAP_LOG_MAX', { value: 10001 }, 'LDAP_LOG_MAX'],
      ['LDAP_LOG_MAX', { value: 0 }, 'LDAP_LOG_MAX'],
      ['LDAP_AUTH_CONNECT_TIMEOUT', { value: 1.5 }, 'LDAP_AUTH_CONNECT_TIMEOUT'],
      ['LDAP_AUTH_TLS_VERSION', { value: 'TLSv1.2' }, 'LDAP_AUTH_TLS_VERSION'],
      ['LDAP_AUTH_USER_FIELDS', { value: { username: 'sAMAccountName' } }, 'LDAP_AUTH_USER_FIELDS'],
      ['LDAP_DIRTREE_OU_FILTER', { value: { top: 7 } }, 'LDAP_DIRTREE_OU_FILTER'],
      ['LDAP_DIRTREE_CN_FILTER', { value: { user: 'cn' } }, 'LDAP_DIRTREE_CN_FILTER'],
      ['LDAP_DIRTREE_CN_FILTER', { value: ['user'] }, 'LDAP_DIRTREE_CN_FILTER'],
      ['LDAP_AUTH_CONNECTION_PASSWORD', { value: 123 }, 'LDAP_AUTH_CONNECTION_PASSWORD'],
      ['LDAP_LOG_MAX', 50, 'LDAP_LOG_MAX'],
      ['LDAP_LOG_MAX', { value: 50, type: 'string' }, 'LDAP_LOG_MAX'],
      ['LDAP_LOG_MAX', { value: 50, extra: true }, 'LDAP_LOG_MAX'],
      ['DEFAULT_ADMIN_ENABLED', 'yes', 'DEFAULT_ADMIN_ENABLED'],
      ['DEFAULT_ADMIN_PWD', 'short', 'DEFAULT_ADMIN_PWD'],
    ])('rejects %s = %j and stores nothing', async (key, entry, field) => {
      const before = await settings();

      const response = await save({ LDAP_DNS_LEGACY: { value: true }, [key]: entry }).expect(400);

      expect(response.body).toMatchObject({ code: 'invalid_input', field });
      expect(response.body.detail).toContain(field);
      expect(await settings()).toEqual(before);
    });

    it('rejects a plain URL without StartTLS', async () => {
      const response = await save({
        LDAP_AUTH_URL: { value: ['ldap://127.0.0.1:389'] },
        LDAP_AUTH_USE_SSL: { value: false },
        LDAP_AUTH_USE_TLS: { value: false },
      }).expect(400);

      expect(response.body.field).toBe('LDAP_AUTH_URL');
    });

    it('rejects LDAPS on port 389', async () => {
      const response = await save({
        LDAP_AUTH_URL: { value: ['ldap://127.0.0.1:389'] },
        LDAP_AUTH_USE_SSL: { value: true },
      }).expect(400);

      expect(response.body.field).toBe('LDAP_AUTH_USE_SSL');
    });

    it('keeps keys it does not receive', async () => {
      await save({ LDAP_LOG_MAX: { value: 250 } }).expect(200);
      await save({ LDAP_DNS_LEGACY: { value: true } }).expect(200);

      const listed = await settings();

      expect(listed.LDAP_LOG_MAX).toMatchObject({ value: 250 });
      expect(listed.LDAP_DNS_LEGACY).toMatchObject({ value: true });
    });

    it('ignores read-only keys sent back from GET', async () => {
      const listed = await settings();

      await save({ ...listed, LDAP_LOG_MAX: { type: 'integer', value: 321 } }).expect(200);

      expect((await settings()).LDAP_LOG_MAX).toMatchObject({ value: 321 });
    });

    it('keeps the password when it is sent empty or null', async () => {
      for (const value of ['', null]) {
        await save({ LDAP_AUTH_CONNECTION_PASSWORD: { type: 'password', value } }).expect(200);

        expect(await usersStatus()).toEqual({ status: 200, code: 0 });
      }
    });

    it('encrypts the password at rest', async () => {
      const account = await createTestUser('set.enc');
      try {
        const response = await save({
          LDAP_AUTH_CONNECTION_USER_DN: { value: account.dn },
          LDAP_AUTH_CONNECTION_PASSWORD: { value: account.password },
        }).expect(200);

        const row = await app.app.get(DataSource).getRepository(Setting).findOneByOrFail({
          key: 'LDAP_AUTH_CONNECTION_PASSWORD',
        });
        expect(typeof row.value).toBe('string');
        expect(row.value as string).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
        expect(row.value as string).not.toContain(account.password);
        expect(response.text).not.toContain(account.password);
        expect(await usersStatus()).toEqual({ status: 200, code: 0 });
      } finally {
        await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);
        await account.remove();
      }
    });

    it('writes an audit row with masked secrets', async () => {
      const password = 'Audit-Test-Secret-93';
      await save({
        LDAP_LOG_MAX: { value: 400 },
        LDAP_AUTH_CONNECTION_PASSWORD: { value: password },
        LDAP_DNS_LEGACY: { value: false },
      }).expect(200);

      const row = await latestSettingsAudit();

      expect(row).toMatchObject({ user: 'admin', actionType: 'UPDATE', objectClass: 'SET' });
      expect(row.affectedObject).toEqual([
        { name: 'LDAP_AUTH_CONNECTION_PASSWORD', old_value: '********', new_value: '********' },
        { name: 'LDAP_LOG_MAX', old_value: 100, new_value: 400 },
      ]);
      expect(JSON.stringify(row)).not.toContain(password);
    });

    it.each<[string, string]>([
      ['ADMIN_GROUP_TO_SEARCH', 'CN=x)(objectClass=*'],
      ['ADMIN_GROUP_TO_SEARCH', 'CN=No Such Group,CN=Users,DC=interlock,DC=test'],
      ['ADMIN_GROUP_TO_SEARCH', 'CN=Users,DC=interlock,DC=test'],
      ['ADMIN_GROUP_TO_SEARCH', 'CN=Domain Admins+sn=x,CN=Users,DC=interlock,DC=test'],
      ['ADMIN_GROUP_TO_SEARCH', '2.5.4.3=Domain Admins,CN=Users,DC=interlock,DC=test'],
      ['LDAP_AUTH_SEARCH_BASE', 'OU=No Such Unit,DC=interlock,DC=test'],
      ['LDAP_AUTH_SEARCH_BASE', 'DC=elsewhere,DC=example'],
    ])('rejects %s = %s that the directory lacks', async (key, value) => {
      const before = await settings();

      const response = await save({ [key]: { value } }).expect(400);

      expect(response.body).toMatchObject({ code: 'invalid_input', field: key });
      expect(response.body.detail).toContain(key);
      expect(await settings()).toEqual(before);
    });

    it('keeps logins working after a rejected admin group', async () => {
      const user = await createTestUser('set.grp');
      try {
        await save({ ADMIN_GROUP_TO_SEARCH: { value: 'CN=x)(objectClass=*' } }).expect(400);
        await save({
          ADMIN_GROUP_TO_SEARCH: { value: 'CN=No Such Group,CN=Users,DC=interlock,DC=test' },
        }).expect(400);

        await login(app, user.username, user.password);
      } finally {
        await user.remove();
      }
    });

    it('checks the admin group with the new connection settings', async () => {
      const port = await freePort();

      const response = await save({
        LDAP_AUTH_URL: { value: [`ldaps://127.0.0.1:${port}`] },
        LDAP_AUTH_CONNECT_TIMEOUT: { value: 2 },
        ADMIN_GROUP_TO_SEARCH: { value: 'CN=Domain Admins,CN=Users,DC=interlock,DC=test' },
      }).expect(503);

      expect(response.body.field).toBe('ADMIN_GROUP_TO_SEARCH');
      expect((await settings()).LDAP_AUTH_URL).toMatchObject({ value: ['ldaps://127.0.0.1:636'] });
    });

    it('writes no audit row for a save without changes', async () => {
      const listed = await settings();
      const auditId = await latestSettingsAuditId();

      const response = await save({
        ...listed,
        LDAP_LOG_MAX: { value: 100 },
        DEFAULT_ADMIN_ENABLED: true,
      }).expect(200);

      expect(response.body.settings).toEqual(listed);
      expect(await latestSettingsAuditId()).toBe(auditId);
    });

    it('writes no audit row for a reset without changes', async () => {
      const auditId = await latestSettingsAuditId();

      await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);

      expect(await latestSettingsAuditId()).toBe(auditId);
    });

    it('notifies other replicas only of changes', async () => {
      const database = new PgClient({ connectionString: app.config.database.url });
      const notices: string[] = [];
      database.on('notification', (message) => notices.push(message.channel));
      await database.connect();
      try {
        await database.query('LISTEN interlock_settings');

        await save({ LDAP_LOG_MAX: { value: 100 } }).expect(200);
        await new Promise((resolve) => setTimeout(resolve, 300));

        expect(notices).toEqual([]);

        await save({ LDAP_LOG_MAX: { value: 101 } }).expect(200);
        await waitFor(() => notices.length > 0, REPLICA_DELAY_MS);

        expect(notices).toEqual(['interlock_settings']);
      } finally {
        await database.end();
      }
    });

    it('applies the audit switches at once', async () => {
      const audit = app.app.get(AuditService);

      await save({ LDAP_LOG_READ: { value: true }, LDAP_LOG_LOGIN: { value: true } }).expect(200);

      expect(audit.isLogged('READ')).toBe(true);
      expect(audit.isLogged('LOGIN')).toBe(true);

      await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);

      expect(audit.isLogged('READ')).toBe(false);
    });
  });

  describe('connection changes', () => {
    it('switches to StartTLS on the next request', async () => {
      await save({
        LDAP_AUTH_URL: { value: [app.sandbox.SANDBOX_STARTTLS_URL] },
        LDAP_AUTH_USE_SSL: { value: false },
        LDAP_AUTH_USE_TLS: { value: true },
      }).expect(200);

      expect(app.app.get(DirectorySettings).current()).toMatchObject({
        urls: [app.sandbox.SANDBOX_STARTTLS_URL],
        useSsl: false,
        useStartTls: true,
      });
      expect(await usersStatus()).toEqual({ status: 200, code: 0 });
    });

    it('uses a new server URL on the next request', async () => {
      const port = await freePort();
      await save({ LDAP_AUTH_URL: { value: [`ldaps://127.0.0.1:${port}`] } }).expect(200);

      expect(await usersStatus()).toMatchObject({ status: 503 });

      await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);

      expect(await usersStatus()).toEqual({ status: 200, code: 0 });
    });

    it('switches the service account on the next request', async () => {
      const account = await createTestUser('set.svc');
      try {
        await save({
          LDAP_AUTH_CONNECTION_USER_DN: { value: account.dn },
          LDAP_AUTH_CONNECTION_PASSWORD: { value: account.password },
        }).expect(200);

        expect(await usersStatus()).toEqual({ status: 200, code: 0 });
        const smoke = await app.http.get('/api/test/').set('Authorization', admin).expect(200);
        expect(smoke.body.data).toMatchObject({ result: 'ok', user_dn_used: account.dn });

        await save({
          LDAP_AUTH_CONNECTION_PASSWORD: { value: `${account.password}-wrong` },
        }).expect(200);

        expect(await usersStatus()).toEqual({ status: 503, code: 'ldap_bind_err' });
      } finally {
        await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);
        await account.remove();
      }
    });
  });

  describe('GET api/settings/reset/', () => {
    it('restores the defaults and logs the reset', async () => {
      await save({
        LDAP_LOG_MAX: { value: 42 },
        LDAP_AUTH_CONNECTION_PASSWORD: { value: 'Reset-Test-Secret-1' },
      }).expect(200);

      await app.http.get('/api/settings/reset/').set('Authorization', admin).expect(200);

      const listed = await settings();
      expect(listed.LDAP_LOG_MAX).toMatchObject({ value: 100 });
      expect(listed.LDAP_AUTH_CONNECTION_PASSWORD).toMatchObject({ is_set: true });
      expect(listed.DEFAULT_ADMIN_ENABLED).toBe(true);
      expect(await app.app.get(DataSource).getRepository(Setting).count()).toBe(0);
      const row = await latestSettingsAudit();
      expect(row.extraMessage).toBe('RESET');
      expect(row.affectedObject).toEqual([
        { name: 'LDAP_AUTH_CONNECTION_PASSWORD', old_value: '********', new_value: '********' },
        { name: 'LDAP_LOG_MAX', old_value: 42, new_value: 100 },
      ]);
    });
  });

  describe('POST api/settings/test/', () => {
    let tlsServer: TlsServer;
    let untrustedPort: number;
    let certDir: string;

    beforeAll(async () => {
      // A TLS server with a self-signed certificate that the sandbox CA did not issue.
      certDir = mkdtempSync(join(tmpdir(), 'interlock-untrusted-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(certDir, 'key.pem'),
          '-out',
          join(certDir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      tlsServer = createTlsServer(
        {
          key: readFileSync(join(certDir, 'key.pem')),
          cert: readFileSync(join(certDir, 'cert.pem')),
        },
        (socket) => socket.end(),
      );
      await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
      untrustedPort = (tlsServer.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
      rmSync(certDir, { recursive: true, force: true });
    });

    it('passes with the settings in force', async () => {
      const response = await testSettings({}).expect(200);

      expect(response.body.data).toMatchObject({
        result: 'ok',
        servers: [{ url: 'ldaps://127.0.0.1:636', reachable: true, tls: true, bind: true }],
        user_dn_used: app.sandbox.LDAP_AUTH_CONNECTION_USER_DN,
        user_used: 'administrator',
        ssl: true,
        tls: false,
        tls_version: 'PROTOCOL_TLSv1_2',
      });
      expect(response.text).not.toContain(app.sandbox.LDAP_AUTH_CONNECTION_PASSWORD);
    });

    it('passes over StartTLS', async () => {
      const response = await testSettings({
        LDAP_AUTH_URL: { value: [app.sandbox.SANDBOX_STARTTLS_URL] },
        LDAP_AUTH_USE_SSL: { value: false },
        LDAP_AUTH_USE_TLS: { value: true },
      }).expect(200);

      expect(response.body.data.servers).toEqual([
        {
          url: app.sandbox.SANDBOX_STARTTLS_URL,
          reachable: true,
          tls: true,
          bind: true,
          encryption: 'starttls',
        },
      ]);
    });

    it('does not save what it tests', async () => {
      await testSettings({ LDAP_AUTH_CONNECT_TIMEOUT: { value: 9 } }).expect(200);

      expect((await settings()).LDAP_AUTH_CONNECT_TIMEOUT).toMatchObject({ value: 5 });
    });

    it('reports a closed port as ldap_port_err', async () => {
      const port = await freePort();

      const response = await testSettings({
        LDAP_AUTH_URL: { value: [`ldaps://127.0.0.1:${port}`] },
        LDAP_AUTH_CONNECT_TIMEOUT: { value: 2 },
      }).expect(503);

      expect(response.body).toMatchObject({ code: 'ldap_port_err', status_code: 503 });
      expect(response.body.detail).toContain(`ldaps://127.0.0.1:${port}`);
      expect(response.body.data.servers).toEqual([
        expect.objectContaining({ reachable: false, tls: null, bind: null }),
      ]);
    });

    it('reports an untrusted certificate as ldap_tls_err', async () => {
      const response = await testSettings({
        LDAP_AUTH_URL: { value: [`ldaps://127.0.0.1:${untrustedPort}`] },
      }).expect(503);

      expect(response.body).toMatchObject({ code: 'ldap_tls_err' });
      expect(response.body.data.servers).toEqual([
        expect.objectContaining({ reachable: true, tls: false, bind: null }),
      ]);
    });

    it('reports wrong credentials as ldap_bind_err', async () => {
      const account = await createTestUser('set.bind');
      try {
        const response = await testSettings({
          LDAP_AUTH_CONNECTION_USER_DN: { value: account.dn },
          LDAP_AUTH_CONNECTION_PASSWORD: { value: `${account.password}-wrong` },
        }).expect(503);

        expect(response.body).toMatchObject({ code: 'ldap_bind_err' });
        expect(response.body.data).toMatchObject({ user_dn_used: account.dn });
        expect(response.body.data.servers).toEqual([
          expect.objectContaining({ reachable: true, tls: true, bind: false }),
        ]);
        expect(response.text).not.toContain(account.password);
      } finally {
        await account.remove();
      }
    });

    it('binds with the body credentials of another account', async () => {
      const account = await createTestUser('set.good');
      try {
        const response = await testSettings({
          LDAP_AUTH_CONNECTION_USER_DN: { value: account.dn },
          LDAP_AUTH_CONNECTION_PASSWORD: { value: account.password },
        }).expect(200);

        expect(response.body.data).toMatchObject({ result: 'ok', user_dn_used: account.dn });
      } finally {
        await account.remove();
      }
    });

    it('probes silent servers in parallel', async () => {
      // Servers that accept TCP and never send a byte, so each TLS handshake waits out its timeout.
      const sockets: Socket[] = [];
      const servers: TcpServer[] = [];
      for (let i = 0; i < 4; i++) {
        const server = createTcpServer((socket) => sockets.push(socket));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        servers.push(server);
      }

      try {
        const started = Date.now();
        const response = await testSettings({
          LDAP_AUTH_URL: {
            value: servers.map(
              (server) => `ldaps://127.0.0.1:${(server.address() as AddressInfo).port}`,
            ),
          },
          LDAP_AUTH_CONNECT_TIMEOUT: { value: 2 },
        }).expect(503);
        const elapsed = Date.now() - started;

        // One after another, four 2 s handshake timeouts would take 8 s.
        expect(elapsed).toBeLessThan(6000);
        expect(response.body.code).toBe('ldap_tls_err');
        expect(response.body.data.servers).toHaveLength(4);
        for (const server of response.body.data.servers as Record<string, unknown>[]) {
          expect(server).toMatchObject({ reachable: true, tls: false, bind: null });
          expect(server.error).toContain('timed out');
        }
      } finally {
        sockets.forEach((socket) => socket.destroy());
        await Promise.all(
          servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
        );
      }
    });

    it('rejects invalid values with 400', async () => {
      const response = await testSettings({ LDAP_AUTH_URL: { value: ['ftp://x'] } }).expect(400);

      expect(response.body.field).toBe('LDAP_AUTH_URL');
    });
  });

  describe('local admin', () => {
    let directoryAdmin: string;

    beforeAll(async () => {
      const tokens = await login(app, 'Administrator', app.sandbox.SANDBOX_ADMIN_PASSWORD);
      directoryAdmin = `Bearer ${tokens.access}`;
    });

    afterEach(async () => {
      await save(
        { DEFAULT_ADMIN_ENABLED: true, DEFAULT_ADMIN_PWD: LOCAL_ADMIN_PASSWORD },
        directoryAdmin,
      ).expect(200);
      admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
    });

    it('disables itself while the directory works', async () => {
      await save({ DEFAULT_ADMIN_ENABLED: false }).expect(200);

      await app.http
        .post('/api/token/')
        .send({ username: 'admin', password: LOCAL_ADMIN_PASSWORD })
        .expect(401);
      await app.http.get('/api/settings/').set('Authorization', admin).expect(401);
      const listed = await app.http
        .get('/api/settings/')
        .set('Authorization', directoryAdmin)
        .expect(200);
      expect(listed.body.settings.DEFAULT_ADMIN_ENABLED).toBe(false);
    });

    it('rejects disabling without a working bind', async () => {
      const port = await freePort();

      const response = await save({
        DEFAULT_ADMIN_ENABLED: false,
        LDAP_AUTH_URL: { value: [`ldaps://127.0.0.1:${port}`] },
      }).expect(409);

      expect(response.body.code).toBe('local_admin_lockout');
      const listed = await settings();
      expect(listed.DEFAULT_ADMIN_ENABLED).toBe(true);
      expect(listed.LDAP_AUTH_URL).toMatchObject({ value: ['ldaps://127.0.0.1:636'] });
    });

    describe('disabled, with a directory admin saving', () => {
      const groupDn = `CN=set-admins-${process.pid},${TEST_OU}`;
      let caller: Awaited<ReturnType<typeof createTestUser>>;
      let callerToken: string;

      /** Saves as the throwaway directory admin, whose only admin right is the group above. */
      function saveAsCaller(body: Record<string, unknown>): request.Test {
        return save(body, callerToken);
      }

      beforeAll(async () => {
        await app.app.get(LdapGateway).add(groupDn, {
          objectClass: ['top', 'group'],
          sAMAccountName: `set-admins-${process.pid}`,
        });
        caller = await createTestUser('set.lock');
        await changeValue(groupDn, 'add', 'member', caller.dn);
      });

      afterAll(async () => {
        await caller.remove();
        await app.app.get(LdapGateway).delete(groupDn);
      });

      beforeEach(async () => {
        await save({ ADMIN_GROUP_TO_SEARCH: { value: groupDn } }).expect(200);
        callerToken = `Bearer ${(await login(app, caller.username, caller.password)).access}`;
        await saveAsCaller({ DEFAULT_ADMIN_ENABLED: false }).expect(200);
      });

      it.each<[string, string]>([
        ['LDAP_AUTH_OBJECT_CLASS', 'computer'],
        ['LDAP_AUTH_SEARCH_BASE', 'CN=Builtin,DC=interlock,DC=test'],
        ['ADMIN_GROUP_TO_SEARCH', ''],
        ['ADMIN_GROUP_TO_SEARCH', 'CN=Domain Admins,CN=Users,DC=interlock,DC=test'],
      ])('rejects %s = %j that drops the caller', async (key, value) => {
        const before = await settings(callerToken);
        const auditId = await latestSettingsAuditId();

        const response = await saveAsCaller({ [key]: { value } }).expect(409);

        expect(response.body.code).toBe('local_admin_lockout');
        expect(response.body.detail).toContain(caller.username);
        expect(await settings(callerToken)).toEqual(before);
        expect(await latestSettingsAuditId()).toBe(auditId);
        await login(app, caller.username, caller.password);
      });

      it('rejects user fields that hide the caller', async () => {
        const response = await saveAsCaller({
          LDAP_AUTH_USER_FIELDS: {
            value: {
              username: 'employeeID',
              first_name: 'givenName',
              last_name: 'sn',
              email: 'employeeNumber',
              dn: 'distinguishedName',
            },
          },
        }).expect(409);

        expect(response.body.code).toBe('local_admin_lockout');
      });

      it('rejects a reset that drops the caller', async () => {
        const response = await app.http
          .get('/api/settings/reset/')
          .set('Authorization', callerToken)
          .expect(409);

        expect(response.body.code).toBe('local_admin_lockout');
        expect((await settings(callerToken)).ADMIN_GROUP_TO_SEARCH).toMatchObject({
          value: groupDn,
        });
      });

      it('accepts changes that keep the caller an admin', async () => {
        await saveAsCaller({
          LDAP_AUTH_OBJECT_CLASS: { value: 'person' },
          LDAP_AUTH_SEARCH_BASE: { value: TEST_OU },
          LDAP_AUTH_USER_FIELDS: {
            value: {
              username: 'userPrincipalName',
              first_name: 'givenName',
              last_name: 'sn',
              email: 'mail',
              dn: 'distinguishedName',
            },
          },
        }).expect(200);

        await login(app, `${caller.username}@interlock.test`, caller.password);
      });

      it('rejects disabling it while dropping the caller', async () => {
        await saveAsCaller({
          DEFAULT_ADMIN_ENABLED: true,
          DEFAULT_ADMIN_PWD: LOCAL_ADMIN_PASSWORD,
        }).expect(200);

        const response = await saveAsCaller({
          DEFAULT_ADMIN_ENABLED: false,
          LDAP_AUTH_OBJECT_CLASS: { value: 'computer' },
        }).expect(409);

        expect(response.body).toMatchObject({
          code: 'local_admin_lockout',
          field: 'DEFAULT_ADMIN_ENABLED',
        });
      });
    });

    it('changes its password', async () => {
      const newPassword = 'Another-Local-Password-2';

      await save({ DEFAULT_ADMIN_PWD: newPassword }).expect(200);

      await login(app, 'admin', newPassword);
      await app.http
        .post('/api/token/')
        .send({ username: 'admin', password: LOCAL_ADMIN_PASSWORD })
        .expect(401);
      const row = await latestSettingsAudit();
      expect(row.affectedObject).toEqual([
        { name: 'DEFAULT_ADMIN_PWD', old_value: '********', new_value: '********' },
      ]);
      expect(JSON.stringify(row)).not.toContain(newPassword);
    });

    it('requires a password to enable it without one', async () => {
      await app.app
        .get(DataSource)
        .getRepository(LocalUser)
        .update({ username: 'admin' }, { enabled: false, passwordHash: null });

      const response = await save({ DEFAULT_ADMIN_ENABLED: true }, directoryAdmin).expect(400);

      expect(response.body).toMatchObject({
        code: 'local_admin_password_required',
        field: 'DEFAULT_ADMIN_PWD',
      });
      const listed = await app.http
        .get('/api/settings/')
        .set('Authorization', directoryAdmin)
        .expect(200);
      expect(listed.body.settings.DEFAULT_ADMIN_ENABLED).toBe(false);
    });
  });

  describe('replication', () => {
    it('applies a change notified by another replica', async () => {
      const database = new PgClient({ connectionString: app.config.database.url });
      await database.connect();
      try {
        await database.query(
          `INSERT INTO setting (key, value) VALUES ('LDAP_AUTH_RECEIVE_TIMEOUT', '17')`,
        );
        await database.query(`SELECT pg_notify('interlock_settings', '{"origin":"elsewhere"}')`);

        const elapsed = await waitFor(
          () => app.app.get(DirectorySettings).current().receiveTimeout === 17,
          1000,
        );

        expect(elapsed).toBeLessThan(1000);
      } finally {
        await database.end();
      }
    });

    it('reconnects a dropped listener and catches up', async () => {
      const sync = app.app.get(SettingsSyncService);
      const database = new PgClient({ connectionString: app.config.database.url });
      await database.connect();
      try {
        await sync.dropListener();
        // Written while the listener is away, so only the catch-up reload can see it.
        await database.query(
          `INSERT INTO setting (key, value) VALUES ('LDAP_AUTH_RECEIVE_TIMEOUT', '19')`,
        );

        await waitFor(() => sync.isListening, 5000);
        await waitFor(() => app.app.get(DirectorySettings).current().receiveTimeout === 19, 2000);
      } finally {
        await database.end();
      }
    });
  });
});

describe('settings across two processes (e2e)', () => {
  let app: TestApp;
  let child: AppProcess;
  let childUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    child = await startAppProcess({
      LOG_LEVEL: 'warn',
      DATABASE_URL: app.config.database.url as string,
      JWT_SECRET: app.config.auth.jwtSecret,
      SETTINGS_ENCRYPTION_KEY: app.config.auth.settingsEncryptionKey,
      LOCAL_ADMIN_PASSWORD,
    });
    childUrl = child.url;
  });

  afterAll(async () => {
    await child.stop();
    await app.close();
  });

  async function childToken(): Promise<string> {
    const response = await request(childUrl)
      .post('/api/token/')
      .send({ username: 'admin', password: LOCAL_ADMIN_PASSWORD })
      .expect(200);

    return `Bearer ${response.body.access as string}`;
  }

  it('applies a save of the other process', async () => {
    const admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
    const logins = (): Promise<number> =>
      app.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM audit_log WHERE action = 'LOGIN'`)
        .then((rows: { count: number }[]) => rows[0].count);

    await app.http
      .post('/api/settings/save/')
      .set('Authorization', admin)
      .send({ LDAP_LOG_LOGIN: { value: true } })
      .expect(200);
    // The second process logs logins only once it has applied the switch.
    const elapsed = await waitFor(async () => {
      await childToken();

      return (await logins()) > 0;
    }, REPLICA_DELAY_MS);

    expect(elapsed).toBeLessThan(REPLICA_DELAY_MS);
  });

  it('sees a save of the second process', async () => {
    const token = await childToken();
    const admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
    await app.http
      .post('/api/settings/save/')
      .set('Authorization', admin)
      .send({ LDAP_LOG_READ: { value: false } })
      .expect(200);

    await request(childUrl)
      .post('/api/settings/save/')
      .set('Authorization', token)
      .send({ LDAP_AUTH_CONNECT_TIMEOUT: { value: 11 }, LDAP_LOG_READ: { value: true } })
      .expect(200);
    const elapsed = await waitFor(
      () => app.app.get(DirectorySettings).current().connectTimeout === 11,
      REPLICA_DELAY_MS,
    );

    expect(elapsed).toBeLessThan(REPLICA_DELAY_MS);
    expect(app.app.get(AuditService).isLogged('READ')).toBe(true);
  });
});
