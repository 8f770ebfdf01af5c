import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { DomainError, ErrorCode } from '../common/errors';
import { encodeSid } from '../ldap/codecs/sid';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway, UserSession } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import { planUpdate, SelfServiceService } from './self-service.service';
import { UsersService } from './users.service';

const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const USER_DN = 'CN=Jane Doe,OU=Staff,DC=example,DC=com';
const JANE: Principal = {
  username: 'jane',
  dn: USER_DN,
  isAdmin: false,
  isLocal: false,
  sessionId: 'session-1',
  firstName: 'Jane',
  lastName: 'Doe',
  email: '',
};
const LOCAL_ADMIN: Principal = { ...JANE, username: 'admin', dn: undefined, isLocal: true };

// A DACL-only descriptor with one ACCESS_DENIED_OBJECT_ACE: Change Password for Everyone.
const DENY_CHANGE_PASSWORD = Buffer.from(
  '0100048400000000000000000000000014000000' +
    '0400300001000000' +
    '060028000001000001000000531a72ab2f1ed011981900aa0040529b010100000000000100000000',
  'hex',
);

function janeEntry(attributes: Record<string, string | string[] | Buffer> = {}): LdapEntry {
  return new LdapEntry(USER_DN, {
    sAMAccountName: 'jane',
    givenName: 'Jane',
    sn: 'Doe',
    mail: 'jane@example.com',
    co: 'Norway',
    c: 'NO',
    countryCode: '578',
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectSid: encodeSid(`${DOMAIN_SID}-1105`),
    userAccountControl: '512',
    primaryGroupID: '513',
    ...attributes,
  });
}

function setup(entry: LdapEntry | undefined = janeEntry()) {
  const session = { modify: jest.fn().mockResolvedValue(undefined) };
  const gateway = {
    read: jest.fn().mockResolvedValue(entry),
    modify: jest.fn().mockResolvedValue(undefined),
    withUserBind: jest.fn(
      async (_dn: string, _password: string, work: (session: UserSession) => Promise<unknown>) =>
        work(session as unknown as UserSession),
    ),
  };
  const users = { groupsOf: jest.fn().mockResolvedValue([]) };
  const audit = {
    record: jest.fn().mockResolvedValue(undefined),
    begin: jest.fn().mockResolvedValue({ id: 1 }),
    complete: jest.fn().mockResolvedValue(undefined),
  };
  const tokens = { revokeUserSessions: jest.fn().mockResolvedValue(undefined) };
  const service = new SelfServiceService(
    users as unknown as UsersService,
    gateway as unknown as LdapGateway,
    audit as unknown as AuditService,
    tokens as unknown as TokenService,
  );

  return { service, gateway, session, audit, tokens };
}

async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }

    throw error;
  }

  throw new Error('expected a DomainError');
}

