import { randomBytes } from 'node:crypto';

import { LdapGateway } from '../src/ldap/ldap-gateway';
import { childDn, isValidDn, normalizeDn } from '../src/ldap/syntax/dn';
import { eq } from '../src/ldap/syntax/filter-builder';
import { login, startTestApp, TestApp } from './support/app';
import { createTestUser, TEST_OU, TestUser } from './support/directory';

const BIG_GROUP = 'CN=Big Group,OU=Interlock Demo,DC=interlock,DC=test';
const DOMAIN_USERS_RID = '513';

/** Returns a unique sAMAccountName of at most 20 characters. */
function uniqueName(prefix: string): string {
  return `${prefix}.${randomBytes(4).toString('hex')}`.slice(0, 20);
}

function strongPassword(): string {
  return `Ins-${randomBytes(9).toString('base64url')}7x!`;
}

describe('users admin (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let endUser: string;
  let gateway: LdapGateway;
  /** DNs created through the API, deleted after each test when still present. */
  let created: string[];

  beforeAll(async () => {
    app = await startTestApp();
    gateway = app.app.get(LdapGateway);
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    endUser = `Bearer ${(await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  beforeEach(() => {
    created = [];
  });

  afterEach(async () => {
    for (const dn of created) {
      await gateway.delete(dn).catch(() => undefined);
    }
  });

  afterAll(async () => {
    await app.close();
  });

  function insertBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const password = strongPassword();

    return {
      username: uniqueName('ins'),
      password,
      passwordConfirm: password,
      path: TEST_OU,
      permission_list: [],
      givenName: 'Ina',
      sn: 'Insert',
      ...overrides,
    };
  }

  async function insert(body: Record<string, unknown>, cn: string) {
    if (isValidDn(body.path as string)) {
      created.push(childDn(body.path as string, 'CN', cn));
    }

    return app.http.post('/api/users/insert/').set('Authorization', admin).send(body);
  }

  async function fetchUser(username: string) {
    const response = await app.http
      .post('/api/users/fetch/')
      .set('Authorization', admin)
      .send({ username })
      .expect(200);

    return response.body.data as Record<string, unknown>;
  }

  async function update(user: Record<string, unknown>) {
    return app.http.put('/api/users/update/').set('Authorization', admin).send({ user });
  }

  async function accountsNamed(username: string): Promise<number> {
    const entries = await gateway.search(TEST_OU, {
      scope: 'sub',
      filter: eq('sAMAccountName', username),
      attributes: ['1.1'],
    });

    return entries.length;
  }

  describe('POST api/users/insert/', () => {
    it('creates a user who can log in', async () => {
      const body = insertBody({ mail: 'ina@mail.interlock.test', initials: 'I', co: 'Norway' });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ code: 0, code_msg: 'ok', data: body.username });
      await login(app, body.username as string, body.password as string);
      const user = await fetchUser(body.username as string);
      expect(user).toMatchObject({
        name: 'Ina Insert',
        distinguishedName: `CN=Ina Insert,${TEST_OU}`,
        sAMAccountName: body.username,
        userPrincipalName: `${body.username as string}@interlock.test`,
        givenName: 'Ina',
        sn: 'Insert',
        initials: 'I',
        mail: 'ina@mail.interlock.test',
        co: 'Norway',
        c: 'NO',
        countryCode: '578',
        is_enabled: true,
        userAccountControl: '512',
      });
      expect(JSON.stringify(response.body)).not.toContain(body.password as string);
    });

    it('keeps the case of the username', async () => {
      const body = insertBody({ username: uniqueName('Mixed.Case') });

      await insert(body, 'Ina Insert').then((response) => expect(response.status).toBe(200));

      const user = await fetchUser(body.username as string);
      expect(user.sAMAccountName).toBe(body.username);
    });

    it('applies flags from permission_list', async () => {
      const body = insertBody({
        permission_list: ['LDAP_UF_ACCOUNT_DISABLE', 'LDAP_UF_DONT_EXPIRE_PASSWD'],
      });

      await insert(body, 'Ina Insert').then((response) => expect(response.status).toBe(200));

      const user = await fetchUser(body.username as string);
      expect(user.userAccountControl).toBe(String(0x200 | 0x2 | 0x10000));
      expect(user.is_enabled).toBe(false);
    });

    it.each([
      ["O'Brien, Seán"],
      ['A+B "Q" #1'],
      [' Leading'],
      ['Trailing '],
      ['Åse Ødegård'],
      ['semi;colon\\back'],
    ])('round-trips the name %j', async (cn) => {
      const body = insertBody({ cn });

      const response = await insert(body, cn);

      expect(response.status).toBe(200);
      const user = await fetchUser(body.username as string);
      expect(user.name).toBe(cn);
      expect(normalizeDn(user.distinguishedName as string)).toBe(
        normalizeDn(childDn(TEST_OU, 'CN', cn)),
      );
    });

    it('defaults the parent to the Users container', async () => {
      const body = insertBody({ path: undefined });
      const cn = `Ina ${randomBytes(3).toString('hex')}`;
      created.push(childDn('CN=Users,DC=interlock,DC=test', 'CN', cn));

      const response = await app.http
        .post('/api/users/insert/')
        .set('Authorization', admin)
        .send({ ...body, cn });

      expect(response.status).toBe(200);
      const user = await fetchUser(body.username as string);
      expect(user.distinguishedName).toBe(`CN=${cn},CN=Users,DC=interlock,DC=test`);
    });

    it('rejects a duplicate username with 409', async () => {
      const existing = await createTestUser('dup');
      try {
        const body = insertBody({ username: existing.username, cn: 'Dup Other' });

        const response = await insert(body, 'Dup Other');

        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'ldap_obj_exists', field: 'username' });
        expect(await gateway.read(childDn(TEST_OU, 'CN', 'Dup Other'), ['1.1'])).toBeUndefined();
      } finally {
        await existing.remove();
      }
    });

    it('rejects an existing entry at the target DN with 409', async () => {
      const existing = await createTestUser('dupcn');
      const cn = existing.dn.slice(3, existing.dn.indexOf(','));
      const body = insertBody({ cn });
      try {
        const response = await app.http
          .post('/api/users/insert/')
          .set('Authorization', admin)
          .send(body);

        expect(response.status).toBe(409);
        expect(response.body.field).toBe('cn');
        expect(await accountsNamed(body.username as string)).toBe(0);
      } finally {
        await existing.remove();
      }
    });

    it('rejects mismatched passwords with 400', async () => {
      const body = insertBody({ passwordConfirm: 'Something-Else-1' });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'user_passwords_dont_match',
        field: 'passwordConfirm',
      });
      expect(await accountsNamed(body.username as string)).toBe(0);
    });

    it('rolls back when the password is too weak', async () => {
      const body = insertBody({ password: 'abc', passwordConfirm: 'abc' });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'password_policy', field: 'password' });
      expect(await gateway.read(childDn(TEST_OU, 'CN', 'Ina Insert'), ['1.1'])).toBeUndefined();
      expect(JSON.stringify(response.body)).not.toContain('"abc"');
    });

    it('rejects a path that does not exist', async () => {
      const body = insertBody({ path: `OU=Missing ${randomBytes(3).toString('hex')},${TEST_OU}` });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(404);
      expect(response.body.field).toBe('path');
    });

    it('rejects unknown permission names', async () => {
      const body = insertBody({ permission_list: ['LDAP_UF_NOPE'] });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'user_permission_malformed',
        field: 'permission_list',
      });
    });

    it('rejects an unknown country', async () => {
      const body = insertBody({ co: 'Atlantis' });

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'user_country_error', field: 'co' });
      expect(await accountsNamed(body.username as string)).toBe(0);
    });

    it.each([
      ['a forbidden character', { username: 'a*b' }, 'username'],
      ['a 21-character username', { username: 'x'.repeat(21) }, 'username'],
      ['a username of dots', { username: '..' }, 'username'],
      ['a missing username', { username: undefined }, 'username'],
      ['a numeric password', { password: 12345678 }, 'password'],
      ['an oversized givenName', { givenName: 'g'.repeat(65) }, 'givenName'],
      ['a malformed path', { path: 'not a dn' }, 'path'],
      ['permission_list as a string', { permission_list: 'LDAP_UF_SCRIPT' }, 'permission_list'],
      ['an unknown property', { objectClass: ['computer'] }, 'objectClass'],
      ['a control character in cn', { cn: 'bad\u0007name' }, 'cn'],
    ])('rejects %s with 400', async (_case, overrides, field) => {
      const body = insertBody(overrides);

      const response = await insert(body, 'Ina Insert');

      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect(await gateway.read(childDn(TEST_OU, 'CN', 'Ina Insert'), ['1.1'])).toBeUndefined();
    });
  });

  describe('PUT api/users/update/', () => {
    let user: TestUser;

    beforeEach(async () => {
      user = await createTestUser('upd');
      created.push(user.dn);
    });

    it('writes several attributes in one call', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({
        ...fetched,
        givenName: 'Upda',
        sn: 'Ted, Jr.',
        telephoneNumber: '+47 555 0100',
        mail: '',
        description: 'line one\nline two',
      });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        username: user.username,
        givenName: 'Upda',
        sn: 'Ted, Jr.',
        telephoneNumber: '+47 555 0100',
        mail: '',
        description: 'line one\nline two',
      });
      const after = await fetchUser(user.username);
      expect(after).toMatchObject({
        givenName: 'Upda',
        sn: 'Ted, Jr.',
        telephoneNumber: '+47 555 0100',
      });
      expect(after).not.toHaveProperty('mail');
    });

    it('adds a flag and keeps the other bits', async () => {
      await gateway.modify(user.dn, [
        { operation: 'replace', attribute: 'userAccountControl', values: [String(0x200 | 0x80)] },
      ]);
      const fetched = await fetchUser(user.username);

      const response = await update({
        ...fetched,
        permission_list: [...(fetched.permission_list as string[]), 'LDAP_UF_DONT_EXPIRE_PASSWD'],
      });

      expect(response.status).toBe(200);
      const after = await fetchUser(user.username);
      expect(after.userAccountControl).toBe(String(0x200 | 0x80 | 0x10000));
    });

    it('disables through permission_list', async () => {
      const fetched = await fetchUser(user.username);

      await update({
        ...fetched,
        permission_list: [...(fetched.permission_list as string[]), 'LDAP_UF_ACCOUNT_DISABLE'],
      }).then((response) => expect(response.status).toBe(200));

      const after = await fetchUser(user.username);
      expect(after.is_enabled).toBe(false);
      expect(after.userAccountControl).toBe(String(0x200 | 0x2));
    });

    it('maps a country name', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, co: 'Norway' });

      expect(response.status).toBe(200);
      const after = await fetchUser(user.username);
      expect(after).toMatchObject({ co: 'Norway', c: 'NO', countryCode: '578' });
    });

    it('clears the country', async () => {
      await update({ ...(await fetchUser(user.username)), co: 'Norway' });

      const response = await update({ ...(await fetchUser(user.username)), co: '' });

      expect(response.body).toMatchObject({ code: 0 });

      const after = await fetchUser(user.username);
      expect(after).not.toHaveProperty('co');
      expect(after).not.toHaveProperty('c');
    });

    it('rejects an unknown country', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, co: 'Atlantis', givenName: 'Changed' });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'user_country_error', field: 'user.co' });
      expect((await fetchUser(user.username)).givenName).toBe('Test');
    });

    it('joins and leaves the 1,600-member group', async () => {
      const before = await gateway.readAllValues(BIG_GROUP, 'member');
      expect(before).toHaveLength(1600);
      const fetched = await fetchUser(user.username);

      const joined = await update({ ...fetched, groupsToAdd: [BIG_GROUP] });

      expect(joined.status).toBe(200);
      expect(await gateway.readAllValues(BIG_GROUP, 'member')).toHaveLength(1601);
      const left = await update({
        ...(await fetchUser(user.username)),
        groupsToRemove: [BIG_GROUP],
      });
      expect(left.status).toBe(200);
      expect(await gateway.readAllValues(BIG_GROUP, 'member')).toHaveLength(1600);
    });

    it('treats a repeated join and leave as no-ops', async () => {
      const fetched = await fetchUser(user.username);
      try {
        await update({ ...fetched, groupsToAdd: [BIG_GROUP] });

        const again = await update({ ...fetched, groupsToAdd: [BIG_GROUP] });

        expect(again.status).toBe(200);
        await update({ ...fetched, groupsToRemove: [BIG_GROUP] });
        const leaveAgain = await update({ ...fetched, groupsToRemove: [BIG_GROUP] });
        expect(leaveAgain.body).toMatchObject({ code: 0 });
      } finally {
        await gateway
          .modify(BIG_GROUP, [{ operation: 'delete', attribute: 'member', values: [user.dn] }])
          .catch(() => undefined);
      }

      expect(await gateway.readAllValues(BIG_GROUP, 'member')).toHaveLength(1600);
    });

    it('rejects a group in both lists', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({
        ...fetched,
        groupsToAdd: [BIG_GROUP],
        groupsToRemove: [BIG_GROUP.toLowerCase()],
      });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('user_group_bad');
    });

    it('rejects a missing group with 404', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, groupsToAdd: [`CN=No Such Group,${TEST_OU}`] });

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'group_not_found', field: 'user.groupsToAdd' });
    });

    it('rejects a non-group in groupsToAdd', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, groupsToAdd: [user.dn] });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('group_not_found');
    });

    it('sets the primary group after joining it', async () => {
      const domainGuests = 'CN=Domain Guests,CN=Users,DC=interlock,DC=test';
      const fetched = await fetchUser(user.username);

      const response = await update({
        ...fetched,
        groupsToAdd: [domainGuests],
        primaryGroupID: '514',
      });

      expect(response.status).toBe(200);
      const after = await fetchUser(user.username);
      expect(after.primaryGroupID).toBe('514');
      const back = await update({ ...after, primaryGroupID: DOMAIN_USERS_RID });
      expect(back.status).toBe(200);
      await update({ ...(await fetchUser(user.username)), groupsToRemove: [domainGuests] });
    });

    it('rejects a primary group the user is not in', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, primaryGroupID: '514' });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('user.primaryGroupID');
    });

    it('renames through cn', async () => {
      const cn = `Renamed, ${randomBytes(3).toString('hex')} +#`;
      const fetched = await fetchUser(user.username);
      created.push(childDn(TEST_OU, 'CN', cn));

      const response = await update({ ...fetched, cn, givenName: 'Renamed' });

      expect(response.status).toBe(200);
      expect(response.body.data.distinguishedName).toBe(childDn(TEST_OU, 'CN', cn));
      const after = await fetchUser(user.username);
      expect(after.name).toBe(cn);
      expect(after.givenName).toBe('Renamed');
    });

    it('round-trips accountExpires', async () => {
      const fetched = await fetchUser(user.username);
      expect(fetched.accountExpires).toBeNull();
      const date = '2031-05-17T08:30:15.123Z';

      await update({ ...fetched, accountExpires: date }).then((response) =>
        expect(response.status).toBe(200),
      );

      const expiring = await gateway.read(user.dn, ['accountExpires']);
      expect(expiring?.text('accountExpires')).toBe(
        String((BigInt(Date.parse(date)) + 11_644_473_600_000n) * 10_000n),
      );
      expect((await fetchUser(user.username)).accountExpires).toBe(date);
      await update({ ...fetched, accountExpires: null });
      const never = await gateway.read(user.dn, ['accountExpires']);
      expect(never?.text('accountExpires')).toBe('9223372036854775807');
    });

    it('returns 404 for an unknown user', async () => {
      const response = await update({ username: uniqueName('ghost'), givenName: 'X' });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('user_not_found');
    });

    it.each([
      ['an unknown top-level key', { extra: 1 }, 'extra'],
      ['a user that is not an object', { user: 'x' }, 'user'],
    ])('rejects %s', async (_case, body, field) => {
      const response = await app.http
        .put('/api/users/update/')
        .set('Authorization', admin)
        .send({ user: { username: user.username }, ...body });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    });

    it.each([
      ['a numeric givenName', { givenName: 5 }, 'user.givenName'],
      ['an oversized sn', { sn: 's'.repeat(65) }, 'user.sn'],
      ['an unknown attribute', { adminCount: '1' }, 'user.adminCount'],
      ['a changed sAMAccountName', { sAMAccountName: 'other.name' }, 'user.sAMAccountName'],
      ['a bad accountExpires', { accountExpires: 'tomorrow' }, 'user.accountExpires'],
      ['a bad group DN', { groupsToAdd: ['not a dn'] }, 'user.groupsToAdd'],
      ['a bad permission', { permission_list: ['LDAP_UF_NOPE'] }, 'user.permission_list'],
    ])('rejects %s with nothing written', async (_case, overrides, field) => {
      const fetched = await fetchUser(user.username);

      const response = await update({ ...fetched, givenName: 'Changed', ...overrides });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      expect((await fetchUser(user.username)).givenName).toBe('Test');
    });

    it('ignores read-only keys', async () => {
      const fetched = await fetchUser(user.username);

      const response = await update({
        ...fetched,
        whenCreated: '20000101000000.0Z',
        objectSid: 'S-1-5-32-544',
        is_enabled: false,
        userAccountControl: '2',
      });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ username: user.username });
    });
  });

  describe('account protection and account type', () => {
    let user: TestUser;

    beforeEach(async () => {
      user = await createTestUser('prot');
      created.push(user.dn);
    });

    it.each([
      ['an expiry date on krbtgt', { username: 'krbtgt', accountExpires: '2001-01-01' }],
      [
        'a flag on Administrator',
        {
          username: 'Administrator',
          permission_list: ['LDAP_UF_NORMAL_ACCOUNT', 'LDAP_UF_DONT_REQUIRE_PREAUTH'],
        },
      ],
    ])('rejects %s with 403', async (_case, body) => {
      const before = await fetchUser(body.username);

      const response = await update(body);

      expect(response.status).toBe(403);
      expect(response.body.code).toBe('object_protected');
      const after = await fetchUser(body.username);
      expect(after.userAccountControl).toBe(before.userAccountControl);
      expect(after.accountExpires).toBe(before.accountExpires);
    });

    it('rejects a change of account type', async () => {
      const response = await update({
        username: user.username,
        permission_list: ['LDAP_UF_WORKSTATION_TRUST_ACCOUNT'],
      });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('user.permission_list');
      expect((await fetchUser(user.username)).permission_list).toContain('LDAP_UF_NORMAL_ACCOUNT');
    });

    it.each([['2024-02-30'], ['1601-01-01'], ['10000-01-01']])(
      'rejects the expiry date %p',
      async (accountExpires) => {
        const response = await update({ username: user.username, accountExpires });

        expect(response.status).toBe(400);
        expect(response.body.field).toBe('user.accountExpires');
      },
    );

    it('rejects a distinguishedName of another user', async () => {
      const response = await update({
        username: user.username,
        distinguishedName: 'CN=Administrator,CN=Users,DC=interlock,DC=test',
        description: 'dn mismatch',
      });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('user.distinguishedName');
      expect((await fetchUser(user.username)).description).toBeUndefined();
    });

    it('rejects a script as web page', async () => {
      const response = await update({
        username: user.username,
        wWWHomePage: 'javascript:alert(1)',
      });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('user.wWWHomePage');
    });

    it('treats a group listed twice as one change', async () => {
      const groups = Array.from({ length: 50 }, () => BIG_GROUP);

      const response = await update({ username: user.username, groupsToAdd: groups });
      const members = await gateway.readAllValues(BIG_GROUP, 'member');
      await update({ username: user.username, groupsToRemove: [BIG_GROUP] });

      expect(response.status).toBe(200);
      expect(response.body.data.groupsToAdd).toEqual([BIG_GROUP]);
      expect(members).toHaveLength(1601);
    });

    it('rejects a password sent to update', async () => {
      const response = await update({ username: user.username, password: 'Other-Passw0rd!' });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('user.password');
    });

    it.each([
      [
        'an account type flag',
        { permission_list: ['LDAP_UF_WORKSTATION_TRUST_ACCOUNT'] },
        'permission_list',
      ],
      ['an application partition', { path: 'DC=DomainDnsZones,DC=interlock,DC=test' }, 'path'],
      ['the Builtin container', { path: 'CN=Builtin,DC=interlock,DC=test' }, 'path'],
      ['the System container', { path: 'CN=System,DC=interlock,DC=test' }, 'path'],
    ])('rejects an insert into %s before writing', async (_case, overrides, field) => {
      const body = insertBody(overrides);

      const response = await app.http
        .post('/api/users/insert/')
        .set('Authorization', admin)
        .send(body);

      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
      const [found] = await gateway.search('DC=interlock,DC=test', {
        scope: 'sub',
        filter: eq('sAMAccountName', body.username as string),
        attributes: ['1.1'],
      });
      expect(found).toBeUndefined();
    });
  });

  describe('POST api/users/delete/', () => {
    it('deletes a user', async () => {
      const user = await createTestUser('del');
      created.push(user.dn);

      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: user.username, distinguishedName: user.dn });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ username: user.username });
      expect(await gateway.read(user.dn, ['1.1'])).toBeUndefined();
    });

    it('protects Administrator', async () => {
      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: 'Administrator' });

      expect(response.status).toBe(403);
      expect(response.body.code).toBe('object_protected');
    });

    it.each([
      ['a group', BIG_GROUP],
      ['the tests OU', TEST_OU],
    ])('rejects %s as distinguishedName', async (_case, dn) => {
      const user = await createTestUser('delx');
      created.push(user.dn);

      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: user.username, distinguishedName: dn });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('distinguishedName');
      expect(await gateway.read(dn, ['1.1'])).toBeDefined();
      expect(await gateway.read(user.dn, ['1.1'])).toBeDefined();
    });

    it('rejects a computer account', async () => {
      const name = `PC${randomBytes(3).toString('hex')}`;
      const dn = childDn(TEST_OU, 'CN', name);
      created.push(dn);
      await gateway.add(dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'user', 'computer'],
        sAMAccountName: `${name}$`,
        userAccountControl: '4096',
      });

      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: `${name}$` });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('not_a_user');
      expect(await gateway.read(dn, ['1.1'])).toBeDefined();
    });

    it('refuses to delete the caller', async () => {
      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: 'demo.admin' });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('user_anti_lockout');
      expect(await fetchUser('demo.admin')).toMatchObject({ username: 'demo.admin' });
    });

    it('returns 404 for an unknown user', async () => {
      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send({ username: uniqueName('ghost') });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('user_not_found');
    });

    it.each([
      ['a missing username', {}, 'username'],
      ['a numeric username', { username: 7 }, 'username'],
      ['an unknown property', { username: 'x', recursive: true }, 'recursive'],
    ])('rejects %s with 400', async (_case, body, field) => {
      const response = await app.http
        .post('/api/users/delete/')
        .set('Authorization', admin)
        .send(body);

      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    });
  });

  describe('end users', () => {
    it('cannot insert, update or delete', async () => {
      const user = await createTestUser('enduser');
      created.push(user.dn);
      const body = insertBody();

      const inserted = await app.http
        .post('/api/users/insert/')
        .set('Authorization', endUser)
        .send(body);
      const updated = await app.http
        .put('/api/users/update/')
        .set('Authorization', endUser)
        .send({ user: { username: user.username, givenName: 'Hacked' } });
      const deleted = await app.http
        .post('/api/users/delete/')
        .set('Authorization', endUser)
        .send({ username: user.username });

      expect([inserted.status, updated.status, deleted.status]).toEqual([403, 403, 403]);
      expect(await accountsNamed(body.username as string)).toBe(0);
      expect((await fetchUser(user.username)).givenName).toBe('Test');
    });
  });
});
