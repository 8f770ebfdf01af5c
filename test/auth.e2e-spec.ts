import { login, startTestApp, TestApp } from './support/app';
import { DataSource } from 'typeorm';

import { TokenService } from '../src/auth/token.service';

import {
  changeValue,
  createTestUser,
  renameEntry,
  replaceAttribute,
  TEST_OU,
  TestUser,
} from './support/directory';

const DOUBLED_JSON = 'application/json;charset=UTF-8 application/json';

describe('auth (e2e)', () => {
  let app: TestApp;
  let demoPassword: string;
  let victim: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ REFRESH_REUSE_GRACE: '2' });
    demoPassword = app.sandbox.SANDBOX_DEMO_PASSWORD;
    victim = await createTestUser('badpw');
  });

  afterAll(async () => {
    await victim.remove();
    await app.close();
  });

  describe('POST api/token/', () => {
    it('logs in a direct Domain Admins member as admin', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'demo.admin', password: demoPassword })
        .expect(200);

      expect(response.body).toMatchObject({
        code: 0,
        code_msg: 'ok',
        admin_allowed: true,
        username: 'demo.admin',
      });
      expect(typeof response.body.access).toBe('string');
      expect(typeof response.body.refresh).toBe('string');
      expect(response.body).toHaveProperty('first_name');
      expect(response.body).toHaveProperty('last_name');
      expect(response.body).toHaveProperty('email');
    });

    it('treats a nested Domain Admins member as admin', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'nested.admin', password: demoPassword })
        .expect(200);

      expect(response.body.admin_allowed).toBe(true);
    });

    it('treats the domain Administrator as admin', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'Administrator', password: app.sandbox.SANDBOX_ADMIN_PASSWORD })
        .expect(200);

      expect(response.body.admin_allowed).toBe(true);
    });

    it('logs in an end user without admin rights', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'demo.user', password: demoPassword })
        .expect(200);

      expect(response.body.admin_allowed).toBe(false);
    });

    it('accepts the userPrincipalName as login name', async () => {
      await app.http
        .post('/api/token/')
        .send({ username: 'demo.user@interlock.test', password: demoPassword })
        .expect(200);
    });

    it('accepts the down-level DOMAIN\\username form', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'INTERLOCK\\demo.user', password: demoPassword })
        .expect(200);

      expect(response.body.username).toBe('demo.user');
    });

    it('reads the body under the doubled content type', async () => {
      const response = await app.http
        .post('/api/token/')
        .set('Content-Type', DOUBLED_JSON)
        .send(JSON.stringify({ username: 'demo.user', password: demoPassword }))
        .expect(200);

      expect(response.body.username).toBe('demo.user');
    });

    it('sends any spelling of admin to the local admin', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: ' Admin ', password: 'Local-Admin-Test-Password-1' })
        .expect(200);

      expect(response.body).toMatchObject({ username: 'admin', admin_allowed: true });
    });

    it('logs in the local admin', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'admin', password: 'Local-Admin-Test-Password-1' })
        .expect(200);

      expect(response.body.admin_allowed).toBe(true);
    });

    it('logs in a freshly created user', async () => {
      await app.http
        .post('/api/token/')
        .send({ username: victim.username, password: victim.password })
        .expect(200);
    });

    it('rejects a wrong password with 401', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: victim.username, password: 'wrong-password' })
        .expect(401);

      expect(response.body).toMatchObject({ code: 'invalid_credentials', status_code: 401 });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('rejects an unknown user like a wrong password', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'no.such.user', password: demoPassword })
        .expect(401);

      expect(response.body.code).toBe('invalid_credentials');
    });

    it('rejects a locked-out account', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'locked.user', password: demoPassword })
        .expect(401);

      expect(response.body.code).toBe('invalid_credentials');
    });

    it('rejects a disabled account', async () => {
      const response = await app.http
        .post('/api/token/')
        .send({ username: 'disabled.user', password: demoPassword })
        .expect(401);

      expect(response.body.code).toBe('invalid_credentials');
    });

    it.each([['*'], ['*)(sAMAccountName=*'], ['demo.user)(|(objectClass=*'], ['demo*'], ['\\2a']])(
      'does not let %s match another account',
      async (username) => {
        const response = await app.http
          .post('/api/token/')
          .send({ username, password: demoPassword })
          .expect(401);

        expect(response.body.code).toBe('invalid_credentials');
      },
    );

    it.each([
      ['a missing password', { username: 'demo.user' }, 'password'],
      ['a numeric username', { username: 42, password: 'x' }, 'username'],
      ['an oversized username', { username: 'u'.repeat(300), password: 'x' }, 'username'],
      ['an unknown property', { username: 'demo.user', password: 'x', role: 'admin' }, 'role'],
      ['a line separator in the username', { username: 'a\u2028b', password: 'x' }, 'username'],
      ['a lone surrogate in the username', { username: 'a\ud800b', password: 'x' }, 'username'],
    ])('rejects %s with 400 naming the field', async (_case, body, field) => {
      const response = await app.http.post('/api/token/').send(body).expect(400);

      expect(response.body.code).toBe('invalid_input');
      expect(response.body.field).toBe(field);
    });
  });

  describe('POST api/token/refresh/', () => {
    it('rotates the refresh token', async () => {
      const first = await login(app, 'demo.user', demoPassword);

      const response = await app.http
        .post('/api/token/refresh/')
        .send({ refresh: first.refresh })
        .expect(200);

      expect(typeof response.body.access).toBe('string');
      expect(response.body.refresh).not.toBe(first.refresh);
      await app.http
        .get('/api/users/me/')
        .set('Authorization', `Bearer ${response.body.access as string}`)
        .expect(200);
    });

    it('accepts a just-rotated token again within the grace window', async () => {
      const first = await login(app, 'demo.user', demoPassword);

      const [a, b] = await Promise.all([
        app.http.post('/api/token/refresh/').send({ refresh: first.refresh }),
        app.http.post('/api/token/refresh/').send({ refresh: first.refresh }),
      ]);

      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.refresh).toBe(b.body.refresh);
    });

    it('revokes the session when a rotated token is reused after the grace window', async () => {
      const first = await login(app, 'demo.user', demoPassword);
      const rotated = await app.http
        .post('/api/token/refresh/')
        .send({ refresh: first.refresh })
        .expect(200);
      await new Promise((resolve) => setTimeout(resolve, 3000));

      const reuse = await app.http.post('/api/token/refresh/').send({ refresh: first.refresh });

      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('token_not_valid');
      await app.http
        .post('/api/token/refresh/')
        .send({ refresh: rotated.body.refresh as string })
        .expect(401);
      await app.http
        .get('/api/users/me/')
        .set('Authorization', `Bearer ${rotated.body.access as string}`)
        .expect(401);
    });

    it.each([['undefined'], ['not.a.jwt'], ['a.b.c']])('rejects %p with 401', async (refresh) => {
      const response = await app.http.post('/api/token/refresh/').send({ refresh }).expect(401);

      expect(response.body.code).toBe('token_not_valid');
    });

    it('rejects an empty refresh token with 400', async () => {
      const response = await app.http.post('/api/token/refresh/').send({ refresh: '' }).expect(400);

      expect(response.body.field).toBe('refresh');
    });

    it('rejects an access token presented as refresh token', async () => {
      const tokens = await login(app, 'demo.user', demoPassword);

      await app.http.post('/api/token/refresh/').send({ refresh: tokens.access }).expect(401);
    });
  });

  describe('api/users/logout/', () => {
    it.each([['get'], ['post']] as const)('ends the session with %s', async (method) => {
      const tokens = await login(app, 'demo.user', demoPassword);

      await app.http[method]('/api/users/logout/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(200);

      await app.http
        .get('/api/users/me/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(401);
      await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh }).expect(401);
    });
  });

  describe('guards', () => {
    it('answers 401 without a token on an admin route', async () => {
      const response = await app.http.get('/api/users/').expect(401);

      expect(response.body.code).toBe('not_authenticated');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('answers 403 to an end user on an admin route', async () => {
      const tokens = await login(app, 'demo.user', demoPassword);

      const response = await app.http
        .get('/api/users/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(403);

      expect(response.body.code).toBe('permission_denied');
    });

    it('answers 401 to a forged token', async () => {
      const tokens = await login(app, 'demo.user', demoPassword);
      const [header, payload] = tokens.access.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;

      await app.http.get('/api/users/me/').set('Authorization', `Bearer ${forged}`).expect(401);
    });

    it('lets an end user read the domain details', async () => {
      const tokens = await login(app, 'demo.user', demoPassword);

      const response = await app.http
        .get('/api/domain/details/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(200);

      expect(response.body.details).toEqual({
        name: 'interlock.test',
        realm: 'INTERLOCK',
        basedn: 'DC=interlock,DC=test',
      });
    });

    it('returns the caller from api/users/me/', async () => {
      const tokens = await login(app, 'demo.admin', demoPassword);

      const response = await app.http
        .get('/api/users/me')
        .set('Authorization', `Bearer ${tokens.access}`)
        .expect(200);

      expect(response.body.user).toMatchObject({ username: 'demo.admin', admin_allowed: true });
    });
  });
});

describe('directory account named admin (e2e)', () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    user = await createTestUser('admin-name', { username: 'admin' });
  });

  afterAll(async () => {
    await user.remove();
    await app.close();
  });

  it.each([['admin@interlock.test'], ['admin@mail.interlock.test'], ['INTERLOCK\\admin']])(
    'never logs it in as %s',
    async (username) => {
      const response = await app.http
        .post('/api/token/')
        .send({ username, password: user.password })
        .expect(401);

      expect(response.body.code).toBe('invalid_credentials');
    },
  );
});

