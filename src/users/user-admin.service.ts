import { Injectable, Logger } from '@nestjs/common';

import { Principal } from '../auth/principal';
import { DomainError, ErrorCode, blameField } from '../common/errors';
import { decodeAccountExpires, encodeAccountExpires } from '../ldap/codecs/filetime';
import { decodeSid, domainSidOf, encodeSid, sidWithRid } from '../ldap/codecs/sid';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import {
  applyUacChanges,
  isUacFlagName,
  namesToUac,
  UAC,
  UAC_COMPUTED,
  UacFlagName,
  uacToNames,
} from '../ldap/codecs/user-account-control';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { AttributeValues, LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { and, eq, eqBytes, or } from '../ldap/syntax/filter-builder';
import { childDn, dnEquals, firstRdnValue, parentDn } from '../ldap/syntax/dn';
import { AuditService } from '../logs/audit.service';
import { countryFromName } from './country';
import { DeleteUserDto } from './dto/delete-user.dto';
import { InsertUserDto, USER_TEXT_ATTRIBUTE_LIMITS } from './dto/insert-user.dto';
import { parseUserUpdate, UNCHANGEABLE_KEYS, UserUpdateRequest } from './dto/update-user.dto';
import { isGiven } from './dto/user-state.dto';
import { assertAccountChangeAllowed } from './account-protection';
import { UsersService } from './users.service';

/** Flags the DC computes and never stores, so a permission_list never writes them. */
const COMPUTED_FLAGS: ReadonlySet<UacFlagName> = new Set([
  'LDAP_UF_LOCKOUT',
  'LDAP_UF_PASSWORD_EXPIRED',
]);

/**
 * userAccountControl bits that make the object another kind of account: a computer, a DC, a
 * trust or an RODC. A user account keeps NORMAL_ACCOUNT and none of the others.
 */
const ACCOUNT_TYPE_FLAGS: ReadonlySet<UacFlagName> = new Set([
  'LDAP_UF_NORMAL_ACCOUNT',
  'LDAP_UF_TEMP_DUPLICATE_ACCOUNT',
  'LDAP_UF_INTERDOMAIN_TRUST_ACCOUNT',
  'LDAP_UF_WORKSTATION_TRUST_ACCOUNT',
  'LDAP_UF_SERVER_TRUST_ACCOUNT',
  'LDAP_UF_PARTIAL_SECRETS_ACCOUNT',
]);

const COUNTRY_ATTRIBUTES = ['c', 'co', 'countryCode'] as const;

/** Attributes an update reads to compare the request with what is stored. */
const UPDATE_READ_ATTRIBUTES = [
  ...Object.keys(USER_TEXT_ATTRIBUTE_LIMITS),
  'c',
  'countryCode',
  ...UNCHANGEABLE_KEYS,
  'userAccountControl',
  'msDS-User-Account-Control-Computed',
  'accountExpires',
  'primaryGroupID',
  'objectSid',
  'memberOf',
  'isCriticalSystemObject',
];

/** The changes an update will make, worked out and checked before anything is written. */
interface UpdatePlan {
  changes: LdapChange[];
  /** Written values for the response: the new value, or '' for a cleared attribute. */
  written: Record<string, unknown>;
  groupsToAdd: string[];
  groupsToRemove: string[];
  primaryGroupId?: number;
  newDn?: string;
}

/**
 * Creates, updates and deletes user accounts for administrators. Every check that can be made
 * before writing is made first, so a rejected request leaves the directory unchanged.
 */
@Injectable()
export class UserAdminService {
  private readonly logger = new Logger(UserAdminService.name);

  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly containers: DirectoryContainers,
  ) {}

  /**
   * Creates a user: adds the entry disabled, sets the password, then writes the requested
   * userAccountControl. AD rejects an enabled account without a password that meets the
   * policy, hence that order. If a step after the add fails, the entry is deleted again.
   */
  async insert(body: InsertUserDto, actor: string): Promise<string> {
    const permissions = checkPermissionNames(body.permission_list ?? [], 'permission_list');
    if (body.password !== body.passwordConfirm) {
      throw new DomainError(
        ErrorCode.PasswordsDoNotMatch,
        'The password and its confirmation are different.',
        { field: 'passwordConfirm' },
      );
    }

    const settings = this.settings.current();
    const parent = isGiven(body.path)
      ? (body.path as string)
      : await this.containers.usersContainer();
    await this.containers.checkParent(parent, isGiven(body.path) ? 'path' : undefined);
    const cn = defaultCommonName(body);
    const dn = childDn(parent, 'CN', cn);
    const userPrincipalName = `${body.username}@${settings.domain}`;
    await this.checkAccountNameFree(body.username, userPrincipalName);
    if ((await this.gateway.read(dn, ['1.1'])) !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An object named "${cn}" already exists there.`,
        {
          field: 'cn',
        },
      );
    }

    const uac = finalInsertUac(permissions);
    const attributes = insertAttributes(body);
    const pending = await this.audit.begin({
      actor,
      action: 'CREATE',
      objectClass: 'USER',
      affectedObject: body.username,
      extraMessage: `dn=${dn}`,
    });
    try {
      await this.gateway.add(dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        cn,
        sAMAccountName: body.username,
        userPrincipalName,
        userAccountControl: String(UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE),
        ...attributes,
      });
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    try {
      await this.gateway.modify(dn, [
        {
          operation: 'replace',
          attribute: 'unicodePwd',
          values: [encodeUnicodePwd(body.password)],
        },
      ]);
      await this.gateway.modify(dn, [
        { operation: 'replace', attribute: 'userAccountControl', values: [String(uac)] },
      ]);
    } catch (error) {
      await this.removeHalfCreated(dn);
      await this.audit.complete(pending, 'failure');
      throw blameField(error, ErrorCode.PasswordPolicy, 'password');
    }

    await this.audit.complete(pending, 'success');

    return body.username;
  }

  /**
   * Applies an edited user object: all attribute changes in one modify, then group joins and
   * leaves as single-value changes of each group's member, then the primary group (which
   * requires membership), then a rename when cn changed.
   */
  async update(
    user: Record<string, unknown>,
    principal: Principal,
  ): Promise<Record<string, unknown>> {
    const request = parseUserUpdate(user);
    const found = await this.users.findEntry(request.username);
    const entry = (await this.gateway.read(found.dn, UPDATE_READ_ATTRIBUTES)) ?? found;
    const plan = await this.planUpdate(request, entry, principal);
    const summary = Object.keys(plan.written);
    const data = { username: entry.text('sAMAccountName') ?? request.username, ...plan.written };
    if (summary.length === 0) {
      return data;
    }

    const pending = await this.audit.begin({
      actor: principal.username,
      action: 'UPDATE',
      objectClass: 'USER',
      affectedObject: data.username,
      extraMessage: `changed: ${summary.join(', ')}`,
    });
    try {
      await this.applyUpdate(entry.dn, plan);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return data;
  }

  /**
   * Deletes a user account found by username. The DN in the body is only compared with the one
   * found, so the endpoint cannot delete another kind of object.
   */
  async delete(body: DeleteUserDto, principal: Principal): Promise<{ username: string }> {
    const account = await this.findAccount(body.username);
    if (
      isGiven(body.distinguishedName) &&
      !dnEquals(body.distinguishedName as string, account.dn)
    ) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `distinguishedName does not match the DN of user "${body.username}".`,
        { field: 'distinguishedName' },
      );
    }

    if (!isUserObject(account)) {
      throw new DomainError(ErrorCode.NotAUser, `"${body.username}" is not a user account.`, {
        field: 'username',
      });
    }

    const username = account.text('sAMAccountName') ?? body.username;
    assertAccountChangeAllowed(account, 'delete', principal, 'username');

    const pending = await this.audit.begin({
      actor: principal.username,
      action: 'DELETE',
      objectClass: 'USER',
      affectedObject: username,
      extraMessage: `dn=${account.dn}`,
    });
    try {
      await this.gateway.delete(account.dn);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return { username };
  }

  /** Rejects a sAMAccountName or userPrincipalName that any object already has. */
  private async checkAccountNameFree(username: string, userPrincipalName: string): Promise<void> {
    const settings = this.settings.current();
    const [existing] = await this.gateway.search(settings.searchBase, {
      scope: 'sub',
      filter: or(eq('sAMAccountName', username), eq('userPrincipalName', userPrincipalName)),
      attributes: ['1.1'],
      sizeLimit: 1,
    });
    if (existing !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An account named "${username}" or "${userPrincipalName}" already exists.`,
        { field: 'username' },
      );
    }
  }

  /** Deletes an entry whose creation failed half-way; a failure here is logged, not thrown. */
  private async removeHalfCreated(dn: string): Promise<void> {
    try {
      await this.gateway.delete(dn);
    } catch (error) {
      this.logger.error(`Could not delete the half-created user ${dn}: ${String(error)}`);
    }
  }

  /** Finds any account by sAMAccountName, users and computers alike, for delete. */
  private async findAccount(username: string): Promise<LdapEntry> {
    const settings = this.settings.current();
    const [match] = await this.gateway.search(settings.searchBase, {
      scope: 'sub',
      filter: eq(settings.userFields.username, username),
      attributes: ['objectClass', 'sAMAccountName', 'objectSid', 'isCriticalSystemObject'],
    });
    if (match === undefined) {
      throw new DomainError(ErrorCode.UserNotFound, `User "${username}" does not exist.`, {
        field: 'username',
      });
    }

    return match;
  }

  private async planUpdate(
    request: UserUpdateRequest,
    entry: LdapEntry,
    principal: Principal,
  ): Promise<UpdatePlan> {
    const plan: UpdatePlan = {
      changes: [],
      written: {},
      groupsToAdd: request.groupsToAdd,
      groupsToRemove: request.groupsToRemove,
    };
    checkUnchangeable(request, entry);
    planAttributes(request, entry, plan);
    planCountry(request, entry, plan);
    planAccountExpires(request, entry, principal, plan);
    this.planPermissions(request, entry, principal, plan);
    await this.planGroups(request, entry, plan);
    await this.planPrimaryGroup(request, entry, plan);
    await this.planRename(request, entry, plan);

    return plan;
  }

  private planPermissions(
    request: UserUpdateRequest,
    entry: LdapEntry,
    principal: Principal,
    plan: UpdatePlan,
  ): void {
    if (request.permissions === undefined) {
      return;
    }

    const storedUac = entry.integer('userAccountControl') ?? 0;
    const locked =
      ((entry.integer('msDS-User-Account-Control-Computed') ?? 0) & UAC_COMPUTED.UF_LOCKOUT) !== 0;
    const stored = new Set<UacFlagName>(uacToNames(storedUac));
    const requested = new Set(request.permissions);
    const add = [...requested].filter((name) => !stored.has(name) && !COMPUTED_FLAGS.has(name));
    const remove = [...stored].filter((name) => !requested.has(name) && !COMPUTED_FLAGS.has(name));
    const typeChanges = [...add, ...remove].filter((name) => ACCOUNT_TYPE_FLAGS.has(name));
    if (typeChanges.length > 0) {
      throw new DomainError(
        ErrorCode.PermissionMalformed,
        `user.permission_list cannot change the account type (${typeChanges.join(', ')}); a user account stays LDAP_UF_NORMAL_ACCOUNT.`,
        { field: 'user.permission_list' },
      );
    }

    const uac = applyUacChanges(storedUac, { add, remove });
    if (uac !== storedUac) {
      const change = add.includes('LDAP_UF_ACCOUNT_DISABLE')
        ? 'disable'
        : remove.includes('LDAP_UF_ACCOUNT_DISABLE')
          ? 'enable'
          : 'flags';
      assertAccountChangeAllowed(entry, change, principal, 'user.permission_list');
    }

    if (uac !== storedUac) {
      plan.changes.push({
        operation: 'replace',
        attribute: 'userAccountControl',
        values: [String(uac)],
      });
      plan.written.permission_list = uacToNames(uac);
    }

    // Unlocking is the only lockout change a client can ask for: AD accepts lockoutTime = 0 only.
    if (locked && !requested.has('LDAP_UF_LOCKOUT')) {
      plan.changes.push({ operation: 'replace', attribute: 'lockoutTime', values: ['0'] });
      plan.written.lockoutTime = '0';
    }
  }

  private async planGroups(
    request: UserUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): Promise<void> {
    const overlap = request.groupsToAdd.find((dn) =>
      request.groupsToRemove.some((other) => dnEquals(dn, other)),
    );
    if (overlap !== undefined) {
      throw new DomainError(
        ErrorCode.GroupListConflict,
        `The group "${overlap}" is in both groupsToAdd and groupsToRemove.`,
        { field: 'user.groupsToAdd' },
      );
    }

    for (const [field, dns] of [
      ['groupsToAdd', request.groupsToAdd],
      ['groupsToRemove', request.groupsToRemove],
    ] as const) {
      for (const dn of dns) {
        const group = await this.gateway.read(dn, ['objectClass']);
        const isGroup = group?.texts('objectClass').some((name) => name.toLowerCase() === 'group');
        if (isGroup !== true) {
          throw new DomainError(ErrorCode.GroupNotFound, `The group "${dn}" does not exist.`, {
            field: `user.${field}`,
          });
        }
      }
    }

    if (request.groupsToAdd.length > 0) {
      plan.written.groupsToAdd = request.groupsToAdd;
    }

    if (request.groupsToRemove.length > 0) {
      plan.written.groupsToRemove = request.groupsToRemove;
    }

    // Joining a group the user is in, or leaving one it is not in, is a no-op. Samba returns 53
    // when asked to remove a link it deleted before, so such changes are not sent at all.
    const memberOf = entry.texts('memberOf');
    const isMember = (dn: string) => memberOf.some((group) => dnEquals(group, dn));
    plan.groupsToAdd = request.groupsToAdd.filter((dn) => !isMember(dn));
    plan.groupsToRemove = request.groupsToRemove.filter(isMember);
  }

  /**
   * Checks a new primaryGroupID: the group with that RID must exist and the user must be a
   * member once groupsToAdd and groupsToRemove are applied, because AD requires membership.
   */
  private async planPrimaryGroup(
    request: UserUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): Promise<void> {
    const rid = request.primaryGroupId;
    const userSid = entry.buffer('objectSid');
    if (rid === undefined || rid === entry.integer('primaryGroupID') || userSid === undefined) {
      return;
    }

    const groupSid = sidWithRid(domainSidOf(decodeSid(userSid)), rid);
    const [group] = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: and(eq('objectClass', 'group'), eqBytes('objectSid', encodeSid(groupSid))),
      attributes: ['1.1'],
    });
    if (group === undefined) {
      throw new DomainError(ErrorCode.InvalidInput, `No group has the RID ${rid}.`, {
        field: 'user.primaryGroupID',
      });
    }

    const member =
      plan.groupsToAdd.some((dn) => dnEquals(dn, group.dn)) ||
      (entry.texts('memberOf').some((dn) => dnEquals(dn, group.dn)) &&
        !plan.groupsToRemove.some((dn) => dnEquals(dn, group.dn)));
    if (!member) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `The user must be a member of "${group.dn}" to make it the primary group; add it with groupsToAdd.`,
        { field: 'user.primaryGroupID' },
      );
    }

    plan.primaryGroupId = rid;
    plan.written.primaryGroupID = String(rid);
  }

  private async planRename(
    request: UserUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): Promise<void> {
    if (request.cn === undefined || request.cn === firstRdnValue(entry.dn)) {
      return;
    }

    const newDn = childDn(parentDn(entry.dn), 'CN', request.cn);
    // A case-only rename names the same entry, so it cannot collide with another one.
    if (!dnEquals(newDn, entry.dn) && (await this.gateway.read(newDn, ['1.1'])) !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An object named "${request.cn}" already exists there.`,
        { field: 'user.cn' },
      );
    }

    plan.newDn = newDn;
    plan.written.cn = request.cn;
    plan.written.distinguishedName = newDn;
  }

  private async applyUpdate(dn: string, plan: UpdatePlan): Promise<void> {
    if (plan.changes.length > 0) {
      await this.gateway.modify(dn, plan.changes);
    }

    for (const group of plan.groupsToAdd) {
      await this.changeMember(group, 'add', dn);
    }

    for (const group of plan.groupsToRemove) {
      await this.changeMember(group, 'delete', dn);
    }

    if (plan.primaryGroupId !== undefined) {
      await this.gateway.modify(dn, [
        {
          operation: 'replace',
          attribute: 'primaryGroupID',
          values: [String(plan.primaryGroupId)],
        },
      ]);
    }

    if (plan.newDn !== undefined) {
      await this.gateway.modifyDn(dn, plan.newDn);
    }
  }

  /**
   * Adds or removes one value of a group's member, never replacing the list. Adding a present
   * member or removing an absent one is a no-op: AD returns 20 (Samba 68) or 16 for them.
   */
  private async changeMember(
    group: string,
    operation: 'add' | 'delete',
    user: string,
  ): Promise<void> {
    try {
      await this.gateway.modify(group, [{ operation, attribute: 'member', values: [user] }]);
    } catch (error) {
      const alreadyDone =
        error instanceof LdapOperationError &&
        (operation === 'add'
          ? error.resultCode === LdapResultCode.AttributeOrValueExists ||
            error.resultCode === LdapResultCode.EntryAlreadyExists
          : error.resultCode === LdapResultCode.NoSuchAttribute);
      if (!alreadyDone) {
        throw error;
      }
    }
  }
}

function checkPermissionNames(names: readonly string[], field: string): UacFlagName[] {
  const unknown = names.filter((name) => !isUacFlagName(name));
  if (unknown.length > 0) {
    throw new DomainError(
      ErrorCode.PermissionMalformed,
      `${field} contains unknown userAccountControl flag names: ${unknown.join(', ')}.`,
      { field },
    );
  }

  const types = (names as UacFlagName[]).filter(
    (name) => ACCOUNT_TYPE_FLAGS.has(name) && name !== 'LDAP_UF_NORMAL_ACCOUNT',
  );
  if (types.length > 0) {
    throw new DomainError(
      ErrorCode.PermissionMalformed,
      `${field} cannot set the account type (${types.join(', ')}); a user account is LDAP_UF_NORMAL_ACCOUNT.`,
      { field },
    );
  }

  return names as UacFlagName[];
}

/** NORMAL_ACCOUNT plus the listed flags; enabled unless LDAP_UF_ACCOUNT_DISABLE is listed. */
function finalInsertUac(permissions: readonly UacFlagName[]): number {
  const stored = permissions.filter((name) => !COMPUTED_FLAGS.has(name));

  return (namesToUac(stored) | UAC.NORMAL_ACCOUNT) >>> 0;
}

function defaultCommonName(body: InsertUserDto): string {
  if (isGiven(body.cn)) {
    return body.cn as string;
  }

  const fullName = [body.givenName ?? '', body.sn ?? ''].join(' ').trim();

  return fullName === '' ? body.username : fullName;
}

/** Collects the optional attributes of an insert that carry a value, expanding co to c and countryCode. */
function insertAttributes(body: InsertUserDto): Record<string, AttributeValues> {
  const attributes: Record<string, AttributeValues> = {};
  const values = body as unknown as Record<string, unknown>;
  for (const attribute of Object.keys(USER_TEXT_ATTRIBUTE_LIMITS)) {
    const value = values[attribute];
    if (typeof value === 'string' && value !== '' && attribute !== 'co') {
      attributes[attribute] = value;
    }
  }

  if (isGiven(body.co)) {
    const country = countryFromName(body.co as string);
    if (country === undefined) {
      throw new DomainError(ErrorCode.CountryUnknown, `"${body.co}" is not a known country name.`, {
        field: 'co',
      });
    }

    Object.assign(attributes, country);
  }

  return attributes;
}

function checkUnchangeable(request: UserUpdateRequest, entry: LdapEntry): void {
  if (request.distinguishedName !== undefined && !dnEquals(request.distinguishedName, entry.dn)) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `user.distinguishedName does not match the DN of "${request.username}"; fetch the user again.`,
      { field: 'user.distinguishedName' },
    );
  }

  for (const [key, value] of request.unchangeable) {
    if (value !== (entry.text(key) ?? '')) {
      throw new DomainError(ErrorCode.InvalidInput, `user.${key} cannot be changed by update.`, {
        field: `user.${key}`,
      });
    }
  }
}

/** Adds a REPLACE for each changed value and a DELETE for each value cleared with ''. */
function planAttributes(request: UserUpdateRequest, entry: LdapEntry, plan: UpdatePlan): void {
  for (const [attribute, value] of request.attributes) {
    if (attribute === 'co') {
      continue;
    }

    const stored = entry.text(attribute) ?? '';
    if (value === stored) {
      continue;
    }

    plan.changes.push(
      value === ''
        ? { operation: 'delete', attribute, values: [] }
        : { operation: 'replace', attribute, values: [value] },
    );
    plan.written[attribute] = value;
  }
}

/** Maps a changed co to c, co and countryCode. An empty co deletes c and co and sets countryCode to 0. */
function planCountry(request: UserUpdateRequest, entry: LdapEntry, plan: UpdatePlan): void {
  const name = request.attributes.get('co');
  if (name === undefined || name === (entry.text('co') ?? '')) {
    return;
  }

  if (name === '') {
    for (const attribute of ['c', 'co'] as const) {
      if (entry.has(attribute)) {
        plan.changes.push({ operation: 'delete', attribute, values: [] });
        plan.written[attribute] = '';
      }
    }

    // Samba rejects deleting countryCode ("delete protected attribute"), so 0 means no country.
    if ((entry.integer('countryCode') ?? 0) !== 0) {
      plan.changes.push({ operation: 'replace', attribute: 'countryCode', values: ['0'] });
      plan.written.countryCode = '0';
    }

    return;
  }

  const country = countryFromName(name);
  if (country === undefined) {
    throw new DomainError(ErrorCode.CountryUnknown, `"${name}" is not a known country name.`, {
      field: 'user.co',
    });
  }

  for (const attribute of COUNTRY_ATTRIBUTES) {
    if (country[attribute] !== entry.text(attribute)) {
      plan.changes.push({ operation: 'replace', attribute, values: [country[attribute]] });
      plan.written[attribute] = country[attribute];
    }
  }
}

/** Writes accountExpires when the requested date differs from the stored one (null = never). */
function planAccountExpires(
  request: UserUpdateRequest,
  entry: LdapEntry,
  principal: Principal,
  plan: UpdatePlan,
): void {
  if (request.accountExpires === undefined) {
    return;
  }

  const storedText = entry.text('accountExpires');
  const stored = storedText === undefined ? null : decodeAccountExpires(storedText);
  const wanted = request.accountExpires;
  if ((stored?.getTime() ?? null) === (wanted?.getTime() ?? null)) {
    return;
  }

  // An expiry date in the past disables the account as surely as ACCOUNTDISABLE does.
  assertAccountChangeAllowed(
    entry,
    wanted === null ? 'enable' : 'expire',
    principal,
    'user.accountExpires',
  );

  plan.changes.push({
    operation: 'replace',
    attribute: 'accountExpires',
    values: [encodeAccountExpires(wanted)],
  });
  plan.written.accountExpires = wanted === null ? null : wanted.toISOString();
}

function isUserObject(entry: LdapEntry): boolean {
  const classes = entry.texts('objectClass').map((name) => name.toLowerCase());

  return classes.includes('user') && !classes.includes('computer');
}
