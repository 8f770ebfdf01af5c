import { randomBytes } from 'node:crypto';

import { LdapGateway } from '../src/ldap/ldap-gateway';
import { childDn } from '../src/ldap/syntax/dn';
import { login, startTestApp, TestApp } from './support/app';
import { TEST_OU } from './support/directory';

const BASE = 'DC=interlock,DC=test';

/**
 * Input that the directory reads differently from a naive parser: DN spellings the server folds
 * to a protected container, NUL characters, reserved JSON keys and deep nesting. Each must be a
 * 400 naming the field, with nothing written.
 */
describe('input hardening (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let gateway: LdapGateway;
  const prefix = `ih-${randomBytes(3).toString('hex')}`;
  const rootDn = childDn(TEST_OU, 'OU', `${prefix} root`);

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    gateway = app.app.get(LdapGateway);
    await gateway.add(rootDn, { objectClass: 'organizationalUnit', ou: `${prefix} root` });
  });

  afterAll(async () => {
    await gateway?.delete(rootDn, { recursive: true }).catch(() => undefined);
    await app?.close();
  });

  function post(path: string, body: unknown) {
    return app.http
      .post(path)
      .set('Authorization', admin)
      .send(body as object);
  }

  async function searchCreated(name: string): Promise<number> {
    const found = await gateway.search(BASE, {
      scope: 'sub',
      filter: `(cn=${name})`,
      attributes: ['1.1'],
    });

    return found.length;
  }

  describe('parents spelled to look like another container', () => {
    it.each([
      ['an escaped trailing space', `CN=System\\20,${BASE}`],
      ['an escaped leading space', `CN=\\20System,${BASE}`],
      ['repeated spaces', `CN=Password   Settings Container,CN=System,${BASE}`],
      ['a DNS partition with a trailing space', `CN=MicrosoftDNS,DC=DomainDnsZones\\20,${BASE}`],
    ])('keeps a group out of System through %s', async (_case, path) => {
      const cn = `${prefix}-sys-${randomBytes(2).toString('hex')}`;

      const response = await post('/api/groups/insert/', {
        group: { cn, groupType: 1, groupScope: 0, path },
      }).expect(400);

      expect(response.body.field).toBe('group.path');
      expect(await searchCreated(cn)).toBe(0);
    });

    it('keeps a user out of System', async () => {
      const response = await post('/api/users/insert/', {
        username: `${prefix}-u`.slice(0, 20),
        password: 'Str0ng-Passw0rd-1!',
        passwordConfirm: 'Str0ng-Passw0rd-1!',
        givenName: 'In',
        sn: 'System',
        path: `CN=System\\20,${BASE}`,
      }).expect(400);

      expect(response.body.field).toBe('path');
    });

    it('rejects a DN with an escaped NUL', async () => {
      const response = await post('/api/ou/insert/', {
        ldapObject: { name: `${prefix}-nul`, path: `OU=x\\00y,${TEST_OU}`, type: 'ou' },
      }).expect(400);

      expect(response.body.field).toBe('ldapObject.path');
    });

    it('rejects a multi-valued RDN', async () => {
      const response = await post('/api/groups/fetch/', {
        group: `CN=Domain Admins+SN=x,CN=Users,${BASE}`,
      }).expect(400);

      expect(response.body.field).toBe('group');
    });
  });

  describe('NUL characters', () => {
    it('rejects NUL in a dirtree filter value', async () => {
      const response = await post('/api/ou/dirtree/', {
        filter: { iexact: { 'Domain Admins\u0000zzz': 'cn' } },
      }).expect(400);

      expect(response.body.field).toBe('filter.iexact.Domain Admins\u0000zzz');
    });

    it('rejects NUL in a query parameter', async () => {
      const response = await app.http
        .get('/api/logs/?user=a%00b')
        .set('Authorization', admin)
        .expect(400);

      expect(response.body.field).toBe('user');
    });
  });

  describe('request shape', () => {
    it('rejects deep nesting with 400', async () => {
      const deep = `{"group":${'{"a":'.repeat(5000)}1${'}'.repeat(5001)}`;

      const response = await app.http
        .put('/api/groups/update/')
        .set('Authorization', admin)
        .set('Content-Type', 'application/json')
        .send(deep)
        .expect(400);

      expect(response.body.code).toBe('invalid_input');
    });

    it.each(['constructor', '__proto__', 'toString'])(
      'rejects the key %s instead of dropping it',
      async (key) => {
        const response = await app.http
          .post('/api/ou/dirtree/')
          .set('Authorization', admin)
          .set('Content-Type', 'application/json')
          .send(`{"filter":{"iexact":{"${key}":"cn"}}}`)
          .expect(400);

        expect(response.body.field).toBe(`filter.iexact.${key}`);
      },
    );

    it('names a missing truncate bound plainly', async () => {
      const response = await post('/api/logs/truncate/', {}).expect(400);

      expect(response.body.detail).toContain('min is required');
    });
  });

  describe('state-changing GET routes', () => {
    it.each(['/api/logs/reset/', '/api/settings/reset/'])(
      'answers HEAD %s with 405',
      async (path) => {
        const response = await app.http.head(path).set('Authorization', admin).expect(405);

        expect(response.headers.allow).toBe('GET');
      },
    );

    it('keeps the audit log after a HEAD on reset', async () => {
      await post('/api/logs/truncate/', { min: 1, max: 1 }).expect(200);
      const before = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);

      await app.http.head('/api/logs/reset/').set('Authorization', admin).expect(405);
      const after = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);

      expect(after.body.logs).toEqual(before.body.logs);
    });
  });

  describe('names ending in a backslash', () => {
    it('renames an OU to a name ending in a backslash', async () => {
      const created = await post('/api/ou/insert/', {
        ldapObject: { name: `${prefix}-a`, path: rootDn, type: 'ou' },
      }).expect(200);

      const renamed = await post('/api/ou/rename/', {
        ldapObject: {
          distinguishedName: created.body.data.distinguishedName,
          newRDN: `${prefix}-b\\`,
        },
      }).expect(200);

      const entry = await gateway.read(renamed.body.data.distinguishedName as string, ['ou']);
      expect(entry?.text('ou')).toBe(`${prefix}-b\\`);
    });

    it('moves an OU whose name ends in a backslash', async () => {
      const source = childDn(rootDn, 'OU', `${prefix}-c\\`);
      const target = childDn(rootDn, 'OU', `${prefix}-target`);
      await gateway.add(source, { objectClass: 'organizationalUnit', ou: `${prefix}-c\\` });
      await gateway.add(target, { objectClass: 'organizationalUnit', ou: `${prefix}-target` });

      const moved = await post('/api/ou/move/', {
        ldapObject: { distinguishedName: source, destination: target },
      }).expect(200);

      expect(
        await gateway.read(moved.body.data.distinguishedName as string, ['1.1']),
      ).toBeDefined();
      expect(await gateway.read(source, ['1.1'])).toBeUndefined();
    });
  });
});