describe('password change at login (e2e)', () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    user = await createTestUser('mustchg');
    await replaceAttribute(user.dn, 'pwdLastSet', '0');
  });

  afterAll(async () => {
    await user.remove();
    await app.close();
  });

  it('asks for a new password when it must be changed', async () => {
    const response = await app.http
      .post('/api/token/')
      .send({ username: user.username, password: user.password })
      .expect(401);

    expect(response.body.code).toBe('password_change_required');
  });

  it('rejects a new password that breaks the policy', async () => {
    const response = await app.http
      .post('/api/token/')
      .send({ username: user.username, password: user.password, new_password: 'short' })
      .expect(422);

    expect(response.body.code).toBe('password_policy');
    expect(response.body.field).toBe('new_password');
  });

  it('changes the password and logs in', async () => {
    const newPassword = `${user.password}-New7`;

    await app.http
      .post('/api/token/')
      .send({ username: user.username, password: user.password, new_password: newPassword })
      .expect(200);

    await app.http
      .post('/api/token/')
      .send({ username: user.username, password: newPassword })
      .expect(200);
  });
});

describe('checks at refresh (e2e)', () => {
  const DOMAIN_ADMINS = 'CN=Domain Admins,CN=Users,DC=interlock,DC=test';
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    user = await createTestUser('refresh');
  });

  afterAll(async () => {
    await user.remove();
    await app.close();
  });

  it('drops admin rights removed since login', async () => {
    await changeValue(DOMAIN_ADMINS, 'add', 'member', user.dn);
    const tokens = await login(app, user.username, user.password);
    await app.http
      .get('/api/users/?page_size=1')
      .set('Authorization', `Bearer ${tokens.access}`)
      .expect(200);
    await changeValue(DOMAIN_ADMINS, 'delete', 'member', user.dn);

    const refreshed = await app.http
      .post('/api/token/refresh/')
      .send({ refresh: tokens.refresh })
      .expect(200);

    await app.http
      .get('/api/users/?page_size=1')
      .set('Authorization', `Bearer ${refreshed.body.access as string}`)
      .expect(403);
  });

  it('ends the session of an account disabled since login', async () => {
    const tokens = await login(app, user.username, user.password);
    await replaceAttribute(user.dn, 'userAccountControl', '514');

    const response = await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh });
    await replaceAttribute(user.dn, 'userAccountControl', '512');

    expect(response.status).toBe(401);
    await app.http
      .get('/api/users/me/')
      .set('Authorization', `Bearer ${tokens.access}`)
      .expect(401);
  });
});

