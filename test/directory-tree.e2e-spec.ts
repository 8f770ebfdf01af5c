import { randomBytes } from 'node:crypto';

import { LdapGateway } from '../src/ldap/ldap-gateway';
import { normalizeDn } from '../src/ldap/syntax/dn';
import { login, startTestApp, TestApp } from './support/app';
import { createTestUser, TEST_OU, TestUser } from './support/directory';
import { sambaToolDns } from './support/samba-tool';

const BASE = 'DC=interlock,DC=test';
const DEMO_OU = `OU=Interlock Demo,${BASE}`;
const SALES_OU = `OU=Sales\\, EMEA,${DEMO_OU}`;
const GJOVIK_OU = `OU=Gjøvik,${DEMO_OU}`;
const BULK_OU = `OU=Bulk,${DEMO_OU}`;
const COMMA_USER = `CN=Lastname\\, Firstname,${SALES_OU}`;
const BIG_GROUP = `CN=Big Group,${DEMO_OU}`;
const DOMAIN_DNS_ZONES = `DC=DomainDnsZones,${BASE}`;
const FOREST_DNS_ZONES = `DC=ForestDnsZones,${BASE}`;
const MICROSOFT_DNS = `CN=MicrosoftDNS,${DOMAIN_DNS_ZONES}`;
const PROGRAM_DATA_MICROSOFT = `CN=Microsoft,CN=Program Data,${BASE}`;

interface Node {
  id: number;
  name: string;
  distinguishedName: string;
  type: string;
  objectClass: string[];
  children: Node[];
  builtin?: boolean;
  username?: string;
  groupname?: string;
  objectRid?: number;
  [key: string]: unknown;
}