describe(SelfServiceService.name, () => {
  describe('fetch', () => {
    it('reads the DN of the token with the DACL', async () => {
      const { service, gateway } = setup();

      const details = await service.fetch(JANE);

      expect(gateway.read).toHaveBeenCalledWith(
        USER_DN,
        expect.arrayContaining(['nTSecurityDescriptor', 'givenName']),
        [expect.objectContaining({ type: '1.2.840.113556.1.4.801' })],
      );
      expect(details).toMatchObject({ username: 'jane', can_change_pwd: true });
    });

    it('reports a denied password change', async () => {
      const { service } = setup(janeEntry({ nTSecurityDescriptor: DENY_CHANGE_PASSWORD }));

      const details = await service.fetch(JANE);

      expect(details.can_change_pwd).toBe(false);
    });

    it('rejects the local administrator', async () => {
      const { service, gateway } = setup();

      const error = await failureOf(service.fetch(LOCAL_ADMIN));

      expect(error.code).toBe(ErrorCode.NotAUser);
      expect(gateway.read).not.toHaveBeenCalled();
    });

    it('rejects an entry that is no longer the caller', async () => {
      const { service } = setup(janeEntry({ sAMAccountName: 'someone' }));

      const error = await failureOf(service.fetch(JANE));

      expect(error.code).toBe(ErrorCode.UserNotFound);
    });
  });

  describe('update', () => {
    it('writes every allowed change in one modify as the service account', async () => {
      const { service, gateway, audit } = setup();

      const written = await service.update(JANE, {
        givenName: 'Janet',
        initials: 'JD',
        co: 'Germany',
      });

      expect(written).toEqual({
        givenName: 'Janet',
        initials: 'JD',
        co: 'Germany',
        c: 'DE',
        countryCode: '276',
      });
      expect(gateway.modify).toHaveBeenCalledTimes(1);
      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'givenName', values: ['Janet'] },
        { operation: 'replace', attribute: 'initials', values: ['JD'] },
        { operation: 'replace', attribute: 'co', values: ['Germany'] },
        { operation: 'replace', attribute: 'c', values: ['DE'] },
        { operation: 'replace', attribute: 'countryCode', values: ['276'] },
      ]);
      expect(audit.begin).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'UPDATE',
          objectClass: 'USER',
          extraMessage: 'END_USER_UPDATED: givenName, initials, co, c, countryCode',
        }),
      );
    });

    it('writes nothing and logs nothing when nothing changes', async () => {
      const { service, gateway, audit } = setup();

      const written = await service.update(JANE, { givenName: 'Jane', sn: 'Doe' });

      expect(written).toEqual({});
      expect(gateway.modify).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('rejects a privileged change before writing', async () => {
      const { service, gateway } = setup();

      const error = await failureOf(
        service.update(JANE, { givenName: 'Janet', userAccountControl: 66048 }),
      );

      expect(error).toMatchObject({ code: ErrorCode.InvalidInput, field: 'userAccountControl' });
      expect(gateway.modify).not.toHaveBeenCalled();
    });
  });

  describe('changePassword', () => {
    const change = {
      oldPassword: 'Old-Pass-1',
      password: 'New-Pass-2',
      passwordConfirm: 'New-Pass-2',
    };

    it('deletes the old value and adds the new one, bound as the user', async () => {
      const { service, gateway, session, tokens, audit } = setup();

      await service.changePassword(JANE, change);

      expect(gateway.withUserBind).toHaveBeenCalledWith(
        USER_DN,
        'Old-Pass-1',
        expect.any(Function),
      );
      expect(session.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'delete', attribute: 'unicodePwd', values: [encodeUnicodePwd('Old-Pass-1')] },
        { operation: 'add', attribute: 'unicodePwd', values: [encodeUnicodePwd('New-Pass-2')] },
      ]);
      expect(tokens.revokeUserSessions).toHaveBeenCalledWith('jane', 'password_change');
      expect(JSON.stringify(audit.begin.mock.calls)).not.toContain('Pass');
    });

    it.each([
      [{ oldPassword: undefined }, ErrorCode.OldPasswordRequired, 'oldPassword'],
      [{ oldPassword: '' }, ErrorCode.OldPasswordRequired, 'oldPassword'],
      [{ passwordConfirm: 'Other-Pass-3' }, ErrorCode.PasswordsDoNotMatch, 'passwordConfirm'],
      [{ username: 'john' }, ErrorCode.InvalidInput, 'username'],
      [
        { distinguishedName: 'CN=John,OU=Staff,DC=example,DC=com' },
        ErrorCode.InvalidInput,
        'distinguishedName',
      ],
    ])('rejects %j', async (override, code, field) => {
      const { service, gateway } = setup();

      const error = await failureOf(service.changePassword(JANE, { ...change, ...override }));

      expect(error).toMatchObject({ code, field });
      expect(gateway.withUserBind).not.toHaveBeenCalled();
    });

    it('accepts its own username and DN in another spelling', async () => {
      const { service, session } = setup();

      await service.changePassword(JANE, {
        ...change,
        username: 'JANE',
        distinguishedName: 'cn=Jane Doe, ou=Staff, dc=example, dc=com',
      });

      expect(session.modify).toHaveBeenCalledTimes(1);
    });

    it('maps a failed bind to old_password_invalid', async () => {
      const { service, gateway, tokens } = setup();
      gateway.withUserBind.mockRejectedValue(
        new LdapOperationError({
          operation: 'bind',
          resultCode: LdapResultCode.InvalidCredentials,
          diagnostic:
            '80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 52e, v4563',
          subCode: 0x52e,
        }),
      );

      const error = await failureOf(service.changePassword(JANE, change));

      expect(error).toMatchObject({ code: ErrorCode.OldPasswordInvalid, field: 'oldPassword' });
      expect(tokens.revokeUserSessions).not.toHaveBeenCalled();
    });

    it("gives Samba's reason for a policy rejection", async () => {
      const { service, session, audit } = setup();
      session.modify.mockRejectedValue(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.ConstraintViolation,
          diagnostic:
            '0000052D: Constraint violation - check_password_restrictions: the password was already used (in history)! Code: 0x13',
          subCode: 0x52d,
        }),
      );

      const error = await failureOf(service.changePassword(JANE, change));

      expect(error).toMatchObject({ code: ErrorCode.PasswordPolicy, field: 'password' });
      expect(error.detail).toBe(
        'The password does not meet the domain password policy: the password was already used (in history).',
      );
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'failure');
    });

    it('rejects before binding when the DACL denies the change', async () => {
      const { service, gateway } = setup(janeEntry({ nTSecurityDescriptor: DENY_CHANGE_PASSWORD }));

      const error = await failureOf(service.changePassword(JANE, change));

      expect(error.code).toBe(ErrorCode.PermissionDenied);
      expect(gateway.withUserBind).not.toHaveBeenCalled();
    });
  });
});

