import { login, startTestApp, TestApp } from './support/app';

interface ListedUser {
  username: string;
  distinguishedName: string;
  is_enabled: boolean;
}

describe('users (e2e)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET api/users/', () => {
    it('lists every user, above 1,000, in one response by default', async () => {
      const response = await app.http.get('/api/users/').set('Authorization', admin).expect(200);

      expect(response.body.code).toBe(0);
      expect(response.body.headers).toEqual([
        'givenName',
        'sn',
        'sAMAccountName',
        'mail',
        'is_enabled',
      ]);
      expect(response.body.users.length).toBeGreaterThan(1200);
      expect(response.body).not.toHaveProperty('next_cursor');
      const names = (response.body.users as ListedUser[]).map((user) => user.username);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(expect.arrayContaining(['comma.user', 'jürgen', 'bulk.user1200']));
    });

    it('reports disabled accounts', async () => {
      const response = await app.http.get('/api/users/').set('Authorization', admin).expect(200);
      const users = response.body.users as ListedUser[];

      expect(users.find((user) => user.username === 'disabled.user')?.is_enabled).toBe(false);
      expect(users.find((user) => user.username === 'demo.user')?.is_enabled).toBe(true);
    });

    it('pages with page_size and cursor through the same users', async () => {
      const all = await app.http.get('/api/users/').set('Authorization', admin).expect(200);
      const collected: string[] = [];
      let cursor: string | null | undefined;
      let pages = 0;

      do {
        const query: Record<string, string> = { page_size: '400' };
        if (cursor) {
          query.cursor = cursor;
        }

        const page = await app.http
          .get('/api/users')
          .query(query)
          .set('Authorization', admin)
          .expect(200);
        expect(page.body.users.length).toBeLessThanOrEqual(400);
        collected.push(...(page.body.users as ListedUser[]).map((user) => user.username));
        cursor = page.body.next_cursor as string | null;
        pages += 1;
      } while (cursor !== null && pages < 20);

      expect(cursor).toBeNull();
      expect(pages).toBeGreaterThan(3);
      expect(collected).toEqual((all.body.users as ListedUser[]).map((user) => user.username));
    });

    it('filters with a case-insensitive search', async () => {
      const response = await app.http
        .get('/api/users/')
        .query({ search: 'HØEG' })
        .set('Authorization', admin)
        .expect(200);

      expect((response.body.users as ListedUser[]).map((user) => user.username)).toEqual([
        'bjorn.hoeg',
      ]);
    });

    it.each([['*'], ['*)(objectClass=*'], ['\\'], ['(']])(
      'treats the search %p as literal text',
      async (search) => {
        const response = await app.http
          .get('/api/users/')
          .query({ search })
          .set('Authorization', admin)
          .expect(200);

        expect(response.body.users.length).toBeLessThan(10);
      },
    );

    it.each([
      ['page_size', { page_size: '0' }],
      ['page_size', { page_size: '1001' }],
      ['page_size', { page_size: 'ten' }],
      ['cursor', { cursor: 'not a cursor!' }],
      ['cursor', { cursor: 'bm90LWpzb24' }],
      ['unexpected', { unexpected: '1' }],
      ['search', { search: 'demo\u0000zzz' }],
      ['search', { search: 'a\nb' }],
      ['search', { search: 'a\u2028b' }],
      ['search', { search: 's'.repeat(257) }],
    ])('rejects a bad %s with 400', async (field, query) => {
      const response = await app.http
        .get('/api/users/')
        .query(query)
        .set('Authorization', admin)
        .expect(400);

      expect(response.body.code).toBe('invalid_input');
      expect(response.body.field).toBe(field);
    });
  });

  describe('POST api/users/fetch/', () => {
    async function fetchUser(username: string) {
      return app.http.post('/api/users/fetch/').set('Authorization', admin).send({ username });
    }

    it('returns the reference shape', async () => {
      const response = await fetchUser('demo.user');

      expect(response.status).toBe(200);
      const data = response.body.data;
      expect(data).toMatchObject({
        username: 'demo.user',
        sAMAccountName: 'demo.user',
        type: 'Person',
        is_enabled: true,
        is_locked: false,
        accountExpires: null,
        sAMAccountType: 'SAM_NORMAL_USER_ACCOUNT',
      });
      expect(data.objectSid).toMatch(/^S-1-5-21-\d+-\d+-\d+-\d+$/);
      expect(data.objectRid).toBe(Number((data.objectSid as string).split('-').pop()));
      expect(data.permission_list).toContain('LDAP_UF_NORMAL_ACCOUNT');
      expect(data.objectClass).toEqual(expect.arrayContaining(['user', 'person']));
      expect(data.whenCreated).toMatch(/^\d{14}\.0Z$/);
      expect(data).not.toHaveProperty('memberOf');
    });

    it('lists the primary group last', async () => {
      const response = await fetchUser('demo.user');
      const groups = response.body.data.memberOfObjects as { name: string; is_primary?: boolean }[];

      expect(groups[groups.length - 1]).toMatchObject({ name: 'Domain Users', is_primary: true });
    });

    it('returns every objectRid as a number', async () => {
      const response = await fetchUser('demo.user');
      const groups = response.body.data.memberOfObjects as { name: string; objectRid: unknown }[];

      expect(typeof response.body.data.objectRid).toBe('number');
      expect(groups.length).toBeGreaterThan(0);
      for (const group of groups) {
        expect(typeof group.objectRid).toBe('number');
      }

      expect(groups.find((group) => group.name === 'Domain Users')?.objectRid).toBe(513);
    });

    it('shows a member of the 1,600-member group', async () => {
      const response = await fetchUser('bulk.user0001');

      expect(response.status).toBe(200);
      const names = (response.body.data.memberOfObjects as { name: string }[]).map((g) => g.name);
      expect(names).toContain('Big Group');
    });

    it.each([
      ['comma.user', 'Lastname, Firstname'],
      ['meta.user', 'Meta (*) \\ ; " <x>'],
      ['space.user', ' Leading Space'],
      ['hash.user', '#Hash Leading'],
      ['plus.user', 'A+B Plus'],
      ['bjorn.hoeg', 'Bjørn Høeg'],
      ['jürgen', 'Jürgen Groß'],
    ])('fetches %s whose DN needs escaping', async (username, name) => {
      const response = await fetchUser(username);

      expect(response.status).toBe(200);
      expect(response.body.data.name).toBe(name);
      expect(response.body.data.username).toBe(username);
    });

    it('reports a locked-out user', async () => {
      const response = await fetchUser('locked.user');

      expect(response.body.data.is_locked).toBe(true);
      expect(response.body.data.permission_list).toContain('LDAP_UF_LOCKOUT');
    });

    it('reports a disabled user', async () => {
      const response = await fetchUser('disabled.user');

      expect(response.body.data.is_enabled).toBe(false);
      expect(response.body.data.permission_list).toContain('LDAP_UF_ACCOUNT_DISABLE');
    });

    it.each([['no.such.user'], ['*'], ['demo*'], ['demo.user)(cn=*']])(
      'answers 404 for %p',
      async (username) => {
        const response = await fetchUser(username);

        expect(response.status).toBe(404);
        expect(response.body.code).toBe('user_not_found');
      },
    );

    it.each([
      ['a missing username', {}],
      ['a numeric username', { username: 7 }],
      ['an empty username', { username: '' }],
    ])('rejects %s with 400', async (_case, body) => {
      const response = await app.http
        .post('/api/users/fetch/')
        .set('Authorization', admin)
        .send(body)
        .expect(400);

      expect(response.body.field).toBe('username');
    });
  });
});
