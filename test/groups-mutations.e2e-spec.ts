import { randomBytes } from 'node:crypto';

import { login, startTestApp, TestApp } from './support/app';
import {
  changeValue,
  createTestUser,
  deleteEntryIfPresent,
  readEntry,
  TEST_OU,
  TestUser,
} from './support/directory';

const BASE = 'DC=interlock,DC=test';
const BIG_GROUP = `CN=Big Group,OU=Interlock Demo,${BASE}`;
const DOMAIN_ADMINS = `CN=Domain Admins,CN=Users,${BASE}`;
const DNS_ADMINS = `CN=DnsAdmins,CN=Users,${BASE}`;
const DNS_UPDATE_PROXY = `CN=DnsUpdateProxy,CN=Users,${BASE}`;
const BUILTIN_ADMINISTRATORS = `CN=Administrators,CN=Builtin,${BASE}`;
const DEMO_USER = `CN=Demo User,OU=Staff,OU=Interlock Demo,${BASE}`;

/** Stored groupType of each request pair, as [groupType, groupScope, value, names]. */
const GROUP_KINDS: [number, number, number, string[]][] = [
  [0, 0, 2, ['GROUP_DISTRIBUTION', 'GROUP_GLOBAL']],
  [0, 1, 4, ['GROUP_DISTRIBUTION', 'GROUP_DOMAIN_LOCAL']],
  [0, 2, 8, ['GROUP_DISTRIBUTION', 'GROUP_UNIVERSAL']],
  [1, 0, -2147483646, ['GROUP_SECURITY', 'GROUP_GLOBAL']],
  [1, 1, -2147483644, ['GROUP_SECURITY', 'GROUP_DOMAIN_LOCAL']],
  [1, 2, -2147483640, ['GROUP_SECURITY', 'GROUP_UNIVERSAL']],
];

const SCOPE_CODES = { global: 0, domainLocal: 1, universal: 2 } as const;
type ScopeName = keyof typeof SCOPE_CODES;
const SECURITY_VALUES: Record<ScopeName, number> = {
  global: -2147483646,
  domainLocal: -2147483644,
  universal: -2147483640,
};

