import { DomainError, ErrorCode } from '../common/errors';
import { encodeSid } from '../ldap/codecs/sid';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway, SearchOptions } from '../ldap/ldap-gateway';
import { DirectoryContainers } from '../ldap/directory-containers';
import { RootDseService } from '../ldap/root-dse';
import { AuditService } from '../logs/audit.service';
import { DeleteGroupDto } from './dto/delete-group.dto';
import { GroupToInsert, InsertGroupDto } from './dto/insert-group.dto';
import { GroupsService } from './groups.service';

const BASE = 'DC=example,DC=com';
const OU = `OU=Groups,${BASE}`;
const USERS = `CN=Users,${BASE}`;
const GROUP_DN = `CN=Sales,${OU}`;
const USER_DN = `CN=Jane Doe,${OU}`;
const DOMAIN_SID = 'S-1-5-21-1-2-3';

const GLOBAL = -2147483646;
const DOMAIN_LOCAL = -2147483644;
const UNIVERSAL = -2147483640;

function groupEntry(dn: string, groupType: number, extra: Record<string, string | Buffer> = {}) {
  return new LdapEntry(dn, {
    objectClass: ['top', 'group'],
    cn: dn.slice(3, dn.indexOf(',')),
    sAMAccountName: dn.slice(3, dn.indexOf(',')),
    groupType: String(groupType),
    objectSid: encodeSid(`${DOMAIN_SID}-1200`),
    ...extra,
  });
}

function userEntry(dn = USER_DN) {
  return new LdapEntry(dn, { objectClass: ['top', 'person', 'organizationalPerson', 'user'] });
}

interface Directory {
  entries: LdapEntry[];
  /** Groups returned by the memberOf (member groups) and member (parent groups) searches. */
  memberGroups?: LdapEntry[];
  parentGroups?: LdapEntry[];
  members?: string[];
  accountNameTaken?: boolean;
}

function setup(directory: Directory) {
  const byDn = new Map(directory.entries.map((entry) => [entry.dn.toLowerCase(), entry]));

  function readFake(dn: string): LdapEntry | undefined {
    if (dn === '') {
      return new LdapEntry('', { namingContexts: [BASE] });
    }

    if (dn === BASE) {
      return new LdapEntry(BASE, {
        wellKnownObjects: [`B:32:A9D1CA15768811D1ADED00C04FD8D5CD:${USERS}`],
      });
    }

    if (dn === OU || dn === USERS) {
      return new LdapEntry(dn, { objectClass: ['top', 'organizationalUnit'] });
    }

    return byDn.get(dn.toLowerCase());
  }

  function searchFake(options: SearchOptions): LdapEntry[] {
    const filter = options.filter ?? '';
    if (filter.startsWith('(sAMAccountName=')) {
      return directory.accountNameTaken === true ? [userEntry(`CN=Taken,${OU}`)] : [];
    }

    if (filter.includes('(memberOf=')) {
      return directory.memberGroups ?? [];
    }

    if (filter.includes('(member=')) {
      return directory.parentGroups ?? [];
    }

    return directory.entries.filter((entry) =>
      filter.toLowerCase().includes(`(distinguishedname=${entry.dn.toLowerCase()})`),
    );
  }

  const gateway = {
    read: jest.fn((dn: string) => Promise.resolve(readFake(dn))),
    search: jest.fn((_base: string, options: SearchOptions) =>
      Promise.resolve(searchFake(options)),
    ),
    searchEach: jest.fn(
      (_base: string, options: SearchOptions, map: (entry: LdapEntry) => unknown) =>
        Promise.resolve(searchFake(options).map(map)),
    ),
    limitBulkRead: jest.fn((work: () => Promise<unknown>) => work()),
    readAllValues: jest.fn().mockResolvedValue(directory.members ?? []),
    add: jest.fn().mockResolvedValue(undefined),
    modify: jest.fn().mockResolvedValue(undefined),
    delete: jest.fn().mockResolvedValue(undefined),
  };
  const settings = { current: () => ({ searchBase: BASE }) };
  const audit = {
    begin: jest.fn().mockResolvedValue({ id: 1 }),
    complete: jest.fn().mockResolvedValue(undefined),
    record: jest.fn().mockResolvedValue(undefined),
  };
  const service = new GroupsService(
    gateway as unknown as LdapGateway,
    settings as unknown as DirectorySettings,
    audit as unknown as AuditService,
    new DirectoryContainers(
      gateway as unknown as LdapGateway,
      settings as unknown as DirectorySettings,
      { get: () => Promise.resolve({ namingContexts: [BASE] }) } as unknown as RootDseService,
    ),
  );

  return { service, gateway, audit };
}