describe(planUpdate.name, () => {
  it('ignores read-only keys and unchanged keys of the fetchme entry', () => {
    const plan = planUpdate(
      {
        username: 'someone',
        whenCreated: '1',
        can_change_pwd: false,
        memberOfObjects: [{ name: 'x' }],
        mail: 'jane@example.com',
        primaryGroupID: 513,
        permission_list: ['LDAP_UF_NORMAL_ACCOUNT'],
        distinguishedName: USER_DN,
        accountExpires: null,
        groupsToAdd: [],
        sn: 'Dough',
      },
      janeEntry(),
    );

    expect(plan.written).toEqual({ sn: 'Dough' });
  });

  it('accepts c and countryCode that follow from the new co', () => {
    const plan = planUpdate({ co: 'Sweden', c: 'SE', countryCode: 752 }, janeEntry());

    expect(plan.written).toEqual({ co: 'Sweden', c: 'SE', countryCode: '752' });
  });

  it('rejects a c that contradicts co', () => {
    expect(() => planUpdate({ co: 'Sweden', c: 'FI' }, janeEntry())).toThrow(
      expect.objectContaining({ field: 'c' }),
    );
  });

  it('keeps an unknown country name that is already stored', () => {
    const plan = planUpdate({ co: 'Narnia' }, janeEntry({ co: 'Narnia' }));

    expect(plan.changes).toEqual([]);
  });

  it('rejects the same key twice in different cases', () => {
    expect(() => planUpdate({ sn: 'A', SN: 'B' }, janeEntry())).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput }),
    );
  });

  it('matches attribute names case-insensitively', () => {
    expect(() => planUpdate({ MemberOf: ['CN=Admins,DC=example,DC=com'] }, janeEntry())).toThrow(
      expect.objectContaining({ field: 'MemberOf' }),
    );
    expect(planUpdate({ GIVENNAME: 'J' }, janeEntry()).written).toEqual({ givenName: 'J' });
  });

  it('clears an attribute sent as null or empty', () => {
    const plan = planUpdate({ givenName: null, co: '' }, janeEntry());

    expect(plan.changes).toEqual([
      { operation: 'delete', attribute: 'givenName', values: [] },
      { operation: 'delete', attribute: 'co', values: [] },
      { operation: 'delete', attribute: 'c', values: [] },
      { operation: 'replace', attribute: 'countryCode', values: ['0'] },
    ]);
  });

  it.each([
    ['givenName', 'x'.repeat(65)],
    ['wWWHomePage', 'x'.repeat(1025)],
    ['sn', 'tab\there'],
    ['sn', '\ud800'],
    ['l', 7],
    ['st', { a: 1 }],
  ])('rejects %s = %j', (key, value) => {
    expect(() => planUpdate({ [key]: value }, janeEntry())).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput, field: key }),
    );
  });

  it('keeps metacharacters, leading spaces and non-ASCII letters exactly', () => {
    const value = ' Åse (x) * \\ , + " # ; < > =';

    expect(planUpdate({ displayName: value }, janeEntry()).written).toEqual({
      displayName: value,
    });
  });
});