describe('session binding to the directory entry (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ SESSION_MAX_AGE: '4' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('ends the session of an account re-created under the same DN', async () => {
    const cn = `recreated.${Date.now()}`;
    const original = await createTestUser('recreate', { cn });
    const tokens = await login(app, original.username, original.password);
    await original.remove();
    const impostor = await createTestUser('impostor', { cn });

    const response = await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh });
    await impostor.remove();

    expect(impostor.dn).toBe(original.dn);
    expect(response.status).toBe(401);
  });

  it('keeps the session of a renamed account', async () => {
    const user = await createTestUser('renamed');
    const tokens = await login(app, user.username, user.password);
    const newDn = `CN=${user.username}-moved,${TEST_OU}`;
    await renameEntry(user.dn, newDn);

    const response = await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh });
    await renameEntry(newDn, user.dn);
    await user.remove();

    expect(response.status).toBe(200);
  });

  it('ends the session of an account that expired', async () => {
    const user = await createTestUser('expired');
    const tokens = await login(app, user.username, user.password);
    // 2020-01-01T00:00:00Z as FILETIME.
    await replaceAttribute(user.dn, 'accountExpires', '132223104000000000');

    const response = await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh });
    await user.remove();

    expect(response.status).toBe(401);
  });

  it('ends a session at its maximum age however often it is refreshed', async () => {
    let { refresh } = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);
    for (let step = 0; step < 2; step += 1) {
      const response = await app.http.post('/api/token/refresh/').send({ refresh }).expect(200);
      refresh = response.body.refresh as string;
    }

    await new Promise((resolve) => setTimeout(resolve, 4500));

    const late = await app.http.post('/api/token/refresh/').send({ refresh });
    expect(late.status).toBe(401);
  });
});