describe('group mutations (e2e)', () => {
  const prefix = `gm${randomBytes(3).toString('hex')}`;
  const created = new Set<string>();
  let app: TestApp;
  let admin: string;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    user = await createTestUser(prefix);
  });

  afterAll(async () => {
    for (const dn of created) {
      await deleteEntryIfPresent(dn);
    }

    await changeValue(BIG_GROUP, 'delete', 'member', user.dn).catch(() => undefined);
    await user.remove();
    await app.close();
  });

  function groupDn(name: string): string {
    return `CN=${name},${TEST_OU}`;
  }

  function insert(group: Record<string, unknown>) {
    if (typeof group.cn === 'string') {
      created.add(`CN=${escapeCn(group.cn)},${TEST_OU}`);
    }

    return app.http.post('/api/groups/insert/').set('Authorization', admin).send({ group });
  }

  function update(group: Record<string, unknown>) {
    return app.http.put('/api/groups/update/').set('Authorization', admin).send({ group });
  }

  function remove(group: Record<string, unknown>) {
    return app.http.post('/api/groups/delete/').set('Authorization', admin).send({ group });
  }

  function fetch(dn: string) {
    return app.http.post('/api/groups/fetch/').set('Authorization', admin).send({ group: dn });
  }

  /** Creates a security group of the given scope under the tests OU and returns its DN. */
  async function createGroup(
    name: string,
    scope: ScopeName,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const cn = `${prefix} ${name}`;
    const response = await insert({
      cn,
      path: TEST_OU,
      groupType: 1,
      groupScope: SCOPE_CODES[scope],
      ...extra,
    });
    expect(response.status).toBe(200);

    return response.body.data.distinguishedName as string;
  }

  async function storedGroupType(dn: string): Promise<number | undefined> {
    const entry = await readEntry(dn, ['groupType']);

    return entry === undefined ? undefined : Number(entry.groupType);
  }

  interface AuditRow {
    actionType: string;
    affectedObject: unknown;
    extraMessage: string | null;
  }

  /** Returns the UPDATE rows of the audit log whose affectedObject names the group cn. */
  async function updateRows(cn: string): Promise<AuditRow[]> {
    const logs = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);

    return (logs.body.logs as AuditRow[]).filter(
      (row) =>
        row.actionType === 'UPDATE' &&
        (row.affectedObject === cn || (row.affectedObject as { cn?: string } | null)?.cn === cn),
    );
  }

  async function storedMembers(dn: string): Promise<string[]> {
    const entry = await readEntry(dn, ['member']);
    const member = entry?.member ?? [];

    return (Array.isArray(member) ? member : [member]).map((value) => value.toLowerCase());
  }

  describe('POST api/groups/insert/', () => {
    it.each(GROUP_KINDS)(
      'creates groupType %i, groupScope %i as %i',
      async (groupType, groupScope, stored, names) => {
        const cn = `${prefix} kind ${groupType}${groupScope}`;

        const response = await insert({ cn, path: TEST_OU, groupType, groupScope }).expect(200);

        expect(response.body).toEqual({
          code: 0,
          code_msg: 'ok',
          data: {
            distinguishedName: groupDn(cn),
            cn,
            sAMAccountName: cn,
            groupType: names,
            member: [],
          },
        });
        expect(await storedGroupType(groupDn(cn))).toBe(stored);
      },
    );

    it('defaults to the Users container', async () => {
      const cn = `${prefix} default`;
      const dn = `CN=${cn},CN=Users,${BASE}`;
      created.add(dn);

      const response = await insert({ cn, groupType: 1, groupScope: 0, path: '' }).expect(200);

      expect(response.body.data.distinguishedName).toBe(dn);
      expect(await readEntry(dn, ['cn'])).toBeDefined();
    });

    it('adds initial members from member and membersToAdd', async () => {
      const nested = await createGroup('nested', 'global');

      const response = await createGroupResponse('with members', {
        member: [user.dn],
        membersToAdd: [nested, user.dn.toUpperCase()],
      });

      expect(response.body.data.member).toEqual([user.dn, nested]);
      const fetched = await fetch(response.body.data.distinguishedName as string).expect(200);
      const members = (fetched.body.data.member as { distinguishedName: string }[]).map(
        (member) => member.distinguishedName,
      );
      expect(members.sort()).toEqual([nested, user.dn].sort());
    });

    it('writes mail and description', async () => {
      const dn = await createGroup('mail', 'universal', {
        mail: `${prefix}@mail.interlock.test`,
        description: 'Line one\nline two',
      });

      const entry = await readEntry(dn, ['mail', 'description']);

      expect(entry?.mail).toBe(`${prefix}@mail.interlock.test`);
      expect(entry?.description).toBe('Line one\nline two');
    });

    it('writes an audit row', async () => {
      const cn = `${prefix} audited`;
      await insert({ cn, path: TEST_OU, groupType: 1, groupScope: 0 }).expect(200);

      const logs = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);

      expect(logs.body.logs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actionType: 'CREATE',
            objectClass: 'GROUP',
            affectedObject: cn,
            outcome: 'success',
          }),
        ]),
      );
    });

    it('keeps metacharacters in cn exactly', async () => {
      const cn = `${prefix} Grp, "Q" + #1 ; * ( ) \\ Ø`;

      const response = await insert({ cn, path: TEST_OU, groupType: 1, groupScope: 2 }).expect(200);
      const dn = response.body.data.distinguishedName as string;

      expect(response.body.data.sAMAccountName).toBe(`${prefix} Grp_ _Q_ _ #1 _ _ ( ) _ Ø`);
      const fetched = await fetch(dn).expect(200);
      expect(fetched.body.data.cn).toBe(cn);
      await update({ distinguishedName: dn, cn, description: 'edited' }).expect(200);
      expect((await readEntry(dn, ['description']))?.description).toBe('edited');
      const deleted = await remove({ cn, distinguishedName: dn }).expect(200);
      // The directory spells the DN with its own escapes (\#, \3B), which name the same entry.
      expect(deleted.body.data).toEqual({
        distinguishedName: fetched.body.data.distinguishedName,
        cn,
      });
      expect(await readEntry(dn, ['cn'])).toBeUndefined();
    });

    it('keeps a leading space in cn', async () => {
      const cn = ` ${prefix} lead`;

      const response = await insert({ cn, path: TEST_OU, groupType: 0, groupScope: 0 }).expect(200);
      const dn = response.body.data.distinguishedName as string;

      expect(dn).toBe(`CN=\\ ${prefix} lead,${TEST_OU}`);
      expect((await fetch(dn).expect(200)).body.data.cn).toBe(cn);
      await remove({ cn, distinguishedName: dn }).expect(200);
    });

    it('creates a group named like a filter without matching others', async () => {
      const cn = `${prefix}*)(cn=*`;

      const response = await insert({ cn, path: TEST_OU, groupType: 1, groupScope: 0 }).expect(200);

      expect(response.body.data.cn).toBe(cn);
      expect(response.body.data.sAMAccountName).toBe(`${prefix}_)(cn__`);
    });

    it.each([
      ['a wildcard DN', `CN=*,OU=Interlock Demo,${BASE}`],
      ['a filter in a DN', `CN=Big Group)(cn=*,OU=Interlock Demo,${BASE}`],
      ['a missing DN', `CN=${'No Such Member'},${TEST_OU}`],
    ])('rejects %s as member', async (_case, member) => {
      const cn = `${prefix} hostile member`;

      const response = await insert({
        cn,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        member: [member],
      }).expect(400);

      expect(response.body.field).toBe('group.member');
      expect(await readEntry(groupDn(cn), ['cn'])).toBeUndefined();
    });

    it.each([
      ['a missing cn', { cn: undefined }, 'group.cn'],
      ['a numeric cn', { cn: 7 }, 'group.cn'],
      ['an oversized cn', { cn: 'x'.repeat(65) }, 'group.cn'],
      ['groupType 5', { groupType: 5 }, 'group.groupType'],
      ['a missing groupType', { groupType: undefined }, 'group.groupType'],
      ['groupScope "x"', { groupScope: 'x' }, 'group.groupScope'],
      ['a path outside the base', { path: 'OU=Elsewhere,DC=other,DC=test' }, 'group.path'],
      ['a malformed path', { path: 'not a dn' }, 'group.path'],
      ['a malformed member DN', { member: ['not a dn'] }, 'group.member'],
      ['a member that is no array', { membersToAdd: DEMO_USER }, 'group.membersToAdd'],
      ['a forbidden sAMAccountName', { sAMAccountName: 'a@b' }, 'group.sAMAccountName'],
      ['an unknown key', { info: 'x' }, 'group.info'],
      ['a user as parent', { path: DEMO_USER }, 'group.path'],
    ])('rejects %s with 400', async (_case, override, field) => {
      const cn = `${prefix} invalid`;

      const response = await insert({
        cn,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        ...override,
      }).expect(400);

      expect(response.body.field).toBe(field);
      expect(await readEntry(groupDn(cn), ['cn'])).toBeUndefined();
    });

    it.each([
      ['member', ['not a dn'], 'group.member[0] is not a valid DN in RFC 4514 syntax'],
      [
        'membersToAdd',
        [DEMO_USER, ''],
        'group.membersToAdd[1] is not a valid DN: it must be 1 to 2048 characters long',
      ],
      ['member', [null], 'group.member[0] is not a valid DN: it must be a string, but it is null'],
    ])('names the invalid element of %s', async (key, value, message) => {
      const cn = `${prefix} bad element`;

      const response = await insert({
        cn,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        [key]: value,
      }).expect(400);

      expect(response.body.field).toBe(`group.${key}`);
      expect(response.body.detail).toContain(message);
      expect(response.body.detail).not.toContain(`group.${key} must be a string`);
    });

    it('rejects a body without group', async () => {
      const response = await app.http
        .post('/api/groups/insert/')
        .set('Authorization', admin)
        .send({})
        .expect(400);

      expect(response.body.field).toBe('group');
    });

    it('rejects an existing cn with 409', async () => {
      const dn = await createGroup('twice', 'global');

      const response = await insert({
        cn: `${prefix} twice`,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        sAMAccountName: `${prefix} other`,
      }).expect(409);

      expect(response.body).toMatchObject({ code: 'ldap_obj_exists', field: 'group.cn' });
      expect(await readEntry(dn, ['cn'])).toBeDefined();
    });

    it('rejects a used sAMAccountName with 409', async () => {
      const cn = `${prefix} taken`;

      const response = await insert({
        cn,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        sAMAccountName: 'demo.admin',
      }).expect(409);

      expect(response.body).toMatchObject({
        code: 'ldap_obj_exists',
        field: 'group.sAMAccountName',
      });
      expect(await readEntry(groupDn(cn), ['cn'])).toBeUndefined();
    });

    it('rejects a domain-local member of a global group with 409', async () => {
      const local = await createGroup('dl member', 'domainLocal');
      const cn = `${prefix} global parent`;

      const response = await insert({
        cn,
        path: TEST_OU,
        groupType: 1,
        groupScope: 0,
        member: [local],
      }).expect(409);

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(await readEntry(groupDn(cn), ['cn'])).toBeUndefined();
    });

    it('rejects an end user with 403', async () => {
      const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);

      await app.http
        .post('/api/groups/insert/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .send({ group: { cn: `${prefix} by user`, groupType: 1, groupScope: 0 } })
        .expect(403);
    });
  });

  async function createGroupResponse(name: string, extra: Record<string, unknown>) {
    return insert({
      cn: `${prefix} ${name}`,
      path: TEST_OU,
      groupType: 1,
      groupScope: 0,
      ...extra,
    }).expect(200);
  }

  describe('PUT api/groups/update/', () => {
    const scopeChanges: [ScopeName, ScopeName][] = [
      ['global', 'universal'],
      ['global', 'domainLocal'],
      ['universal', 'global'],
      ['universal', 'domainLocal'],
      ['domainLocal', 'universal'],
      ['domainLocal', 'global'],
    ];

    it.each(scopeChanges)('changes scope from %s to %s', async (from, to) => {
      const dn = await createGroup(`scope ${from} ${to}`, from);

      const response = await update({ distinguishedName: dn, groupScope: SCOPE_CODES[to] }).expect(
        200,
      );

      expect(response.body.data.distinguishedName).toBe(dn);
      expect(await storedGroupType(dn)).toBe(SECURITY_VALUES[to]);
    });

    it('switches between security and distribution', async () => {
      const dn = await createGroup('type switch', 'global');

      await update({ distinguishedName: dn, groupType: 0 }).expect(200);
      expect(await storedGroupType(dn)).toBe(2);
      await update({ distinguishedName: dn, groupType: 1, groupScope: 2 }).expect(200);
      expect(await storedGroupType(dn)).toBe(-2147483640);
    });

    it('accepts the fetched group sent back', async () => {
      const dn = await createGroup('round trip', 'global', {
        sAMAccountName: `${prefix}-rt`,
        member: [user.dn],
      });
      const fetched = await fetch(dn).expect(200);

      const response = await update({
        ...fetched.body.data,
        headers: fetched.body.headers,
        description: 'changed',
      }).expect(200);

      expect(response.body.data).toEqual({
        distinguishedName: dn,
        cn: `${prefix} round trip`,
        description: 'changed',
      });
      const entry = await readEntry(dn, ['sAMAccountName', 'groupType']);
      expect(entry?.sAMAccountName).toBe(`${prefix}-rt`);
      expect(Number(entry?.groupType)).toBe(-2147483646);
    });

    it('clears and renames attributes', async () => {
      const dn = await createGroup('attributes', 'global', { description: 'old' });

      await update({
        distinguishedName: dn,
        description: '',
        sAMAccountName: `${prefix}-new`,
      }).expect(200);

      const entry = await readEntry(dn, ['description', 'sAMAccountName']);
      expect(entry?.description ?? []).toEqual([]);
      expect(entry?.sAMAccountName).toBe(`${prefix}-new`);
    });

    it('adds and removes a Big Group member', async () => {
      await update({ distinguishedName: BIG_GROUP, membersToAdd: [user.dn] }).expect(200);
      const during = await fetch(BIG_GROUP).expect(200);
      await update({ distinguishedName: BIG_GROUP, membersToRemove: [user.dn] }).expect(200);
      const after = await fetch(BIG_GROUP).expect(200);

      expect(during.body.data.member).toHaveLength(1601);
      expect(after.body.data.member).toHaveLength(1600);
    });

    it('treats present and absent members as no-ops', async () => {
      const dn = await createGroup('no-op', 'global', { member: [user.dn] });

      const added = await update({ distinguishedName: dn, membersToAdd: [user.dn] }).expect(200);
      const removed = await update({ distinguishedName: dn, membersToRemove: [DEMO_USER] }).expect(
        200,
      );

      expect(await storedMembers(dn)).toEqual([user.dn.toLowerCase()]);
      expect(added.body.data).toEqual({ distinguishedName: dn, cn: `${prefix} no-op` });
      expect(removed.body.data).toEqual({ distinguishedName: dn, cn: `${prefix} no-op` });
      expect(await updateRows(`${prefix} no-op`)).toEqual([]);
    });

    it('reports only the members that changed', async () => {
      const cn = `${prefix} partial`;
      const present = await createGroup('partial member', 'global');
      const leaving = await createGroup('partial leaving', 'global');
      const dn = await createGroup('partial', 'global', { member: [present, leaving] });
      const newcomer = await createGroup('partial newcomer', 'global');

      const response = await update({
        distinguishedName: dn,
        membersToAdd: [newcomer, present],
        membersToRemove: [leaving.toUpperCase(), DEMO_USER],
      }).expect(200);

      expect(response.body.data).toEqual({
        distinguishedName: dn,
        cn,
        membersToAdd: [newcomer],
        membersToRemove: [leaving],
      });
      expect((await storedMembers(dn)).sort()).toEqual(
        [present.toLowerCase(), newcomer.toLowerCase()].sort(),
      );
      const rows = await updateRows(cn);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.extraMessage).toBe(
        `added 1: ${prefix} partial newcomer; removed 1: ${prefix} partial leaving`,
      );
      expect(rows[0]?.affectedObject).toEqual({
        cn,
        distinguishedName: dn,
        membersAdded: [newcomer],
        membersRemoved: [leaving],
      });
    });

    it('names attribute changes in the audit row', async () => {
      const cn = `${prefix} audited update`;
      const dn = await createGroup('audited update', 'global');

      await update({ distinguishedName: dn, description: 'new', groupScope: 2 }).expect(200);

      const rows = await updateRows(cn);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.affectedObject).toBe(cn);
      expect(rows[0]?.extraMessage).toBe('changed: groupType, description');
    });

    it('rejects a universal member of a global group', async () => {
      const parent = await createGroup('g parent', 'global');
      const child = await createGroup('u child', 'universal');

      const response = await update({ distinguishedName: parent, membersToAdd: [child] }).expect(
        409,
      );

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(response.body.detail).toContain(child);
      expect(await storedMembers(parent)).toEqual([]);
    });

    it('rejects a group as its own member', async () => {
      const dn = await createGroup('self', 'domainLocal');

      const response = await update({ distinguishedName: dn, membersToAdd: [dn] }).expect(409);

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(await storedMembers(dn)).toEqual([]);
    });

    it('rejects global to domain local inside a global group', async () => {
      const child = await createGroup('g in g', 'global');
      await createGroup('g holder', 'global', { member: [child] });

      const response = await update({ distinguishedName: child, groupScope: 1 }).expect(409);

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(await storedGroupType(child)).toBe(SECURITY_VALUES.global);
    });

    it('rejects domain local to universal with a domain-local member', async () => {
      const member = await createGroup('dl member 2', 'domainLocal');
      const dn = await createGroup('dl holder', 'domainLocal', { member: [member] });

      const response = await update({ distinguishedName: dn, groupScope: 2 }).expect(409);

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(await storedGroupType(dn)).toBe(SECURITY_VALUES.domainLocal);
    });

    it('rejects universal to global with a universal member', async () => {
      const member = await createGroup('u member', 'universal');
      const dn = await createGroup('u holder', 'universal', { member: [member] });

      const response = await update({ distinguishedName: dn, groupScope: 0 }).expect(409);

      expect(response.body.code).toBe('group_nesting_invalid');
      expect(await storedGroupType(dn)).toBe(SECURITY_VALUES.universal);
    });

    it('allows the change once the member is removed', async () => {
      const member = await createGroup('u member 2', 'universal');
      const dn = await createGroup('u holder 2', 'universal', { member: [member] });

      await update({ distinguishedName: dn, groupScope: 0, membersToRemove: [member] }).expect(200);

      expect(await storedGroupType(dn)).toBe(SECURITY_VALUES.global);
      expect(await storedMembers(dn)).toEqual([]);
    });

    it.each([
      ['DnsAdmins', { groupScope: 2 }, DNS_ADMINS, SECURITY_VALUES.domainLocal],
      ['DnsAdmins', { groupType: 0 }, DNS_ADMINS, SECURITY_VALUES.domainLocal],
      ['DnsAdmins', { sAMAccountName: `${prefix}-dns` }, DNS_ADMINS, SECURITY_VALUES.domainLocal],
      ['DnsUpdateProxy', { groupScope: 2 }, DNS_UPDATE_PROXY, SECURITY_VALUES.global],
      ['DnsUpdateProxy', { groupType: 0 }, DNS_UPDATE_PROXY, SECURITY_VALUES.global],
      [
        'DnsUpdateProxy',
        { sAMAccountName: `${prefix}-dnsup` },
        DNS_UPDATE_PROXY,
        SECURITY_VALUES.global,
      ],
    ])('rejects changing %s with %j', async (name, change, dn, groupType) => {
      const response = await update({ distinguishedName: dn, ...change }).expect(403);

      expect(response.body.code).toBe('object_protected');
      const entry = await readEntry(dn, ['groupType', 'sAMAccountName']);
      expect(Number(entry?.groupType)).toBe(groupType);
      expect(entry?.sAMAccountName).toBe(name);
    });

    it('rejects a scope change of Domain Admins', async () => {
      const response = await update({ distinguishedName: DOMAIN_ADMINS, groupScope: 2 }).expect(
        403,
      );

      expect(response.body.code).toBe('object_protected');
      expect(await storedGroupType(DOMAIN_ADMINS)).toBe(SECURITY_VALUES.global);
    });

    it.each([
      ['a missing DN', { distinguishedName: undefined }, 400, 'group.distinguishedName'],
      ['an unknown key', { info: 'x' }, 400, 'group.info'],
      ['groupScope "x"', { groupScope: 'x' }, 400, 'group.groupScope'],
      ['a renamed cn', { cn: 'Other Name' }, 400, 'group.cn'],
      ['a malformed member', { membersToAdd: ['nope'] }, 400, 'group.membersToAdd'],
      ['a malformed removal', { membersToRemove: [DEMO_USER, 7] }, 400, 'group.membersToRemove'],
    ])('rejects %s', async (_case, body, status, field) => {
      const dn = await createGroup(`bad update ${field}`, 'global');

      const response = await update({ distinguishedName: dn, ...body }).expect(status);

      expect(response.body.field).toBe(field);
    });

    it.each([
      ['membersToAdd', ['not a dn'], 'group.membersToAdd[0] is not a valid DN in RFC 4514 syntax'],
      [
        'membersToRemove',
        [`CN=${prefix} ok,${TEST_OU}`, 7],
        'group.membersToRemove[1] is not a valid DN: it must be a string, but it is a number',
      ],
    ])('names the invalid element of %s', async (key, value, message) => {
      const dn = await createGroup(`bad element ${key}`, 'global');

      const response = await update({ distinguishedName: dn, [key]: value }).expect(400);

      expect(response.body.field).toBe(`group.${key}`);
      expect(response.body.detail).toContain(message);
    });

    it('rejects the same DN in both member lists', async () => {
      const dn = await createGroup('overlap', 'global');

      const response = await update({
        distinguishedName: dn,
        membersToAdd: [user.dn],
        membersToRemove: [user.dn.toLowerCase()],
      }).expect(400);

      expect(response.body.field).toBe('group.membersToAdd');
      expect(await storedMembers(dn)).toEqual([]);
    });

    it('returns 404 for a user DN', async () => {
      const response = await update({ distinguishedName: DEMO_USER, description: 'x' }).expect(404);

      expect(response.body.code).toBe('group_not_found');
    });
  });

  describe('POST api/groups/delete/', () => {
    it('deletes a group', async () => {
      const dn = await createGroup('to delete', 'global');

      const response = await remove({ cn: `${prefix} to delete`, distinguishedName: dn }).expect(
        200,
      );

      expect(response.body.data).toEqual({ distinguishedName: dn, cn: `${prefix} to delete` });
      expect(await readEntry(dn, ['cn'])).toBeUndefined();
    });

    it.each([
      ['Domain Admins', DOMAIN_ADMINS],
      ['Builtin Administrators', BUILTIN_ADMINISTRATORS],
      ['DnsAdmins', DNS_ADMINS],
      ['DnsUpdateProxy', DNS_UPDATE_PROXY],
    ])('rejects deleting %s', async (_case, dn) => {
      const response = await remove({ distinguishedName: dn }).expect(403);

      expect(response.body.code).toBe('object_protected');
      expect(await readEntry(dn, ['cn'])).toBeDefined();
    });

    it.each([
      ['a user', DEMO_USER],
      ['a missing group', `CN=${prefix} missing,${TEST_OU}`],
    ])('returns 404 for %s', async (_case, dn) => {
      const response = await remove({ distinguishedName: dn }).expect(404);

      expect(response.body.code).toBe('group_not_found');
    });

    it('rejects a cn that does not match', async () => {
      const dn = await createGroup('mismatch', 'global');

      const response = await remove({ cn: 'Someone Else', distinguishedName: dn }).expect(400);

      expect(response.body.field).toBe('group.cn');
      expect(await readEntry(dn, ['cn'])).toBeDefined();
    });

    it('rejects unknown keys', async () => {
      const dn = await createGroup('delete extra', 'global');

      const response = await remove({ distinguishedName: dn, recursive: true }).expect(400);

      expect(response.body.field).toBe('group.recursive');
      expect(await readEntry(dn, ['cn'])).toBeDefined();
    });
  });
});

/** Escapes a cn the way the API writes it into a DN, for the cleanup list. */
function escapeCn(cn: string): string {
  return cn
    .replace(/[\\,+"<>;=]/g, (char) => `\\${char}`)
    .replace(/^[ #]/, (char) => `\\${char}`)
    .replace(/ $/, '\\ ');
}