function insertBody(group: Partial<GroupToInsert> = {}): InsertGroupDto {
  return {
    group: Object.assign(new GroupToInsert(), {
      cn: 'New Team',
      path: OU,
      groupType: 1,
      groupScope: 0,
      ...group,
    }),
  };
}

async function domainErrorOf(promise: Promise<unknown>): Promise<DomainError> {
  const error: unknown = await promise.catch((caught: unknown) => caught);
  if (!(error instanceof DomainError)) {
    throw new Error(`expected a DomainError, got ${String(error)}`);
  }

  return error;
}

describe(GroupsService.name, () => {
  describe('insert', () => {
    it('adds the group with its members in one add', async () => {
      const nested = groupEntry(`CN=Nested,${OU}`, GLOBAL);
      const { service, gateway, audit } = setup({ entries: [userEntry(), nested] });

      const result = await service.insert(
        insertBody({ member: [USER_DN], membersToAdd: [nested.dn, USER_DN.toUpperCase()] }),
        'boss',
      );

      expect(gateway.add).toHaveBeenCalledWith(`CN=New Team,${OU}`, {
        objectClass: ['top', 'group'],
        sAMAccountName: 'New Team',
        groupType: String(GLOBAL),
        member: [USER_DN, nested.dn],
      });
      expect(result).toEqual({
        distinguishedName: `CN=New Team,${OU}`,
        cn: 'New Team',
        sAMAccountName: 'New Team',
        groupType: ['GROUP_SECURITY', 'GROUP_GLOBAL'],
        member: [USER_DN, nested.dn],
      });
      expect(audit.begin).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'CREATE',
          objectClass: 'GROUP',
          affectedObject: 'New Team',
        }),
      );
      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'success');
    });

    it('defaults to the Users container and a cleaned sAMAccountName', async () => {
      const { service, gateway } = setup({ entries: [] });

      await service.insert(insertBody({ cn: 'A/B: "C" @ D', path: '' }), 'boss');

      expect(gateway.add).toHaveBeenCalledWith(
        `CN=A/B: \\"C\\" @ D,${USERS}`,
        expect.objectContaining({ sAMAccountName: 'A_B_ _C_ _ D' }),
      );
    });

    it('rejects a member of the wrong scope before adding', async () => {
      const local = groupEntry(`CN=Local,${OU}`, DOMAIN_LOCAL);
      const { service, gateway, audit } = setup({ entries: [local] });

      const error = await domainErrorOf(service.insert(insertBody({ member: [local.dn] }), 'boss'));

      expect(error.code).toBe(ErrorCode.GroupNestingInvalid);
      expect(gateway.add).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('rejects a member that does not exist', async () => {
      const { service, gateway } = setup({ entries: [] });

      const error = await domainErrorOf(
        service.insert(insertBody({ membersToAdd: [`CN=Ghost,${OU}`] }), 'boss'),
      );

      expect(error.code).toBe(ErrorCode.InvalidInput);
      expect(error.field).toBe('group.membersToAdd');
      expect(gateway.add).not.toHaveBeenCalled();
    });

    it('rejects a member that is an OU', async () => {
      const ou = new LdapEntry(`OU=Sub,${OU}`, { objectClass: ['top', 'organizationalUnit'] });
      const { service } = setup({ entries: [ou] });

      const error = await domainErrorOf(service.insert(insertBody({ member: [ou.dn] }), 'boss'));

      expect(error.field).toBe('group.member');
    });

    it('searches members in batches of 100', async () => {
      const users = Array.from({ length: 250 }, (_, index) => userEntry(`CN=U${index},${OU}`));
      const { service, gateway } = setup({ entries: users });

      await service.insert(insertBody({ member: users.map((entry) => entry.dn) }), 'boss');

      const memberSearches = gateway.search.mock.calls.filter(([, options]) =>
        options.filter?.includes('distinguishedName'),
      );
      expect(memberSearches).toHaveLength(3);
    });

    it('rejects an existing entry with 409', async () => {
      const { service, gateway } = setup({ entries: [groupEntry(`CN=New Team,${OU}`, GLOBAL)] });

      const error = await domainErrorOf(service.insert(insertBody(), 'boss'));

      expect(error.code).toBe(ErrorCode.ObjectExists);
      expect(error.field).toBe('group.cn');
      expect(gateway.add).not.toHaveBeenCalled();
    });

    it('rejects a used sAMAccountName with 409', async () => {
      const { service } = setup({ entries: [], accountNameTaken: true });

      const error = await domainErrorOf(
        service.insert(insertBody({ sAMAccountName: 'taken' }), 'boss'),
      );

      expect(error.code).toBe(ErrorCode.ObjectExists);
      expect(error.field).toBe('group.sAMAccountName');
    });

    it('rejects a path outside the search base', async () => {
      const { service } = setup({ entries: [] });

      const error = await domainErrorOf(
        service.insert(insertBody({ path: 'OU=Elsewhere,DC=other,DC=com' }), 'boss'),
      );

      expect(error.field).toBe('group.path');
    });
  });

  describe('update', () => {
    it('changes global to domain local through universal', async () => {
      const { service, gateway } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL)] });

      const data = await service.update({ distinguishedName: GROUP_DN, groupScope: 1 }, 'boss');

      expect(gateway.modify.mock.calls).toEqual([
        [GROUP_DN, [{ operation: 'replace', attribute: 'groupType', values: [String(UNIVERSAL)] }]],
        [
          GROUP_DN,
          [{ operation: 'replace', attribute: 'groupType', values: [String(DOMAIN_LOCAL)] }],
        ],
      ]);
      expect(data).toEqual({
        distinguishedName: GROUP_DN,
        cn: 'Sales',
        groupType: ['GROUP_SECURITY', 'GROUP_DOMAIN_LOCAL'],
      });
    });

    it('changes the type in one modify with the attributes', async () => {
      const { service, gateway } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL, { description: 'old' })],
      });

      await service.update(
        { distinguishedName: GROUP_DN, groupType: 0, description: '', mail: 'a@example.com' },
        'boss',
      );

      expect(gateway.modify.mock.calls).toEqual([
        [
          GROUP_DN,
          [
            { operation: 'delete', attribute: 'description', values: [] },
            { operation: 'replace', attribute: 'mail', values: ['a@example.com'] },
            { operation: 'replace', attribute: 'groupType', values: ['2'] },
          ],
        ],
      ]);
    });

    it('ignores the read-only keys of a fetched group', async () => {
      const { service, gateway, audit } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL)] });

      const data = await service.update(
        {
          distinguishedName: GROUP_DN,
          cn: 'Sales',
          sAMAccountName: 'Sales',
          groupType: ['GROUP_SECURITY', 'GROUP_GLOBAL'],
          member: [{ distinguishedName: USER_DN }],
          objectSid: `${DOMAIN_SID}-1200`,
          objectRid: 1200,
          headers: ['cn'],
          mail: '',
        },
        'boss',
      );

      expect(data).toEqual({ distinguishedName: GROUP_DN, cn: 'Sales' });
      expect(gateway.modify).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('rejects an unknown key', async () => {
      const { service } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL)] });

      const error = await domainErrorOf(
        service.update({ distinguishedName: GROUP_DN, managedBy: USER_DN }, 'boss'),
      );

      expect(error.field).toBe('group.managedBy');
    });

    it('writes each member change as one value', async () => {
      const other = `CN=Other,${OU}`;
      const { service, gateway } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL), userEntry(), userEntry(`CN=New,${OU}`)],
        members: [USER_DN, other],
      });

      const result = await service.update(
        {
          distinguishedName: GROUP_DN,
          membersToAdd: [USER_DN, `CN=New,${OU}`],
          membersToRemove: [other.toUpperCase(), `CN=Absent,${OU}`],
        },
        'boss',
      );

      expect(gateway.modify.mock.calls).toEqual([
        [GROUP_DN, [{ operation: 'delete', attribute: 'member', values: [other] }]],
        [GROUP_DN, [{ operation: 'add', attribute: 'member', values: [`CN=New,${OU}`] }]],
      ]);
      expect(result).toEqual({
        distinguishedName: GROUP_DN,
        cn: 'Sales',
        membersToAdd: [`CN=New,${OU}`],
        membersToRemove: [other],
      });
    });

    it('audits only the members that change', async () => {
      const other = `CN=Other,${OU}`;
      const { service, audit } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL), userEntry(), userEntry(`CN=New,${OU}`)],
        members: [USER_DN, other],
      });

      await service.update(
        {
          distinguishedName: GROUP_DN,
          membersToAdd: [USER_DN, `CN=New,${OU}`],
          membersToRemove: [other, `CN=Absent,${OU}`],
        },
        'boss',
      );

      expect(audit.begin).toHaveBeenCalledWith({
        actor: 'boss',
        action: 'UPDATE',
        objectClass: 'GROUP',
        affectedObject: {
          cn: 'Sales',
          distinguishedName: GROUP_DN,
          membersAdded: [`CN=New,${OU}`],
          membersRemoved: [other],
        },
        extraMessage: 'added 1: New; removed 1: Other',
      });
    });

    it('writes and audits nothing for no-op member lists', async () => {
      const { service, gateway, audit } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL), userEntry()],
        members: [USER_DN],
      });

      const result = await service.update(
        {
          distinguishedName: GROUP_DN,
          membersToAdd: [USER_DN],
          membersToRemove: [`CN=Absent,${OU}`],
        },
        'boss',
      );

      expect(result).toEqual({ distinguishedName: GROUP_DN, cn: 'Sales' });
      expect(gateway.modify).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('treats a member added meanwhile as done', async () => {
      const { service, gateway, audit } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL), userEntry()],
      });
      gateway.modify.mockRejectedValueOnce(
        new LdapOperationError({
          operation: 'modify',
          resultCode: LdapResultCode.EntryAlreadyExists,
          diagnostic: 'Attribute member already exists',
        }),
      );

      const result = await service.update(
        { distinguishedName: GROUP_DN, membersToAdd: [USER_DN] },
        'boss',
      );

      expect(audit.complete).toHaveBeenCalledWith({ id: 1 }, 'success');
      expect(result).toEqual({ distinguishedName: GROUP_DN, cn: 'Sales' });
    });

    it('rejects a forbidden member group', async () => {
      const universal = groupEntry(`CN=Uni,${OU}`, UNIVERSAL);
      const { service, gateway } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL), universal] });

      const error = await domainErrorOf(
        service.update({ distinguishedName: GROUP_DN, membersToAdd: [universal.dn] }, 'boss'),
      );

      expect(error.code).toBe(ErrorCode.GroupNestingInvalid);
      expect(error.extra).toEqual({ group: GROUP_DN, member: universal.dn });
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('rejects a scope change a parent forbids', async () => {
      const { service, gateway } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL)],
        parentGroups: [groupEntry(`CN=Parent,${OU}`, GLOBAL)],
      });

      const error = await domainErrorOf(
        service.update({ distinguishedName: GROUP_DN, groupScope: 2 }, 'boss'),
      );

      expect(error.code).toBe(ErrorCode.GroupNestingInvalid);
      expect(error.detail).toContain('cannot change from global to universal');
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('leaves removed members out of the scope check', async () => {
      const member = groupEntry(`CN=Uni,${OU}`, UNIVERSAL);
      const { service, gateway } = setup({
        entries: [groupEntry(GROUP_DN, UNIVERSAL)],
        memberGroups: [member],
        members: [member.dn],
      });

      await service.update(
        { distinguishedName: GROUP_DN, groupScope: 0, membersToRemove: [member.dn] },
        'boss',
      );

      expect(gateway.modify).toHaveBeenCalledTimes(2);
    });

    it.each([
      ['a critical system object', { isCriticalSystemObject: 'TRUE' }],
      ['a RID below 1000', { objectSid: encodeSid(`${DOMAIN_SID}-512`) }],
      ['the system bit', { groupType: String(-2147483643) }],
    ])('rejects a type change of %s', async (_case, extra) => {
      const { service, gateway } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL, extra)] });

      const error = await domainErrorOf(
        service.update({ distinguishedName: GROUP_DN, groupType: 0 }, 'boss'),
      );

      expect(error.code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.modify).not.toHaveBeenCalled();
    });

    it('changes members of a protected group', async () => {
      const { service, gateway } = setup({
        entries: [groupEntry(GROUP_DN, GLOBAL, { isCriticalSystemObject: 'TRUE' }), userEntry()],
      });

      await service.update({ distinguishedName: GROUP_DN, membersToAdd: [USER_DN] }, 'boss');

      expect(gateway.modify).toHaveBeenCalledWith(GROUP_DN, [
        { operation: 'add', attribute: 'member', values: [USER_DN] },
      ]);
    });

    it('returns 404 for a user', async () => {
      const { service } = setup({ entries: [userEntry()] });

      const error = await domainErrorOf(
        service.update({ distinguishedName: USER_DN, description: 'x' }, 'boss'),
      );

      expect(error.code).toBe(ErrorCode.GroupNotFound);
    });
  });

  describe('fetch', () => {
    it('returns sAMAccountName and description', async () => {
      const entry = groupEntry(GROUP_DN, GLOBAL, { description: 'Sales staff' });
      const { service } = setup({ entries: [entry] });

      const result = await service.fetch(GROUP_DN, 'boss');

      expect(result).toMatchObject({
        cn: 'Sales',
        sAMAccountName: 'Sales',
        description: 'Sales staff',
        objectRid: 1200,
      });
    });

    it('returns 404 outside the search base', async () => {
      const dn = `CN=Sales,DC=other,DC=com`;
      const { service, gateway } = setup({ entries: [groupEntry(dn, GLOBAL)] });

      const error = await domainErrorOf(service.fetch(dn, 'boss'));

      expect(error.code).toBe(ErrorCode.GroupNotFound);
      expect(error.field).toBe('group');
      expect(gateway.read).not.toHaveBeenCalled();
    });
  });

  describe('delete', () => {
    function deleteBody(distinguishedName: string, cn?: string): DeleteGroupDto {
      return { group: { distinguishedName, cn } };
    }

    it('deletes a group', async () => {
      const { service, gateway, audit } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL)] });

      const result = await service.delete(deleteBody(GROUP_DN, 'sales'), 'boss');

      expect(result).toEqual({ distinguishedName: GROUP_DN, cn: 'Sales' });
      expect(gateway.delete).toHaveBeenCalledWith(GROUP_DN);
      expect(audit.begin).toHaveBeenCalledWith(
        expect.objectContaining({
          action: 'DELETE',
          objectClass: 'GROUP',
          affectedObject: 'Sales',
        }),
      );
    });

    it('rejects a group in CN=Builtin', async () => {
      const dn = `CN=Users,CN=Builtin,${BASE}`;
      const { service, gateway } = setup({ entries: [groupEntry(dn, DOMAIN_LOCAL)] });

      const error = await domainErrorOf(service.delete(deleteBody(dn), 'boss'));

      expect(error.code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it.each(['DnsAdmins', 'dnsupdateproxy'])('rejects the DNS group %s', async (name) => {
      const dn = `CN=${name},${USERS}`;
      const entry = groupEntry(dn, DOMAIN_LOCAL, {
        sAMAccountName: name,
        objectSid: encodeSid(`${DOMAIN_SID}-1101`),
      });
      const { service, gateway } = setup({ entries: [entry] });

      const error = await domainErrorOf(service.delete(deleteBody(dn), 'boss'));

      expect(error.code).toBe(ErrorCode.ObjectProtected);
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('returns 404 outside the search base', async () => {
      const dn = `CN=Sales,DC=other,DC=com`;
      const { service } = setup({ entries: [groupEntry(dn, GLOBAL)] });

      const error = await domainErrorOf(service.delete(deleteBody(dn), 'boss'));

      expect(error.code).toBe(ErrorCode.GroupNotFound);
    });

    it('rejects a cn that does not match', async () => {
      const { service, gateway } = setup({ entries: [groupEntry(GROUP_DN, GLOBAL)] });

      const error = await domainErrorOf(service.delete(deleteBody(GROUP_DN, 'Other'), 'boss'));

      expect(error.field).toBe('group.cn');
      expect(gateway.delete).not.toHaveBeenCalled();
    });
  });
});