function flatten(nodes: Node[]): Node[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

function findNode(nodes: Node[], dn: string): Node | undefined {
  return flatten(nodes).find((node) => node.distinguishedName.toLowerCase() === dn.toLowerCase());
}

describe('directory tree (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let gateway: LdapGateway;
  const prefix = `dt-${randomBytes(3).toString('hex')}`;
  /** The OU every test object of this suite lives in; name with DN metacharacters on purpose. */
  const rootName = `${prefix} Root, "Ü" + #1; x`;
  const rootDn = `OU=${prefix} Root\\, \\"Ü\\" \\+ #1\\; x,${TEST_OU}`;
  /** The admin group of this suite's app; demo.admin stays an admin through BUILTIN\\Administrators. */
  const adminGroupDn = `CN=${prefix} Admins,${rootDn}`;
  const users: TestUser[] = [];

  function post(path: string, body: unknown) {
    return app.http
      .post(`/api/ou/${path}/`)
      .set('Authorization', admin)
      .send(body as object);
  }

  function insertOu(name: string, path: string) {
    return post('insert', { ldapObject: { name, path, type: 'ou', ou: name } });
  }

  /** Returns the DN as the server spells it (Samba writes `\\#` and `\\3B` for `#` and `;`). */
  async function serverDn(dn: string): Promise<string | undefined> {
    return (await gateway.read(dn, ['1.1']))?.dn;
  }

  async function exists(dn: string): Promise<boolean> {
    return (await gateway.read(dn, ['1.1'])) !== undefined;
  }

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_GROUP_TO_SEARCH: adminGroupDn });
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    gateway = app.app.get(LdapGateway);
    const response = await insertOu(rootName, TEST_OU).expect(200);
    expect(normalizeDn(response.body.data.distinguishedName as string)).toBe(normalizeDn(rootDn));
    await gateway.add(adminGroupDn, {
      objectClass: ['top', 'group'],
      sAMAccountName: `${prefix}-admins`,
    });
  });

  afterAll(async () => {
    for (const user of users) {
      await user.remove().catch(() => undefined);
    }

    await post('delete', { distinguishedName: rootDn, recursive: true });
    await app.close();
  });

  describe('GET api/ou/', () => {
    it('lists containers only, as a tree', async () => {
      const response = await app.http.get('/api/ou/').set('Authorization', admin).expect(200);
      const nodes = response.body.ldapObjectList as Node[];
      const all = flatten(nodes);

      expect(response.body.code).toBe(0);
      expect(findNode(nodes, DEMO_OU)?.type).toBe('Organizational-Unit');
      expect(findNode(nodes, SALES_OU)?.name).toBe('Sales, EMEA');
      expect(findNode(nodes, GJOVIK_OU)?.name).toBe('Gjøvik');
      expect(findNode(nodes, `CN=Users,${BASE}`)?.builtin).toBe(true);
      expect(findNode(nodes, `CN=Builtin,${BASE}`)?.type).toBe('Builtin-Domain');
      expect(all.filter((node) => node.type === 'Person')).toEqual([]);
      expect(new Set(all.map((node) => node.id)).size).toBe(all.length);
    });

    it('shows System without its contents', async () => {
      const response = await app.http.get('/api/ou/').set('Authorization', admin).expect(200);
      const system = findNode(response.body.ldapObjectList as Node[], `CN=System,${BASE}`);

      expect(system?.children).toEqual([]);
      expect(system?.builtin).toBe(true);
    });

    it('serves the same tree at api/organizational_unit/', async () => {
      const ou = await app.http.get('/api/ou/').set('Authorization', admin).expect(200);
      const seed = await app.http
        .get('/api/organizational_unit')
        .set('Authorization', admin)
        .expect(200);

      expect(seed.body.ldapObjectList).toEqual(ou.body.ldapObjectList);
    });

    it('answers 403 to an end user', async () => {
      const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);

      await app.http.get('/api/ou/').set('Authorization', `Bearer ${tokens.access}`).expect(403);
    });
  });

  describe('POST api/ou/dirtree/', () => {
    it('returns every demo object with two searches', async () => {
      // The first request also reads the RootDSE and the base's wellKnownObjects, which are kept.
      await post('dirtree', {}).expect(200);
      const search = jest.spyOn(gateway, 'search');

      const response = await post('dirtree', { filter: { exclude: {} } }).expect(200);
      const calls = search.mock.calls.length;
      search.mockRestore();
      const nodes = response.body.ldapObjectList as Node[];
      const all = flatten(nodes);

      expect(calls).toBeLessThanOrEqual(2);
      expect(new Set(all.map((node) => node.id)).size).toBe(all.length);
      expect(findNode(nodes, BULK_OU)?.children).toHaveLength(1600);
      expect(findNode(nodes, COMMA_USER)).toMatchObject({
        name: 'Lastname, Firstname',
        type: 'Person',
        username: 'comma.user',
        children: [],
      });
      expect(findNode(nodes, `CN=Bjørn Høeg,${GJOVIK_OU}`)?.username).toBe('bjorn.hoeg');
      for (const node of all) {
        expect(Array.isArray(node.objectClass)).toBe(true);
        expect(Array.isArray(node.children)).toBe(true);
      }
    });

    it('describes groups without members or SIDs', async () => {
      const response = await post('dirtree', {}).expect(200);
      const group = findNode(response.body.ldapObjectList as Node[], BIG_GROUP);

      expect(group).toMatchObject({ type: 'Group', groupname: 'Big Group' });
      expect(typeof group?.objectRid).toBe('number');
      expect(Number.isInteger(group?.objectRid)).toBe(true);
      expect(group).not.toHaveProperty('member');
      expect(group).not.toHaveProperty('objectSid');
      expect(group).not.toHaveProperty('objectGUID');
    });

    it('drops an excluded object class', async () => {
      const response = await post('dirtree', {
        filter: { exclude: { computer: 'objectClass' } },
      }).expect(200);
      const all = flatten(response.body.ldapObjectList as Node[]);

      expect(all.filter((node) => node.type === 'Computer')).toEqual([]);
      expect(findNode(response.body.ldapObjectList as Node[], COMMA_USER)).toBeDefined();
    });

    it('hides the moved subtree in the move dialog', async () => {
      const response = await post('dirtree', {
        filter: {
          iexact: {
            organizationalUnit: 'objectClass',
            container: { attr: 'objectClass', or: true },
            [DEMO_OU]: { attr: 'distinguishedName', exclude: true },
          },
        },
      }).expect(200);
      const nodes = response.body.ldapObjectList as Node[];

      expect(findNode(nodes, DEMO_OU)).toBeUndefined();
      expect(findNode(nodes, SALES_OU)).toBeUndefined();
      expect(findNode(nodes, TEST_OU)).toBeDefined();
      expect(flatten(nodes).filter((node) => node.type === 'Person')).toEqual([]);
    });

    it('places filtered users in their containers', async () => {
      const response = await post('dirtree', {
        filter: { iexact: { 'comma.user': 'sAMAccountName' } },
      }).expect(200);
      const people = flatten(response.body.ldapObjectList as Node[]).filter(
        (node) => node.type === 'Person',
      );

      expect(people.map((node) => node.distinguishedName)).toEqual([COMMA_USER]);
    });

    it.each([
      ['a filter value', { iexact: { '*)(objectClass=*': 'objectClass' } }],
      ['an escaped star', { iexact: { '\\2a': 'sAMAccountName' } }],
      ['a wildcard name', { iexact: { '*': { attr: 'sAMAccountName', or: true } } }],
    ])('matches %s literally', async (_case, filter) => {
      const response = await post('dirtree', { filter }).expect(200);
      const all = flatten(response.body.ldapObjectList as Node[]);

      expect(
        all.filter(
          (node) =>
            node.type !== 'Organizational-Unit' &&
            node.type !== 'Container' &&
            node.type !== 'Builtin-Domain',
        ),
      ).toEqual([]);
    });

    it('does not widen the tree through an exclusion value', async () => {
      const plain = await post('dirtree', { filter: { exclude: { computer: 'objectClass' } } });
      const injected = await post('dirtree', {
        filter: { exclude: { computer: 'objectClass', '*)(|(objectClass=*': 'objectClass' } },
      }).expect(200);

      expect(flatten(injected.body.ldapObjectList as Node[]).length).toBe(
        flatten(plain.body.ldapObjectList as Node[]).length,
      );
    });

    it.each([
      ['an attribute outside the allow-list', { iexact: { x: 'objectClass)(|(cn=*' } }],
      ['a numeric attribute', { iexact: { x: 5 } }],
      ['a non-boolean flag', { iexact: { x: { attr: 'cn', or: 'yes' } } }],
      ['an unknown term key', { iexact: { x: { attr: 'cn', regex: true } } }],
      ['a string filter', '(objectClass=*)'],
      ['an array filter', [{ exclude: {} }]],
      ['a null filter', null],
      ['both forms', { exclude: {}, iexact: {} }],
      ['an unknown form', { contains: {} }],
      ['an oversized value', { iexact: { ['v'.repeat(300)]: 'cn' } }],
      [
        'too many terms',
        { exclude: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`v${i}`, 'cn'])) },
      ],
      ['a malformed DN value', { iexact: { 'not a dn': 'distinguishedName' } }],
    ])('rejects %s with 400', async (_case, filter) => {
      const response = await post('dirtree', { filter }).expect(400);

      expect(response.body.code).toBe('invalid_input');
      expect(response.body.field).toMatch(/^filter/);
    });
  });

  describe('POST api/ou/insert/', () => {
    it('creates an OU with metacharacters in its name', async () => {
      const name = ' Lead, +"Quote" #; Åse';

      const response = await insertOu(name, rootDn).expect(200);

      const dn = response.body.data.distinguishedName as string;
      expect(normalizeDn(dn)).toBe(normalizeDn(`OU=\\ Lead\\, \\+\\"Quote\\" #\\; Åse,${rootDn}`));
      expect(dn).toBe(await serverDn(dn));
      expect((await gateway.read(dn, ['ou']))?.text('ou')).toBe(name);
    });

    it('creates a computer account', async () => {
      const name = `pc${randomBytes(3).toString('hex')}`;

      const response = await post('insert', {
        ldapObject: { name, path: rootDn, type: 'computer' },
      }).expect(200);

      const entry = await gateway.read(response.body.data.distinguishedName as string, [
        'sAMAccountName',
        'userAccountControl',
        'objectClass',
      ]);
      expect(entry?.text('sAMAccountName')).toBe(`${name.toUpperCase()}$`);
      expect(entry?.integer('userAccountControl')).toBe(4096);
      expect(entry?.texts('objectClass')).toContain('computer');
    });

    it('rejects a printer with 400', async () => {
      const response = await post('insert', {
        ldapObject: { name: `${prefix}-prn`, path: rootDn, type: 'printer' },
      }).expect(400);

      expect(response.body).toMatchObject({
        code: 'object_type_unsupported',
        field: 'ldapObject.type',
      });
    });

    it('rejects an existing OU with 409', async () => {
      await insertOu('Twice', rootDn).expect(200);

      const response = await insertOu('Twice', rootDn).expect(409);

      expect(response.body.code).toBe('ldap_obj_exists');
    });

    it.each([
      ['a long computer name', { name: 'ABCDEFGHIJKLMNOP', type: 'computer' }, 'ldapObject.name'],
      ['a computer name with a space', { name: 'A B', type: 'computer' }, 'ldapObject.name'],
      ['a blank name', { name: '   ', type: 'ou' }, 'ldapObject.name'],
      ['a control character', { name: 'a\nb', type: 'ou' }, 'ldapObject.name'],
      ['a name over 64 characters', { name: 'x'.repeat(65), type: 'ou' }, 'ldapObject.name'],
      ['a numeric name', { name: 5, type: 'ou' }, 'ldapObject.name'],
      ['an unknown key', { name: 'x', type: 'ou', color: 'red' }, 'ldapObject.color'],
    ])('rejects %s with 400', async (_case, fields, field) => {
      const response = await post('insert', {
        ldapObject: { path: rootDn, ...fields },
      }).expect(400);

      expect(response.body.field).toBe(field);
    });

    it.each([
      ['inside System', `CN=System,${BASE}`],
      ['outside the search base', 'OU=Elsewhere,DC=example,DC=org'],
      ['that is a user', COMMA_USER],
    ])('rejects a path %s with 400', async (_case, path) => {
      const response = await insertOu(`${prefix}-bad`, path).expect(400);

      expect(response.body.field).toBe('ldapObject.path');
    });

    it('rejects a path that does not exist with 404', async () => {
      const response = await insertOu(`${prefix}-bad`, `OU=Missing ${prefix},${rootDn}`).expect(
        404,
      );

      expect(response.body).toMatchObject({ code: 'object_not_found', field: 'ldapObject.path' });
    });
  });

  describe('POST api/ou/move/ and rename/', () => {
    let destination: string;
    let user: TestUser;

    beforeAll(async () => {
      const created = await insertOu('Dest, "Q" + #1; Ø', rootDn).expect(200);
      destination = created.body.data.distinguishedName as string;
      user = await createTestUser('dtmove', {
        cn: `${prefix} Move\\, Me \\+ \\"x\\" #\\; ü`,
      });
      users.push(user);
    });

    it('moves a user into a metacharacter OU', async () => {
      const response = await post('move', {
        ldapObject: {
          distinguishedName: user.dn,
          destination,
          id: 7,
          name: 'ignored',
          children: [],
          type: 'Person',
        },
      }).expect(200);

      const newDn = response.body.data.distinguishedName as string;
      expect(normalizeDn(newDn)).toBe(
        normalizeDn(`CN=${prefix} Move\\, Me \\+ \\"x\\" #\\; ü,${destination}`),
      );
      expect(newDn).toBe(await serverDn(newDn));
      expect(await exists(newDn)).toBe(true);
      expect(await exists(user.dn)).toBe(false);
      user.dn = newDn;
    });

    it('renames the user with a literal value', async () => {
      const response = await post('rename', {
        ldapObject: { distinguishedName: user.dn, newRDN: `${prefix} New, Name + "x"` },
      }).expect(200);

      const newDn = response.body.data.distinguishedName as string;
      expect(normalizeDn(newDn)).toBe(
        normalizeDn(`CN=${prefix} New\\, Name \\+ \\"x\\",${destination}`),
      );
      expect((await gateway.read(newDn, ['cn']))?.text('cn')).toBe(`${prefix} New, Name + "x"`);
      user.dn = newDn;
    });

    it('takes a value with another RDN type literally', async () => {
      const created = await insertOu('Plain', rootDn).expect(200);

      const response = await post('rename', {
        ldapObject: { distinguishedName: created.body.data.distinguishedName, newRDN: 'CN=x' },
      }).expect(200);

      expect(normalizeDn(response.body.data.distinguishedName as string)).toBe(
        normalizeDn(`OU=CN\\=x,${rootDn}`),
      );
      expect(await exists(`OU=CN\\=x,${rootDn}`)).toBe(true);
    });

    it('strips the own RDN type from newRDN', async () => {
      const response = await post('rename', {
        ldapObject: { distinguishedName: user.dn, newRDN: `cn=${prefix} Jane X` },
      }).expect(200);

      const newDn = response.body.data.distinguishedName as string;
      expect((await gateway.read(newDn, ['cn']))?.text('cn')).toBe(`${prefix} Jane X`);
      user.dn = newDn;
    });

    it('returns the DN as the server spells it', async () => {
      const target = await insertOu('Plain Target', rootDn).expect(200);
      const widget = await insertOu('Widget', rootDn).expect(200);
      const targetDn = target.body.data.distinguishedName as string;

      const moved = await post('move', {
        ldapObject: {
          distinguishedName: widget.body.data.distinguishedName,
          destination: `ou=PLAIN TARGET,${rootDn}`,
        },
      }).expect(200);
      const renamed = await post('rename', {
        ldapObject: {
          distinguishedName: (moved.body.data.distinguishedName as string).toLowerCase(),
          newRDN: 'Gadget',
        },
      }).expect(200);

      const serverTarget = await serverDn(targetDn);
      expect(moved.body.data.distinguishedName).toBe(`OU=Widget,${serverTarget}`);
      expect(renamed.body.data.distinguishedName).toBe(`OU=Gadget,${serverTarget}`);
    });

    it('rejects the current parent spelled with \\20', async () => {
      const parent = await insertOu('Spaced', rootDn).expect(200);
      const parentDn = parent.body.data.distinguishedName as string;
      const child = await insertOu('Kid', parentDn).expect(200);
      const childDn = child.body.data.distinguishedName as string;

      const toParent = await post('move', {
        ldapObject: { distinguishedName: childDn, destination: `OU=Spaced\\20,${rootDn}` },
      }).expect(400);
      const intoChild = await post('move', {
        ldapObject: {
          distinguishedName: parentDn,
          destination: `OU=Kid\\20,OU=Spaced\\20,${rootDn}`,
        },
      }).expect(400);

      expect(toParent.body.field).toBe('ldapObject.destination');
      expect(intoChild.body.field).toBe('ldapObject.destination');
      expect(await exists(childDn)).toBe(true);
    });

    it('moves an OU with its contents', async () => {
      const outer = await insertOu('Outer', rootDn).expect(200);
      const outerDn = outer.body.data.distinguishedName as string;
      await insertOu('Inner', outerDn).expect(200);

      const response = await post('move', {
        ldapObject: { distinguishedName: outerDn, destination },
      }).expect(200);

      expect(await exists(`OU=Inner,${response.body.data.distinguishedName as string}`)).toBe(true);
    });

    it('rejects a move into the own subtree with 400', async () => {
      const sub = await insertOu('Sub', destination).expect(200);

      const intoChild = await post('move', {
        ldapObject: {
          distinguishedName: destination,
          destination: sub.body.data.distinguishedName,
        },
      }).expect(400);
      const intoSelf = await post('move', {
        ldapObject: { distinguishedName: destination, destination },
      }).expect(400);

      expect(intoChild.body.field).toBe('ldapObject.destination');
      expect(intoSelf.body.field).toBe('ldapObject.destination');
      expect(await exists(destination)).toBe(true);
    });

    it('rejects a move to the current parent with 400', async () => {
      const response = await post('move', {
        ldapObject: { distinguishedName: destination, destination: rootDn },
      }).expect(400);

      expect(response.body.field).toBe('ldapObject.destination');
    });

    it('rejects a destination that is not a container with 400', async () => {
      const response = await post('move', {
        ldapObject: { distinguishedName: destination, destination: COMMA_USER },
      }).expect(400);

      expect(response.body.field).toBe('ldapObject.destination');
    });

    it('answers 404 for a missing object', async () => {
      const response = await post('move', {
        ldapObject: { distinguishedName: `OU=Missing,${rootDn}`, destination: TEST_OU },
      }).expect(404);

      expect(response.body.code).toBe('object_not_found');
    });

    it('rejects the same name with 400', async () => {
      const response = await post('rename', {
        ldapObject: { distinguishedName: destination, newRDN: 'Dest, "Q" + #1; Ø' },
      }).expect(400);

      expect(response.body.field).toBe('ldapObject.newRDN');
    });

    it.each([
      ['an empty value', ''],
      ['a number', 12],
      ['a control character', 'a\u0000b'],
      ['a value over 64 characters', 'y'.repeat(65)],
    ])('rejects a new name that is %s with 400', async (_case, newRDN) => {
      const response = await post('rename', {
        ldapObject: { distinguishedName: destination, newRDN },
      }).expect(400);

      expect(response.body.field).toBe('ldapObject.newRDN');
      expect(await exists(destination)).toBe(true);
    });

    it.each([
      ['move', `CN=Users,${BASE}`, { destination: TEST_OU }],
      ['rename', `OU=Domain Controllers,${BASE}`, { newRDN: 'DCs' }],
      ['rename', `CN=Administrator,CN=Users,${BASE}`, { newRDN: 'Admin2' }],
      ['move', `CN=Builtin,${BASE}`, { destination: TEST_OU }],
    ])('rejects a %s of %s with 403', async (path, dn, fields) => {
      const response = await post(path, {
        ldapObject: { distinguishedName: dn, ...fields },
      }).expect(403);

      expect(response.body.code).toBe('object_protected');
      expect(await exists(dn)).toBe(true);
    });

    it('protects a well-known object below the top level', async () => {
      const tree = await app.http.get('/api/ou/').set('Authorization', admin).expect(200);
      // A move to a missing destination changes nothing even when protection were missing.
      const probe = await post('move', {
        ldapObject: {
          distinguishedName: PROGRAM_DATA_MICROSOFT,
          destination: `OU=Missing ${prefix},${rootDn}`,
        },
      });
      expect(probe.status).toBe(403);

      const rename = await post('rename', {
        ldapObject: { distinguishedName: PROGRAM_DATA_MICROSOFT, newRDN: 'Microsoft2' },
      }).expect(403);
      const deletion = await post('delete', { distinguishedName: PROGRAM_DATA_MICROSOFT }).expect(
        403,
      );

      expect(findNode(tree.body.ldapObjectList as Node[], PROGRAM_DATA_MICROSOFT)?.builtin).toBe(
        true,
      );
      expect(rename.body.code).toBe('object_protected');
      expect(deletion.body.code).toBe('object_protected');
      expect(await exists(PROGRAM_DATA_MICROSOFT)).toBe(true);
    });

    it('serves move at api/organizational_unit/', async () => {
      const created = await insertOu('Seed prefix', rootDn).expect(200);

      const response = await app.http
        .post('/api/organizational_unit/move')
        .set('Authorization', admin)
        .send({
          ldapObject: { distinguishedName: created.body.data.distinguishedName, destination },
        })
        .expect(200);

      expect(response.body.data.distinguishedName).toBe(
        `OU=Seed prefix,${await serverDn(destination)}`,
      );
    });
  });

  describe('POST api/ou/delete/', () => {
    it('rejects a non-empty OU with 409', async () => {
      const parent = await insertOu('Full', rootDn).expect(200);
      const dn = parent.body.data.distinguishedName as string;
      await insertOu('Child 1', dn).expect(200);
      await insertOu('Child 2', dn).expect(200);

      const response = await post('delete', { distinguishedName: dn, name: 'Full' }).expect(409);

      expect(response.body).toMatchObject({ code: 'object_not_empty', children: 2 });
      expect(await exists(`OU=Child 1,${dn}`)).toBe(true);
    });

    it('deletes a subtree with recursive', async () => {
      const dn = `OU=Full,${rootDn}`;

      const response = await post('delete', { distinguishedName: dn, recursive: true }).expect(200);

      expect(normalizeDn(response.body.data.distinguishedName as string)).toBe(normalizeDn(dn));
      expect(await exists(dn)).toBe(false);
    });

    it('deletes an empty OU with metacharacters', async () => {
      const created = await insertOu('Gone, "soon" + #; é', rootDn).expect(200);
      const dn = created.body.data.distinguishedName as string;

      await post('delete', { distinguishedName: dn }).expect(200);

      expect(await exists(dn)).toBe(false);
    });

    it.each([
      `CN=Users,${BASE}`,
      `OU=Domain Controllers,${BASE}`,
      `CN=Computers,${BASE}`,
      BASE,
      `CN=Domain Admins,CN=Users,${BASE}`,
    ])('rejects deleting %s with 403', async (dn) => {
      const response = await post('delete', { distinguishedName: dn, recursive: true }).expect(403);

      expect(response.body.code).toBe('object_protected');
      expect(await exists(dn)).toBe(true);
    });

    it('answers 404 for a missing object', async () => {
      const response = await post('delete', { distinguishedName: `OU=Missing,${rootDn}` }).expect(
        404,
      );

      expect(response.body.code).toBe('object_not_found');
    });

    it.each([
      ['a malformed DN', { distinguishedName: 'not a dn' }, 'distinguishedName'],
      ['a string recursive', { distinguishedName: rootDn, recursive: 'yes' }, 'recursive'],
      ['an unknown key', { distinguishedName: rootDn, force: true }, 'force'],
    ])('rejects %s with 400', async (_case, body, field) => {
      const response = await post('delete', body).expect(400);

      expect(response.body.field).toBe(field);
      expect(await exists(rootDn)).toBe(true);
    });
  });

  describe('application partitions', () => {
    const zone = `${prefix}.zone.test`;
    const zoneDn = `DC=${zone},${MICROSOFT_DNS}`;
    const nodeDn = `DC=www,${zoneDn}`;

    beforeAll(async () => {
      await sambaToolDns('zonecreate', zone);
      await sambaToolDns('add', zone, 'www', 'A', '127.0.0.1');
    });

    afterAll(async () => {
      await sambaToolDns('zonedelete', zone);
    });

    it('rejects a recursive delete of a zone with 403', async () => {
      const response = await post('delete', { distinguishedName: zoneDn, recursive: true }).expect(
        403,
      );

      expect(response.body.code).toBe('object_protected');
      expect(await exists(nodeDn)).toBe(true);
    });

    it('rejects moving and renaming zone objects with 403', async () => {
      const move = await post('move', {
        ldapObject: { distinguishedName: zoneDn, destination: rootDn },
      }).expect(403);
      const rename = await post('rename', {
        ldapObject: { distinguishedName: nodeDn, newRDN: 'web' },
      }).expect(403);

      expect(move.body.code).toBe('object_protected');
      expect(rename.body.code).toBe('object_protected');
      expect(await exists(nodeDn)).toBe(true);
    });

    // Without recursive, a missing protection would end in 409, because each of these has children.
    it.each([MICROSOFT_DNS, DOMAIN_DNS_ZONES, FOREST_DNS_ZONES])(
      'rejects deleting %s with 403',
      async (dn) => {
        const response = await post('delete', { distinguishedName: dn }).expect(403);

        expect(response.body.code).toBe('object_protected');
        expect(await exists(dn)).toBe(true);
      },
    );
  });

  describe('own account', () => {
    let home: string;
    let caller: TestUser;
    let own: string;

    beforeAll(async () => {
      const created = await insertOu('Caller home', rootDn).expect(200);
      home = created.body.data.distinguishedName as string;
      caller = await createTestUser('dtself', { parent: home });
      users.push(caller);
      await gateway.modify(adminGroupDn, [
        { operation: 'add', attribute: 'member', values: [caller.dn] },
      ]);
      own = `Bearer ${(await login(app, caller.username, caller.password)).access}`;
    });

    it('rejects deleting the own account with 400', async () => {
      const response = await app.http
        .post('/api/ou/delete/')
        .set('Authorization', own)
        .send({ distinguishedName: caller.dn })
        .expect(400);

      expect(response.body.code).toBe('user_anti_lockout');
      expect(await exists(caller.dn)).toBe(true);
    });

    it('rejects a recursive delete of the own container with 400', async () => {
      const response = await app.http
        .post('/api/ou/delete/')
        .set('Authorization', own)
        .send({ distinguishedName: home, recursive: true })
        .expect(400);

      expect(response.body.code).toBe('user_anti_lockout');
      expect(await exists(caller.dn)).toBe(true);
    });
  });
});