describe('audit rows of logins (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      LDAP_LOG_LOGIN: 'true',
      LDAP_LOG_LOGOUT: 'true',
      LDAP_LOG_READ: 'true',
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('writes LOGIN, READ and LOGOUT rows without secrets', async () => {
    const tokens = await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD);
    await app.http
      .post('/api/users/fetch/')
      .set('Authorization', `Bearer ${tokens.access}`)
      .send({ username: 'demo.user' })
      .expect(200);
    await app.http
      .get('/api/users/logout/')
      .set('Authorization', `Bearer ${tokens.access}`)
      .expect(200);

    const rows: {
      actor: string;
      action: string;
      object_class: string;
      affected_object: unknown;
    }[] = await app.app
      .get(DataSource)
      .query('SELECT actor, action, object_class, affected_object FROM audit_log ORDER BY id');

    expect(rows).toEqual([
      { actor: 'demo.admin', action: 'LOGIN', object_class: 'USER', affected_object: 'demo.admin' },
      { actor: 'demo.admin', action: 'READ', object_class: 'USER', affected_object: 'demo.user' },
      {
        actor: 'demo.admin',
        action: 'LOGOUT',
        object_class: 'USER',
        affected_object: 'demo.admin',
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(app.sandbox.SANDBOX_DEMO_PASSWORD);
  });

  it('purges sessions whose refresh tokens have expired', async () => {
    await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);
    const dataSource = app.app.get(DataSource);
    await dataSource.query(`UPDATE refresh_token SET expires_at = now() - interval '1 minute'`);

    await app.app.get(TokenService).purgeExpired();

    const [{ count }] = await dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM auth_session',
    );
    expect(count).toBe(0);
  });
});

describe('login throttling (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_THROTTLE_MAX_PER_USERNAME: '3' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 429 with Retry-After after too many failures for one username', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await app.http
        .post('/api/token/')
        .send({ username: 'throttled.nobody', password: 'wrong' })
        .expect(401);
    }

    const response = await app.http
      .post('/api/token/')
      .send({ username: 'throttled.nobody', password: 'wrong' })
      .expect(429);

    expect(response.body.code).toBe('login_throttled');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('cuts a burst of parallel attempts at the limit', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.http.post('/api/token/').send({ username: 'burst.nobody', password: 'wrong' }),
      ),
    );
    const statuses = responses.map((response) => response.status);

    expect(statuses.filter((status) => status === 401)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
  });

  it('counts the login names of one account together', async () => {
    const user = await createTestUser('throttle');
    const names = [
      user.username,
      `${user.username}@interlock.test`,
      `${user.username}@mail.interlock.test`,
    ];
    for (const username of names) {
      await app.http.post('/api/token/').send({ username, password: 'wrong' }).expect(401);
    }

    const response = await app.http
      .post('/api/token/')
      .send({ username: `INTERLOCK\\${user.username}`, password: user.password });
    await user.remove();

    expect(response.status).toBe(429);
  });

  it('counts failures per client address, ignoring X-Forwarded-For by default', async () => {
    const perAddress = await startTestApp({ LOGIN_THROTTLE_MAX_PER_ADDRESS: '3' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await perAddress.http
        .post('/api/token/')
        .set('X-Forwarded-For', `203.0.113.${attempt}`)
        .send({ username: `nobody.${attempt}`, password: 'wrong' })
        .expect(401);
    }

    const response = await perAddress.http
      .post('/api/token/')
      .set('X-Forwarded-For', '198.51.100.7')
      .send({ username: 'nobody.else', password: 'wrong' });
    await perAddress.close();

    expect(response.status).toBe(429);
  });

  it('keeps counting other usernames separately', async () => {
    await app.http
      .post('/api/token/')
      .send({ username: 'demo.user', password: app.sandbox.SANDBOX_DEMO_PASSWORD })
      .expect(200);
  });
});
