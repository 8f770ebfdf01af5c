import { LoginThrottleService } from '../auth/login-throttle.service';
import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { DomainError, ErrorCode } from '../common/errors';
import { encodeSid } from '../ldap/codecs/sid';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import { UserAccountService } from './user-account.service';
import { UsersService } from './users.service';

const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const USER_DN = 'CN=Jane Doe,OU=Staff,DC=example,DC=com';
const ADMIN: Principal = {
  username: 'boss',
  dn: 'CN=Boss,OU=Staff,DC=example,DC=com',
  isAdmin: true,
  isLocal: false,
  sessionId: 'session-1',
  firstName: '',
  lastName: '',
  email: '',
};

function userEntry(attributes: Record<string, string | string[] | Buffer> = {}): LdapEntry {
  return new LdapEntry(USER_DN, {
    sAMAccountName: 'jane',
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectSid: encodeSid(`${DOMAIN_SID}-1105`),
    userAccountControl: '512',
    ...attributes,
  });
}

function setup(entry: LdapEntry = userEntry(), critical = false) {
  if (critical) {
    entry.set('isCriticalSystemObject', ['TRUE']);
  }

  const users = { findEntry: jest.fn().mockResolvedValue(entry) };
  const gateway = {
    modify: jest.fn().mockResolvedValue(undefined),
    read: jest
      .fn()
      .mockResolvedValue(
        new LdapEntry(entry.dn, critical ? { isCriticalSystemObject: 'TRUE' } : {}),
      ),
  };
  const settings = { current: () => ({ userFields: { username: 'sAMAccountName' } }) };
  const audit = {
    begin: jest.fn().mockResolvedValue({ id: 1 }),
    complete: jest.fn().mockResolvedValue(undefined),
  };
  const throttle = { clear: jest.fn().mockResolvedValue(undefined) };
  const tokens = { revokeUserSessions: jest.fn().mockResolvedValue(undefined) };
  const service = new UserAccountService(
    users as unknown as UsersService,
    gateway as unknown as LdapGateway,
    settings as unknown as DirectorySettings,
    audit as unknown as AuditService,
    throttle as unknown as LoginThrottleService,
    tokens as unknown as TokenService,
  );

  return { service, users, gateway, audit, throttle, tokens };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }

  return undefined;
}

