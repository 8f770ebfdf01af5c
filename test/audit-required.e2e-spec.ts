import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { LdapGateway } from '../src/ldap/ldap-gateway';
import { childDn } from '../src/ldap/syntax/dn';
import { login, startTestApp, TestApp } from './support/app';
import { createTestUser, TEST_OU, TestUser } from './support/directory';
import { sambaToolDns } from './support/samba-tool';

/**
 * Every change must leave an audit row. When the row cannot be written, the change is refused
 * with 503 and the directory and the settings stay as they were.
 */
describe('changes without an audit log (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let gateway: LdapGateway;
  let dataSource: DataSource;
  let user: TestUser;
  const prefix = `ar-${randomBytes(3).toString('hex')}`;
  const zone = `${prefix}.example`;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    gateway = app.app.get(LdapGateway);
    dataSource = app.app.get(DataSource);
    user = await createTestUser(prefix);
    await sambaToolDns('zonecreate', zone);
    await dataSource.query('ALTER TABLE audit_log RENAME TO audit_log_unavailable');
  });

  afterAll(async () => {
    try {
      await dataSource?.query('ALTER TABLE IF EXISTS audit_log_unavailable RENAME TO audit_log');
      await sambaToolDns('zonedelete', zone).catch(() => undefined);
      if (user !== undefined) {
        await gateway.delete(user.dn).catch(() => undefined);
      }
    } finally {
      await app?.close();
    }
  });

  function send(method: 'post' | 'put', path: string, body: object) {
    return app.http[method](path).set('Authorization', admin).send(body);
  }

  async function exists(dn: string): Promise<boolean> {
    return (await gateway.read(dn, ['1.1'])) !== undefined;
  }

  it('refuses a user insert', async () => {
    const response = await send('post', '/api/users/insert/', {
      username: `${prefix}-new`,
      password: 'Str0ng-Passw0rd-1!',
      passwordConfirm: 'Str0ng-Passw0rd-1!',
      givenName: 'No',
      sn: 'Audit',
      path: TEST_OU,
    });

    expect(response.status).toBe(503);
    expect(response.body.code).toBe('database_unavailable');
    expect(await exists(childDn(TEST_OU, 'CN', 'No Audit'))).toBe(false);
  });

  it('refuses a user disable', async () => {
    const response = await send('post', '/api/users/disable/', { username: user.username });
    const entry = await gateway.read(user.dn, ['userAccountControl']);

    expect(response.status).toBe(503);
    expect((entry?.integer('userAccountControl') ?? 0) & 2).toBe(0);
  });

  it('refuses a group insert', async () => {
    const response = await send('post', '/api/groups/insert/', {
      group: { cn: `${prefix}-group`, groupType: 1, groupScope: 0, path: TEST_OU },
    });

    expect(response.status).toBe(503);
    expect(await exists(childDn(TEST_OU, 'CN', `${prefix}-group`))).toBe(false);
  });

  it('refuses an OU insert', async () => {
    const response = await send('post', '/api/ou/insert/', {
      ldapObject: { name: `${prefix}-ou`, path: TEST_OU, type: 'ou' },
    });

    expect(response.status).toBe(503);
    expect(await exists(childDn(TEST_OU, 'OU', `${prefix}-ou`))).toBe(false);
  });

  it('refuses a zone insert', async () => {
    const response = await send('post', '/api/domain/insert/', { dnsZone: `${prefix}-z.example` });
    const zones = await send('post', '/api/domain/zones/', {});

    expect(response.status).toBe(503);
    expect(zones.body.data.dnsZones).not.toContain(`${prefix}-z.example`);
  });

  it('refuses a record insert', async () => {
    const response = await send('post', '/api/record/insert/', {
      record: { name: 'www', type: 1, zone, ttl: 900, address: '192.0.2.10' },
    });
    const listing = await send('post', '/api/domain/zones/', { filter: { dnsZone: zone } });

    expect(response.status).toBe(503);
    expect(
      (listing.body.data.records as Array<{ name: string }>).some((row) => row.name === 'www'),
    ).toBe(false);
  });

  it('refuses a settings save', async () => {
    const before = await app.http.get('/api/settings/').set('Authorization', admin).expect(200);

    const response = await send('post', '/api/settings/save/', {
      LDAP_AUTH_CONNECT_TIMEOUT: { value: 17 },
    });
    const after = await app.http.get('/api/settings/').set('Authorization', admin).expect(200);

    expect(response.status).toBe(503);
    expect(after.body.settings).toEqual(before.body.settings);
  });
});
