import { Principal } from '../auth/principal';
import { DomainError, ErrorCode } from '../common/errors';
import { encodeSid } from '../ldap/codecs/sid';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { DirectoryContainers } from '../ldap/directory-containers';
import { RootDseService } from '../ldap/root-dse';
import { AuditService } from '../logs/audit.service';
import { InsertUserDto } from './dto/insert-user.dto';
import { UserAdminService } from './user-admin.service';
import { UsersService } from './users.service';

const BASE = 'DC=example,DC=com';
const OU = `OU=Staff,${BASE}`;
const USER_DN = `CN=Jane Doe,${OU}`;
const GROUP_DN = `CN=Sales,${OU}`;
const DOMAIN_SID = 'S-1-5-21-1-2-3';

const ADMIN: Principal = {
  username: 'boss',
  dn: `CN=Boss,${OU}`,
  isAdmin: true,
  isLocal: false,
  sessionId: 's',
  firstName: '',
  lastName: '',
  email: '',
};

function userEntry(attributes: Record<string, string | Buffer | string[]> = {}): LdapEntry {
  return new LdapEntry(USER_DN, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: 'jane',
    givenName: 'Jane',
    userAccountControl: String(0x200 | 0x80),
    objectSid: encodeSid(`${DOMAIN_SID}-1105`),
    primaryGroupID: '513',
    ...attributes,
  });
}

function setup() {
  const gateway = {
    search: jest.fn().mockResolvedValue([]),
    read: jest.fn().mockResolvedValue(undefined),
    add: jest.fn().mockResolvedValue(undefined),
    modify: jest.fn().mockResolvedValue(undefined),
    modifyDn: jest.fn().mockResolvedValue(undefined),
    delete: jest.fn().mockResolvedValue(undefined),
  };
  const settings = {
    current: () => ({
      searchBase: BASE,
      domain: 'example.com',
      userFields: { username: 'sAMAccountName' },
      userObjectClass: 'person',
      excludeComputerAccounts: true,
    }),
  };
  const audit = {
    begin: jest.fn().mockResolvedValue({ id: 1 }),
    complete: jest.fn().mockResolvedValue(undefined),
  };
  const users = { findEntry: jest.fn().mockResolvedValue(userEntry()) };
  const service = new UserAdminService(
    gateway as unknown as LdapGateway,
    settings as unknown as DirectorySettings,
    audit as unknown as AuditService,
    users as unknown as UsersService,
    new DirectoryContainers(
      gateway as unknown as LdapGateway,
      settings as unknown as DirectorySettings,
      { get: () => Promise.resolve({ namingContexts: [BASE] }) } as unknown as RootDseService,
    ),
  );

  return { service, gateway, audit, users };
}

function insertBody(overrides: Partial<InsertUserDto> = {}): InsertUserDto {
  return Object.assign(new InsertUserDto(), {
    username: 'Jane.Doe',
    password: 'Str0ng-Passw0rd',
    passwordConfirm: 'Str0ng-Passw0rd',
    path: OU,
    givenName: 'Jane',
    sn: 'Doe',
    ...overrides,
  });
}

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }

  throw new Error('expected a rejection');
}