describe(UserAccountService.name, () => {
  describe('enable', () => {
    it('clears only bit 0x2', async () => {
      const { service, gateway } = setup(userEntry({ userAccountControl: '66050' }));

      await service.enable({ username: 'jane' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'userAccountControl', values: ['66048'] },
      ]);
    });

    it('writes nothing when already enabled', async () => {
      const { service, gateway, audit } = setup();

      const username = await service.enable({ username: 'jane' }, ADMIN);

      expect(username).toBe('jane');
      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, []);
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'success');
    });

    it('audits before and after the write', async () => {
      const { service, audit } = setup(userEntry({ userAccountControl: '514' }));

      await service.enable({ username: 'jane' }, ADMIN);

      expect(audit.begin).toHaveBeenCalledWith({
        actor: 'boss',
        action: 'UPDATE',
        objectClass: 'USER',
        affectedObject: 'jane',
        extraMessage: 'ENABLE',
      });
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'success');
    });

    it('completes the audit row as failed when the write fails', async () => {
      const { service, gateway, audit } = setup(userEntry({ userAccountControl: '514' }));
      gateway.modify.mockRejectedValue(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.InsufficientAccessRights,
          diagnostic: 'denied',
        }),
      );

      const code = await codeOf(service.enable({ username: 'jane' }, ADMIN));

      expect(code).toBe(ErrorCode.DirectoryAccessDenied);
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'failure');
    });
  });

  describe('disable', () => {
    it('sets bit 0x2 and keeps the others', async () => {
      const { service, gateway } = setup(userEntry({ userAccountControl: '66048' }));

      await service.disable({ username: 'jane' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'userAccountControl', values: ['66050'] },
      ]);
    });

    it('writes nothing when already disabled', async () => {
      const { service, gateway } = setup(userEntry({ userAccountControl: '514' }));

      await service.disable({ username: 'jane' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, []);
    });

    it('rejects a critical system object', async () => {
      const { service, gateway, audit } = setup(userEntry(), true);

      const code = await codeOf(service.disable({ username: 'jane' }, ADMIN));

      expect(code).toBe(ErrorCode.ObjectProtected);
      expect(audit.begin).not.toHaveBeenCalled();
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it.each([500, 502])('rejects RID %i without the critical flag', async (rid) => {
      const { service } = setup(userEntry({ objectSid: encodeSid(`${DOMAIN_SID}-${rid}`) }));

      const code = await codeOf(service.disable({ username: 'x' }, ADMIN));

      expect(code).toBe(ErrorCode.ObjectProtected);
    });

    it('rejects disabling Guest, a built-in account', async () => {
      const { service, gateway } = setup(
        userEntry({ objectSid: encodeSid(`${DOMAIN_SID}-501`), userAccountControl: '512' }),
      );

      const code = await codeOf(service.disable({ username: 'Guest' }, ADMIN));

      expect(code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('rejects enabling krbtgt', async () => {
      const { service, gateway } = setup(
        userEntry({ objectSid: encodeSid(`${DOMAIN_SID}-502`), userAccountControl: '514' }),
      );

      const code = await codeOf(service.enable({ username: 'krbtgt' }, ADMIN));

      expect(code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it("rejects the caller's own account", async () => {
      const { service, gateway } = setup();

      const code = await codeOf(
        service.disable({ username: 'jane' }, { ...ADMIN, dn: USER_DN.toLowerCase() }),
      );

      expect(code).toBe(ErrorCode.AntiLockout);
      expect(gateway.modify).not.toHaveBeenCalled();
    });
  });

  describe('target checks', () => {
    it('rejects a DN from the body that differs from the found one', async () => {
      const { service, gateway } = setup();

      const promise = service.disable(
        { username: 'jane', distinguishedName: 'CN=Other,OU=Staff,DC=example,DC=com' },
        ADMIN,
      );

      await expect(promise).rejects.toMatchObject({
        code: ErrorCode.InvalidInput,
        field: 'distinguishedName',
      });
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('accepts an equal DN in another spelling', async () => {
      const { service, gateway } = setup(userEntry({ userAccountControl: '514' }));

      await service.enable(
        { username: 'jane', distinguishedName: 'cn=Jane Doe, ou=Staff, dc=example, dc=com' },
        ADMIN,
      );

      expect(gateway.modify).toHaveBeenCalledTimes(1);
    });

    it('ignores an empty DN', async () => {
      const { service, gateway } = setup(userEntry({ userAccountControl: '514' }));

      await service.enable({ username: 'jane', distinguishedName: '' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledTimes(1);
    });

    it.each([
      ['a computer', ['top', 'person', 'organizationalPerson', 'user', 'computer']],
      ['a contact', ['top', 'person', 'organizationalPerson', 'contact']],
    ])('rejects %s', async (_kind, objectClass) => {
      const { service, gateway } = setup(userEntry({ objectClass }));

      const code = await codeOf(service.enable({ username: 'jane' }, ADMIN));

      expect(code).toBe(ErrorCode.NotAUser);
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('passes the not-found error on', async () => {
      const { service, users } = setup();
      users.findEntry.mockRejectedValue(new DomainError(ErrorCode.UserNotFound, 'missing'));

      const code = await codeOf(service.unlock({ username: 'nobody' }, ADMIN));

      expect(code).toBe(ErrorCode.UserNotFound);
    });
  });

  describe('unlock', () => {
    it('writes lockoutTime 0 and clears the throttle', async () => {
      const { service, gateway, throttle, audit } = setup(
        userEntry({ lockoutTime: '134078976000000000' }),
      );

      await service.unlock({ username: 'JANE' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'lockoutTime', values: ['0'] },
      ]);
      expect(throttle.clear).toHaveBeenCalledWith('jane');
      expect(throttle.clear).toHaveBeenCalledWith('JANE');
      expect(audit.begin).toHaveBeenCalledWith(expect.objectContaining({ extraMessage: 'UNLOCK' }));
    });

    it.each([['0'], [undefined]])('writes nothing when lockoutTime is %s', async (lockoutTime) => {
      const entry = userEntry(lockoutTime === undefined ? {} : { lockoutTime });
      const { service, gateway, throttle } = setup(entry);

      await service.unlock({ username: 'jane' }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, []);
      expect(throttle.clear).toHaveBeenCalledWith('jane');
    });
  });

  describe('resetPassword', () => {
    const password = 'New-Pa55word!';

    it('rejects a different confirmation before any LDAP call', async () => {
      const { service, users, audit } = setup();

      const promise = service.resetPassword(
        { username: 'jane', password, passwordConfirm: 'other' },
        ADMIN,
      );

      await expect(promise).rejects.toMatchObject({ code: ErrorCode.PasswordsDoNotMatch });
      expect(users.findEntry).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('replaces unicodePwd and revokes the sessions', async () => {
      const { service, gateway, tokens, audit } = setup();

      await service.resetPassword({ username: 'jane', password, passwordConfirm: password }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'unicodePwd', values: [encodeUnicodePwd(password)] },
      ]);
      expect(tokens.revokeUserSessions).toHaveBeenCalledWith('jane', 'password_reset');
      expect(JSON.stringify(audit.begin.mock.calls)).not.toContain(password);
    });

    it('adds pwdLastSet 0 in the same modify on request', async () => {
      const { service, gateway } = setup();

      await service.resetPassword(
        { username: 'jane', password, passwordConfirm: password, mustChangeAtNextLogon: true },
        ADMIN,
      );

      const changes = gateway.modify.mock.calls[0][1] as LdapChange[];
      expect(gateway.modify).toHaveBeenCalledTimes(1);
      expect(changes.map((change) => change.attribute)).toEqual(['unicodePwd', 'pwdLastSet']);
      expect(changes[1].values).toEqual(['0']);
    });

    it("reports Samba's policy reason on the password field", async () => {
      const { service, gateway, tokens, audit } = setup();
      gateway.modify.mockRejectedValue(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.ConstraintViolation,
          subCode: 0x52d,
          diagnostic:
            '0000052D: Constraint violation - check_password_restrictions: the password is ' +
            'too short. It should be equal or longer than 7 characters! Code: 0x13',
        }),
      );

      const promise = service.resetPassword(
        { username: 'jane', password: 'abc', passwordConfirm: 'abc' },
        ADMIN,
      );

      await expect(promise).rejects.toMatchObject({
        code: ErrorCode.PasswordPolicy,
        field: 'password',
        detail:
          'The password does not meet the domain password policy: the password is too short. ' +
          'It should be equal or longer than 7 characters.',
      });
      expect(tokens.revokeUserSessions).not.toHaveBeenCalled();
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'failure');
    });

    it('gives a generic reason for a Windows AD policy failure', async () => {
      const { service, gateway } = setup();
      gateway.modify.mockRejectedValue(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.UnwillingToPerform,
          subCode: 0x52d,
          diagnostic: '0000052D: SvcErr: DSID-031A1248, problem 5003 (WILL_NOT_PERFORM), data 0',
        }),
      );

      const promise = service.resetPassword(
        { username: 'jane', password, passwordConfirm: password },
        ADMIN,
      );

      await expect(promise).rejects.toMatchObject({
        code: ErrorCode.PasswordPolicy,
        field: 'password',
      });
    });
  });
});
