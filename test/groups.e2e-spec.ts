import { LOCAL_ADMIN_PASSWORD, login, startTestApp, TestApp } from './support/app';

const BIG_GROUP = 'CN=Big Group,OU=Interlock Demo,DC=interlock,DC=test';
const DOMAIN_USERS = 'CN=Domain Users,CN=Users,DC=interlock,DC=test';
const DOMAIN_ADMINS = 'CN=Domain Admins,CN=Users,DC=interlock,DC=test';

interface ListedGroup {
  cn: string;
  groupType: string[];
  hasMembers: boolean;
  distinguishedName: string;
}

interface Member {
  distinguishedName: string;
  username?: string;
  primary?: boolean;
}

describe('groups (e2e)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  afterAll(async () => {
    await app.close();
  });

  function fetchGroup(group: unknown) {
    return app.http.post('/api/groups/fetch/').set('Authorization', admin).send({ group });
  }

  describe('GET api/groups/', () => {
    it('lists groups with decoded types and member flags', async () => {
      const response = await app.http.get('/api/groups/').set('Authorization', admin).expect(200);
      const groups = response.body.groups as ListedGroup[];

      expect(response.body.headers).toEqual(['cn', 'groupType', 'hasMembers']);
      expect(groups.find((group) => group.cn === 'Big Group')).toEqual({
        cn: 'Big Group',
        groupType: ['GROUP_SECURITY', 'GROUP_GLOBAL'],
        hasMembers: true,
        distinguishedName: BIG_GROUP,
      });
      expect(groups.find((group) => group.cn === 'Administrators')?.groupType).toEqual([
        'GROUP_SECURITY',
        'GROUP_DOMAIN_LOCAL',
        'GROUP_SYSTEM',
      ]);
      expect(groups.find((group) => group.cn === 'Domain Guests')?.hasMembers).toBe(false);
    });

    it('answers 403 to an end user', async () => {
      const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);

      await app.http
        .get('/api/groups/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(403);
    });
  });

  describe('POST api/groups/fetch/', () => {
    it('returns all 1,600 members', async () => {
      const response = await fetchGroup(BIG_GROUP).expect(200);
      const members = response.body.data.member as Member[];

      expect(members).toHaveLength(1600);
      expect(new Set(members.map((member) => member.distinguishedName)).size).toBe(1600);
      expect(members.map((member) => member.username)).toEqual(
        expect.arrayContaining(['bulk.user0001', 'comma.user', 'jürgen']),
      );
      expect(response.body.data).toMatchObject({
        cn: 'Big Group',
        distinguishedName: BIG_GROUP,
        groupType: ['GROUP_SECURITY', 'GROUP_GLOBAL'],
      });
      expect(typeof response.body.data.objectRid).toBe('number');
    });

    it('lists the users whose primary group it is', async () => {
      const response = await fetchGroup(DOMAIN_USERS).expect(200);
      const members = response.body.data.member as Member[];

      expect(members.find((member) => member.username === 'demo.user')).toMatchObject({
        primary: true,
      });
    });

    it('returns sAMAccountName and description', async () => {
      const response = await fetchGroup(DOMAIN_ADMINS).expect(200);

      expect(response.body.data).toMatchObject({
        cn: 'Domain Admins',
        sAMAccountName: 'Domain Admins',
        description: 'Designated administrators of the domain',
        distinguishedName: DOMAIN_ADMINS,
      });
      expect(response.body.headers).toEqual(['cn', 'mail', 'member', 'groupType', 'objectSid']);
    });

    it('lists nested groups as members', async () => {
      const response = await fetchGroup('CN=Domain Admins,CN=Users,DC=interlock,DC=test').expect(
        200,
      );
      const names = (response.body.data.member as Member[]).map((member) => member.username);

      expect(names).toEqual(expect.arrayContaining(['demo.admin', 'Administrator']));
    });

    it.each([
      ['a missing group', 'CN=No Such Group,OU=Interlock Demo,DC=interlock,DC=test'],
      ['a user', 'CN=Demo User,OU=Staff,OU=Interlock Demo,DC=interlock,DC=test'],
      ['an escaped metacharacter DN', 'CN=Big Group\\2a,OU=Interlock Demo,DC=interlock,DC=test'],
    ])('answers 404 for %s', async (_case, group) => {
      const response = await fetchGroup(group).expect(404);

      expect(response.body.code).toBe('group_not_found');
    });

    it.each([
      ['a value that is not a DN', 'Big Group'],
      ['a number', 7],
      ['an empty string', ''],
      ['a missing field', undefined],
    ])('rejects %s with 400', async (_case, group) => {
      const response = await fetchGroup(group).expect(400);

      expect(response.body.field).toBe('group');
    });
  });

  describe('OpenAPI document', () => {
    interface Schema {
      type?: string;
      items?: Schema;
      properties?: Record<string, Schema>;
    }

    it.each(['GroupToInsert', 'GroupToDelete', 'FetchGroupDto'])(
      'gives every %s property a real type',
      async (name) => {
        const response = await app.http.get('/api/docs-json').expect(200);
        const schema = response.body.components.schemas[name] as Schema;
        const types = Object.entries(schema.properties ?? {}).map(([key, property]) => [
          key,
          property.type,
        ]);

        expect(types.length).toBeGreaterThan(0);
        for (const [key, type] of types) {
          expect([key, type]).toEqual([key, expect.stringMatching(/^(string|number|array)$/)]);
        }
      },
    );

    it('types sAMAccountName and the member lists', async () => {
      const response = await app.http.get('/api/docs-json').expect(200);
      const properties = (response.body.components.schemas.GroupToInsert as Schema).properties;

      expect(properties?.sAMAccountName?.type).toBe('string');
      expect(properties?.member).toMatchObject({ type: 'array', items: { type: 'string' } });
      expect(properties?.membersToAdd).toMatchObject({ type: 'array', items: { type: 'string' } });
    });

    it.each([
      ['/api/groups/update', 'put', ['group_nesting_invalid', 'object_protected', 'universal']],
      ['/api/groups/delete', 'post', ['object_protected', 'DnsAdmins']],
      ['/api/groups/insert', 'post', ['group_nesting_invalid']],
      ['/api/groups/fetch', 'post', ['group_not_found']],
    ])('describes the rules of %s', async (path, method, phrases) => {
      const response = await app.http.get('/api/docs-json').expect(200);
      const description = response.body.paths[path][method].description as string;

      for (const phrase of phrases) {
        expect(description).toContain(phrase);
      }
    });
  });
});

describe('groups with a narrower search base (e2e)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ LDAP_AUTH_SEARCH_BASE: 'OU=Interlock Demo,DC=interlock,DC=test' });
    admin = `Bearer ${(await login(app, 'admin', LOCAL_ADMIN_PASSWORD)).access}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('fetches a group inside the search base', async () => {
    const response = await app.http
      .post('/api/groups/fetch/')
      .set('Authorization', admin)
      .send({ group: BIG_GROUP })
      .expect(200);

    expect(response.body.data.distinguishedName).toBe(BIG_GROUP);
  });

  it('answers 404 for a group outside the search base', async () => {
    const response = await app.http
      .post('/api/groups/fetch/')
      .set('Authorization', admin)
      .send({ group: DOMAIN_ADMINS })
      .expect(404);

    expect(response.body.code).toBe('group_not_found');
    expect(response.body.field).toBe('group');
  });
});