describe(UserAdminService.name, () => {
  describe('insert', () => {
    it('adds disabled, sets the password, then the flags', async () => {
      const { service, gateway, audit } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(
          dn === OU ? new LdapEntry(OU, { objectClass: 'organizationalUnit' }) : undefined,
        ),
      );

      const username = await service.insert(
        insertBody({ permission_list: ['LDAP_UF_DONT_EXPIRE_PASSWD'] }),
        'boss',
      );

      expect(username).toBe('Jane.Doe');
      expect(gateway.add).toHaveBeenCalledWith(
        USER_DN,
        expect.objectContaining({
          sAMAccountName: 'Jane.Doe',
          userPrincipalName: 'Jane.Doe@example.com',
          userAccountControl: '514',
          cn: 'Jane Doe',
        }),
      );
      const [passwordCall, flagsCall] = gateway.modify.mock.calls as [string, unknown[]][];
      expect(passwordCall[1]).toEqual([
        expect.objectContaining({ operation: 'replace', attribute: 'unicodePwd' }),
      ]);
      expect(flagsCall[1]).toEqual([
        { operation: 'replace', attribute: 'userAccountControl', values: ['66048'] },
      ]);
      expect(JSON.stringify(audit.begin.mock.calls)).not.toContain('Str0ng-Passw0rd');
    });

    it('deletes the entry when the password is rejected', async () => {
      const { service, gateway, audit } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(
          dn === OU ? new LdapEntry(OU, { objectClass: 'organizationalUnit' }) : undefined,
        ),
      );
      gateway.modify.mockRejectedValueOnce(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.ConstraintViolation,
          subCode: 0x52d,
          diagnostic: '0000052D: Constraint violation',
        }),
      );

      const error = await caught(service.insert(insertBody(), 'boss'));

      expect(error.code).toBe(ErrorCode.PasswordPolicy);
      expect(error.field).toBe('password');
      expect(gateway.delete).toHaveBeenCalledWith(USER_DN);
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'failure');
    });

    it('rejects different passwords before any LDAP call', async () => {
      const { service, gateway } = setup();

      const error = await caught(service.insert(insertBody({ passwordConfirm: 'other' }), 'boss'));

      expect(error.code).toBe(ErrorCode.PasswordsDoNotMatch);
      expect(gateway.read).not.toHaveBeenCalled();
      expect(gateway.search).not.toHaveBeenCalled();
    });

    it('rejects a taken username', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValue(new LdapEntry(OU, { objectClass: 'organizationalUnit' }));
      gateway.search.mockResolvedValue([new LdapEntry(`CN=Other,${OU}`)]);

      const error = await caught(service.insert(insertBody(), 'boss'));

      expect(error.code).toBe(ErrorCode.ObjectExists);
      expect(gateway.add).not.toHaveBeenCalled();
    });

    it('uses the Users container from wellKnownObjects', async () => {
      const { service, gateway } = setup();
      const users = `CN=Users,${BASE}`;
      gateway.read.mockImplementation((dn: string) => {
        if (dn === BASE) {
          return Promise.resolve(
            new LdapEntry(BASE, {
              wellKnownObjects: [`B:32:A9D1CA15768811D1ADED00C04FD8D5CD:${users}`],
            }),
          );
        }

        return Promise.resolve(
          dn === users ? new LdapEntry(users, { objectClass: 'container' }) : undefined,
        );
      });

      await service.insert(insertBody({ path: '', cn: 'Doe, Jane' }), 'boss');

      expect(gateway.add).toHaveBeenCalledWith(`CN=Doe\\, Jane,${users}`, expect.anything());
    });
  });

  describe('update', () => {
    it('writes every attribute change in one modify', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValue(userEntry({ sn: 'Doe', mail: 'jane@example.com' }));

      const data = await service.update(
        { username: 'jane', givenName: 'Janet', sn: 'Doe', mail: '', whenCreated: 'x' },
        ADMIN,
      );

      expect(gateway.modify).toHaveBeenCalledTimes(1);
      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'givenName', values: ['Janet'] },
        { operation: 'delete', attribute: 'mail', values: [] },
      ]);
      expect(data).toEqual({ username: 'jane', givenName: 'Janet', mail: '' });
    });

    it('changes only the flags the list changes', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValue(userEntry({ userAccountControl: String(0x200 | 0x80 | 0x4) }));

      await service.update(
        {
          username: 'jane',
          permission_list: [
            'LDAP_UF_NORMAL_ACCOUNT',
            'LDAP_UF_DONT_EXPIRE_PASSWD',
            'LDAP_UF_LOCKOUT',
          ],
        },
        ADMIN,
      );

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        {
          operation: 'replace',
          attribute: 'userAccountControl',
          values: [String(0x200 | 0x4 | 0x10000)],
        },
      ]);
    });

    it('unlocks when LDAP_UF_LOCKOUT is removed', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValue(
        userEntry({ userAccountControl: '512', 'msDS-User-Account-Control-Computed': '16' }),
      );

      await service.update(
        { username: 'jane', permission_list: ['LDAP_UF_NORMAL_ACCOUNT'] },
        ADMIN,
      );

      expect(gateway.modify).toHaveBeenCalledWith(USER_DN, [
        { operation: 'replace', attribute: 'lockoutTime', values: ['0'] },
      ]);
    });

    it('refuses to disable a critical account', async () => {
      const { service, gateway } = setup();
      gateway.read.mockResolvedValue(
        userEntry({ objectSid: encodeSid(`${DOMAIN_SID}-500`), userAccountControl: '512' }),
      );

      const error = await caught(
        service.update(
          {
            username: 'jane',
            permission_list: ['LDAP_UF_NORMAL_ACCOUNT', 'LDAP_UF_ACCOUNT_DISABLE'],
          },
          ADMIN,
        ),
      );

      expect(error.code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('joins groups with single-value adds and ignores a duplicate', async () => {
      const { service, gateway } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(
          dn === GROUP_DN
            ? new LdapEntry(GROUP_DN, { objectClass: ['top', 'group'] })
            : userEntry(),
        ),
      );
      gateway.modify.mockRejectedValueOnce(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.EntryAlreadyExists,
          diagnostic: 'exists',
        }),
      );

      await service.update({ username: 'jane', groupsToAdd: [GROUP_DN] }, ADMIN);

      expect(gateway.modify).toHaveBeenCalledWith(GROUP_DN, [
        { operation: 'add', attribute: 'member', values: [USER_DN] },
      ]);
    });

    it('skips leaving a group the user is not in', async () => {
      const { service, gateway } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(
          dn === GROUP_DN ? new LdapEntry(GROUP_DN, { objectClass: ['group'] }) : userEntry(),
        ),
      );

      await service.update({ username: 'jane', groupsToRemove: [GROUP_DN] }, ADMIN);

      expect(gateway.modify).not.toHaveBeenCalledWith(GROUP_DN, expect.anything());
    });

    it('rejects a group in both lists', async () => {
      const { service } = setup();

      const error = await caught(
        service.update(
          { username: 'jane', groupsToAdd: [GROUP_DN], groupsToRemove: [GROUP_DN.toUpperCase()] },
          ADMIN,
        ),
      );

      expect(error.code).toBe(ErrorCode.GroupListConflict);
    });

    it('renames after the attribute modify', async () => {
      const { service, gateway } = setup();
      gateway.read.mockImplementation((dn: string) =>
        Promise.resolve(dn === USER_DN ? userEntry() : undefined),
      );

      const data = await service.update(
        { username: 'jane', cn: 'Doe, Jane', givenName: 'J' },
        ADMIN,
      );

      expect(gateway.modifyDn).toHaveBeenCalledWith(USER_DN, `CN=Doe\\, Jane,${OU}`);
      expect(gateway.modify.mock.invocationCallOrder[0]).toBeLessThan(
        gateway.modifyDn.mock.invocationCallOrder[0],
      );
      expect(data.distinguishedName).toBe(`CN=Doe\\, Jane,${OU}`);
    });

    it('writes nothing and no audit row when nothing changed', async () => {
      const { service, gateway, audit } = setup();
      gateway.read.mockResolvedValue(userEntry());

      await service.update({ username: 'jane', givenName: 'Jane' }, ADMIN);

      expect(gateway.modify).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });
  });

  describe('delete', () => {
    it('deletes the user found by username', async () => {
      const { service, gateway } = setup();
      gateway.search.mockResolvedValue([userEntry()]);

      const result = await service.delete({ username: 'jane', distinguishedName: USER_DN }, ADMIN);

      expect(result).toEqual({ username: 'jane' });
      expect(gateway.delete).toHaveBeenCalledWith(USER_DN);
    });

    it('rejects a DN that is not the user', async () => {
      const { service, gateway } = setup();
      gateway.search.mockResolvedValue([userEntry()]);

      const error = await caught(
        service.delete({ username: 'jane', distinguishedName: GROUP_DN }, ADMIN),
      );

      expect(error.field).toBe('distinguishedName');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('rejects a computer', async () => {
      const { service, gateway } = setup();
      gateway.search.mockResolvedValue([
        userEntry({ objectClass: ['top', 'person', 'user', 'computer'] }),
      ]);

      const error = await caught(service.delete({ username: 'PC1$' }, ADMIN));

      expect(error.code).toBe(ErrorCode.NotAUser);
    });

    it.each([
      ['a critical object', { isCriticalSystemObject: 'TRUE' }],
      ['a RID below 1000', { objectSid: encodeSid(`${DOMAIN_SID}-502`) }],
    ])('protects %s', async (_case, attributes) => {
      const { service, gateway } = setup();
      gateway.search.mockResolvedValue([userEntry(attributes)]);

      const error = await caught(service.delete({ username: 'jane' }, ADMIN));

      expect(error.code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('refuses to delete the caller', async () => {
      const { service, gateway } = setup();
      gateway.search.mockResolvedValue([userEntry()]);

      const error = await caught(
        service.delete({ username: 'jane' }, { ...ADMIN, username: 'JANE' }),
      );

      expect(error.code).toBe(ErrorCode.AntiLockout);
      expect(gateway.delete).not.toHaveBeenCalled();
    });
  });
});
