import type { Response } from 'supertest';
import { DataSource } from 'typeorm';

import { login, startTestApp, TestApp } from './support/app';
import { changeValue, createTestUser, replaceAttribute, TestUser } from './support/directory';

const DOMAIN_ADMINS = 'CN=Domain Admins,CN=Users,DC=interlock,DC=test';

interface AuditRow {
  actor: string;
  action: string;
  object_class: string;
  affected_object: unknown;
  extra_message: string | null;
  outcome: string;
}

describe('user account state (e2e)', () => {
  let app: TestApp;
  let admin: string;
  const users: TestUser[] = [];

  async function newUser(prefix = 'acct'): Promise<TestUser> {
    const user = await createTestUser(prefix);
    users.push(user);

    return user;
  }

  function post(path: string, token: string, body: unknown) {
    return app.http
      .post(`/api/users/${path}/`)
      .set('Authorization', token)
      .send(body as object);
  }

  async function fetchUser(username: string): Promise<Record<string, unknown>> {
    const response = await post('fetch', admin, { username }).expect(200);

    return response.body.data as Record<string, unknown>;
  }

  function tryLogin(username: string, password: string) {
    return app.http.post('/api/token/').send({ username, password });
  }

  async function auditRows(username: string): Promise<AuditRow[]> {
    return app.app
      .get(DataSource)
      .query(
        'SELECT actor, action, object_class, affected_object, extra_message, outcome ' +
          "FROM audit_log WHERE affected_object = to_jsonb($1::text) AND action = 'UPDATE' " +
          'ORDER BY id',
        [username],
      );
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  afterAll(async () => {
    for (const user of users) {
      await user.remove().catch(() => undefined);
    }

    await app.close();
  });

  describe('POST api/users/disable/', () => {
    it('refuses the login of a disabled user', async () => {
      const user = await newUser();

      const response = await post('disable', admin, { username: user.username }).expect(200);

      expect(response.body).toEqual({ code: 0, code_msg: 'ok', data: { username: user.username } });
      expect((await fetchUser(user.username)).is_enabled).toBe(false);
      await tryLogin(user.username, user.password).expect(401);
    });

    it('sets only bit 0x2, once', async () => {
      const user = await newUser();

      await post('disable', admin, { username: user.username }).expect(200);
      await post('disable', admin, { username: user.username }).expect(200);

      const details = await fetchUser(user.username);
      expect(details.userAccountControl).toBe('514');
      expect(details.is_enabled).toBe(false);
    });

    it('keeps the other userAccountControl bits', async () => {
      const user = await newUser();
      // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD
      await replaceAttribute(user.dn, 'userAccountControl', '66048');

      await post('disable', admin, { username: user.username }).expect(200);
      await post('disable', admin, { username: user.username }).expect(200);
      expect((await fetchUser(user.username)).userAccountControl).toBe('66050');
      await post('enable', admin, { username: user.username }).expect(200);

      const details = await fetchUser(user.username);
      expect(details.userAccountControl).toBe('66048');
      expect(details.permission_list).toContain('LDAP_UF_DONT_EXPIRE_PASSWD');
    });

    it('accepts a matching distinguishedName', async () => {
      const user = await newUser();

      await post('disable', admin, {
        username: user.username,
        distinguishedName: user.dn.toLowerCase(),
      }).expect(200);

      expect((await fetchUser(user.username)).is_enabled).toBe(false);
    });

    it('rejects a distinguishedName of another user', async () => {
      const user = await newUser();
      const other = await newUser();

      const response = await post('disable', admin, {
        username: user.username,
        distinguishedName: other.dn,
      }).expect(400);

      expect(response.body.field).toBe('distinguishedName');
      expect((await fetchUser(user.username)).is_enabled).toBe(true);
      expect((await fetchUser(other.username)).is_enabled).toBe(true);
    });

    it('refuses the Administrator account', async () => {
      const response = await post('disable', admin, { username: 'Administrator' }).expect(403);

      expect(response.body.code).toBe('object_protected');
      expect((await fetchUser('Administrator')).is_enabled).toBe(true);
    });

    it('refuses to enable krbtgt', async () => {
      const response = await post('enable', admin, { username: 'krbtgt' }).expect(403);

      expect(response.body.code).toBe('object_protected');
      expect((await fetchUser('krbtgt')).is_enabled).toBe(false);
    });

    it('refuses krbtgt', async () => {
      const response = await post('disable', admin, { username: 'krbtgt' }).expect(403);

      expect(response.body.code).toBe('object_protected');
    });

    it("refuses the caller's own account", async () => {
      const user = await newUser('acctadm');
      await changeValue(DOMAIN_ADMINS, 'add', 'member', user.dn);
      try {
        const own = `Bearer ${(await login(app, user.username, user.password)).access}`;

        const response = await post('disable', own, { username: user.username }).expect(400);

        expect(response.body.code).toBe('user_anti_lockout');
        expect((await fetchUser(user.username)).is_enabled).toBe(true);
      } finally {
        await changeValue(DOMAIN_ADMINS, 'delete', 'member', user.dn);
      }
    });

    it('returns 404 for an unknown user', async () => {
      const response = await post('disable', admin, { username: 'no.such.user.acct' }).expect(404);

      expect(response.body.code).toBe('user_not_found');
    });

    it('treats hostile usernames as plain names', async () => {
      const user = await newUser();

      for (const username of ['*', `${user.username.slice(0, 6)}*`, `${user.username})(cn=*`]) {
        const response = await post('disable', admin, { username }).expect(404);
        expect(response.body.code).toBe('user_not_found');
      }

      expect((await fetchUser(user.username)).is_enabled).toBe(true);
    });
  });

  describe('POST api/users/enable/', () => {
    it('lets a re-enabled user log in', async () => {
      const user = await newUser();
      await post('disable', admin, { username: user.username }).expect(200);

      const response = await post('enable', admin, { username: user.username }).expect(200);

      expect(response.body.data).toEqual({ username: user.username });
      expect((await fetchUser(user.username)).is_enabled).toBe(true);
      await tryLogin(user.username, user.password).expect(200);
    });

    it('changes nothing on an enabled user', async () => {
      const user = await newUser();
      const before = await fetchUser(user.username);

      await post('enable', admin, { username: user.username }).expect(200);
      await post('enable', admin, { username: user.username }).expect(200);

      const after = await fetchUser(user.username);
      expect(after.userAccountControl).toBe('512');
      expect(after.whenChanged).toBe(before.whenChanged);
    });

    it('writes one audit row per action', async () => {
      const user = await newUser();

      await post('disable', admin, { username: user.username }).expect(200);
      await post('enable', admin, { username: user.username }).expect(200);

      expect(await auditRows(user.username)).toEqual([
        {
          actor: 'demo.admin',
          action: 'UPDATE',
          object_class: 'USER',
          affected_object: user.username,
          extra_message: 'DISABLE',
          outcome: 'success',
        },
        {
          actor: 'demo.admin',
          action: 'UPDATE',
          object_class: 'USER',
          affected_object: user.username,
          extra_message: 'ENABLE',
          outcome: 'success',
        },
      ]);
    });
  });

  describe('POST api/users/unlock/', () => {
    async function lockOut(user: TestUser): Promise<void> {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await tryLogin(user.username, 'Wrong-password-1').expect(401);
      }
    }

    it('unlocks a locked-out user', async () => {
      const user = await newUser();
      await lockOut(user);
      expect((await fetchUser(user.username)).is_locked).toBe(true);
      await tryLogin(user.username, user.password).expect(401);

      const response = await post('unlock', admin, { username: user.username }).expect(200);

      expect(response.body.data).toEqual({ username: user.username });
      const details = await fetchUser(user.username);
      expect(details.is_locked).toBe(false);
      expect(details.lockoutTime ?? '0').toBe('0');
      await tryLogin(user.username, user.password).expect(200);
    });

    it('can run twice', async () => {
      const user = await newUser();
      await lockOut(user);

      await post('unlock', admin, { username: user.username }).expect(200);
      await post('unlock', admin, { username: user.username }).expect(200);

      expect((await fetchUser(user.username)).is_locked).toBe(false);
      await tryLogin(user.username, user.password).expect(200);
    });

    it('succeeds on a user that is not locked', async () => {
      const user = await newUser();

      await post('unlock', admin, { username: user.username }).expect(200);

      expect((await fetchUser(user.username)).is_locked).toBe(false);
      expect((await auditRows(user.username)).map((row) => row.extra_message)).toEqual(['UNLOCK']);
    });

    it("clears the API's failed-login count", async () => {
      const user = await newUser();
      // Nine failures stay below the API's limit of ten but lock the account at the fifth.
      for (let attempt = 0; attempt < 9; attempt += 1) {
        await tryLogin(user.username, 'Wrong-password-1').expect(401);
      }

      await post('unlock', admin, { username: user.username }).expect(200);
      // Without the reset, the tenth failure would make the eleventh attempt a 429.
      await tryLogin(user.username, 'Wrong-password-1').expect(401);

      await tryLogin(user.username, user.password).expect(200);
    });
  });

  describe('POST api/users/changePassword/', () => {
    const newPassword = 'Reset-Pa55word-Acct!';

    it('replaces the password', async () => {
      const user = await newUser();

      const response = await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: newPassword,
        distinguishedName: user.dn,
      }).expect(200);

      expect(response.body).toEqual({ code: 0, code_msg: 'ok', data: { username: user.username } });
      await tryLogin(user.username, newPassword).expect(200);
    });

    it('makes the old password fail', async () => {
      const user = await newUser();
      const second = 'Reset-Pa55word-Two!';

      await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: newPassword,
      }).expect(200);
      await post('changePassword', admin, {
        username: user.username,
        password: second,
        passwordConfirm: second,
      }).expect(200);

      // Samba 4.17 still accepts the immediately previous password for binds during its
      // "old password allowed period" (60 minutes by default), so the check uses the one before.
      await tryLogin(user.username, user.password).expect(401);
      await tryLogin(user.username, second).expect(200);
    });

    it('rejects a different confirmation', async () => {
      const user = await newUser();

      const response = await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: `${newPassword}x`,
      }).expect(400);

      expect(response.body.code).toBe('user_passwords_dont_match');
      await tryLogin(user.username, user.password).expect(200);
      expect(await auditRows(user.username)).toEqual([]);
    });

    it('rejects a weak password with 422', async () => {
      const user = await newUser();

      const response = await post('changePassword', admin, {
        username: user.username,
        password: 'abc',
        passwordConfirm: 'abc',
      }).expect(422);

      expect(response.body.code).toBe('password_policy');
      expect(response.body.field).toBe('password');
      expect(response.body.detail).toMatch(/too short/i);
      await tryLogin(user.username, user.password).expect(200);
      expect((await auditRows(user.username)).map((row) => row.outcome)).toEqual(['failure']);
    });

    it('rejects a password without complexity', async () => {
      const user = await newUser();

      const response = await post('changePassword', admin, {
        username: user.username,
        password: 'alllowercaseletters',
        passwordConfirm: 'alllowercaseletters',
      }).expect(422);

      expect(response.body.field).toBe('password');
      await tryLogin(user.username, user.password).expect(200);
    });

    it('can require a change at next logon', async () => {
      const user = await newUser();

      await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: newPassword,
        mustChangeAtNextLogon: true,
      }).expect(200);

      const response = await tryLogin(user.username, newPassword).expect(401);
      expect(response.body.code).toBe('password_change_required');
      expect((await fetchUser(user.username)).pwdLastSet).toBe('0');
    });

    it('leaves pwdLastSet stamped without the option', async () => {
      const user = await newUser();

      await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: newPassword,
        mustChangeAtNextLogon: false,
      }).expect(200);

      expect((await fetchUser(user.username)).pwdLastSet).not.toBe('0');
      await tryLogin(user.username, newPassword).expect(200);
    });

    it("revokes the user's refresh tokens", async () => {
      const user = await newUser();
      const tokens = await login(app, user.username, user.password);

      await post('changePassword', admin, {
        username: user.username,
        password: newPassword,
        passwordConfirm: newPassword,
      }).expect(200);

      await app.http.post('/api/token/refresh/').send({ refresh: tokens.refresh }).expect(401);
    });

    it('never returns or stores the password', async () => {
      const user = await newUser();
      const bodies: Response[] = [];

      bodies.push(
        await post('changePassword', admin, {
          username: user.username,
          password: newPassword,
          passwordConfirm: newPassword,
        }),
        await post('changePassword', admin, {
          username: user.username,
          password: 'abc',
          passwordConfirm: 'abc',
        }),
        await post('changePassword', admin, {
          username: user.username,
          password: newPassword,
          passwordConfirm: 'Other-Pa55word!',
        }),
        await post('changePassword', admin, {
          username: user.username,
          password: newPassword,
          passwordConfirm: newPassword,
          unexpected: newPassword,
        }),
      );

      for (const response of bodies) {
        expect(response.text).not.toContain(newPassword);
        expect(response.text).not.toContain('Other-Pa55word!');
        expect(response.text).not.toContain('"abc"');
      }

      const rows: unknown[] = await app.app.get(DataSource).query('SELECT * FROM audit_log');
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(newPassword);
      expect(stored).not.toContain('Other-Pa55word!');
      expect(await auditRows(user.username)).toEqual([
        {
          actor: 'demo.admin',
          action: 'UPDATE',
          object_class: 'USER',
          affected_object: user.username,
          extra_message: 'CHANGED_PASSWORD',
          outcome: 'success',
        },
        {
          actor: 'demo.admin',
          action: 'UPDATE',
          object_class: 'USER',
          affected_object: user.username,
          extra_message: 'CHANGED_PASSWORD',
          outcome: 'failure',
        },
      ]);
    });

    it('returns 404 for an unknown user', async () => {
      const response = await post('changePassword', admin, {
        username: 'no.such.user.acct',
        password: newPassword,
        passwordConfirm: newPassword,
      }).expect(404);

      expect(response.body.code).toBe('user_not_found');
    });
  });

  describe('computer accounts', () => {
    it('are not found as users by default', async () => {
      // The default EXCLUDE_COMPUTER_ACCOUNTS=true keeps computers out of the user search.
      for (const path of ['enable', 'disable', 'unlock']) {
        const response = await post(path, admin, { username: 'SANDBOX-DC$' }).expect(404);
        expect(response.body.code).toBe('user_not_found');
      }
    });
  });

  describe('access and input', () => {
    const paths = ['enable', 'disable', 'unlock', 'changePassword'];

    it('forbids end users with nothing changed', async () => {
      const user = await newUser();
      await post('disable', admin, { username: user.username }).expect(200);
      const before = await fetchUser(user.username);
      const endUser = `Bearer ${
        (await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD)).access
      }`;

      for (const path of paths) {
        const response = await post(path, endUser, {
          username: user.username,
          password: 'Reset-Pa55word-Acct!',
          passwordConfirm: 'Reset-Pa55word-Acct!',
        }).expect(403);
        expect(response.body.code).toBe('permission_denied');
      }

      const after = await fetchUser(user.username);
      expect(after.userAccountControl).toBe(before.userAccountControl);
      expect(after.pwdLastSet).toBe(before.pwdLastSet);
      expect(after.whenChanged).toBe(before.whenChanged);
      expect(await auditRows(user.username)).toHaveLength(1);
    });

    it.each([
      ['missing username', {}, 'username'],
      ['numeric username', { username: 42 }, 'username'],
      ['blank username', { username: '   ' }, 'username'],
      ['oversized username', { username: 'u'.repeat(300) }, 'username'],
      ['unknown key', { username: 'demo.user', userAccountControl: 512 }, 'userAccountControl'],
      [
        'invalid distinguishedName',
        { username: 'demo.user', distinguishedName: 'nope' },
        'distinguishedName',
      ],
      [
        'numeric distinguishedName',
        { username: 'demo.user', distinguishedName: 7 },
        'distinguishedName',
      ],
    ])('rejects %s on every endpoint', async (_case, body, field) => {
      for (const path of paths) {
        const full =
          path === 'changePassword'
            ? { password: 'Reset-Pa55word-Acct!', passwordConfirm: 'Reset-Pa55word-Acct!', ...body }
            : body;

        const response = await post(path, admin, full).expect(400);

        expect(response.body.code).toBe('invalid_input');
        expect(response.body.field).toBe(field);
      }
    });

    it.each([
      ['missing password', { passwordConfirm: 'x' }, 'password'],
      ['numeric password', { password: 1234567, passwordConfirm: 1234567 }, 'password'],
      [
        'oversized password',
        { password: 'P1-'.repeat(200), passwordConfirm: 'P1-'.repeat(200) },
        'password',
      ],
      ['missing confirmation', { password: 'Reset-Pa55word-Acct!' }, 'passwordConfirm'],
      [
        'string flag',
        { password: 'a', passwordConfirm: 'a', mustChangeAtNextLogon: 'yes' },
        'mustChangeAtNextLogon',
      ],
    ])('rejects a reset with %s', async (_case, body, field) => {
      const user = await newUser();

      const response = await post('changePassword', admin, {
        username: user.username,
        ...body,
      }).expect(400);

      expect(response.body.field).toBe(field);
      await tryLogin(user.username, user.password).expect(200);
    });
  });
});

// A separate app, started after the first one is closed: Passport keeps one global "jwt"
// strategy, so two apps alive at once would check each other's tokens with the wrong secret.
describe('user account state with computers in the user search (e2e)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ EXCLUDE_COMPUTER_ACCOUNTS: 'false' });
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['enable', {}],
    ['disable', {}],
    ['unlock', {}],
    [
      'changePassword',
      { password: 'Reset-Pa55word-Acct!', passwordConfirm: 'Reset-Pa55word-Acct!' },
    ],
  ])('refuses %s on a computer account', async (path, extra) => {
    const response = await app.http
      .post(`/api/users/${path}/`)
      .set('Authorization', admin)
      .send({ username: 'SANDBOX-DC$', ...extra })
      .expect(400);

    expect(response.body.code).toBe('not_a_user');
    expect(response.body.field).toBe('username');
  });
});
