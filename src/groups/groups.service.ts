import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { NAME_ORDER } from '../common/name-order';
import {
  decodeGroupType,
  encodeGroupType,
  GROUP_TYPE,
  GroupScope,
  groupTypeFromRequest,
} from '../ldap/codecs/group-type';
import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { AttributeValues, LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { isProtectedObject, PROTECTION_ATTRIBUTES } from '../ldap/protected-objects';
import { childDn, dnEquals, isDescendantOrSelf, normalizeDn } from '../ldap/syntax/dn';
import { and, eq, or, present } from '../ldap/syntax/filter-builder';
import { AuditService } from '../logs/audit.service';
import { DeleteGroupDto } from './dto/delete-group.dto';
import { describeGroupUpdate } from './group-audit';
import {
  checkGroupAccountName,
  defaultGroupAccountName,
  InsertGroupDto,
  isGiven,
} from './dto/insert-group.dto';
import { GroupUpdateRequest, parseGroupUpdate } from './dto/update-group.dto';
import {
  describeViolation,
  findMemberViolation,
  findScopeChangeViolation,
  NestingViolation,
  scopeChangePath,
  ScopedGroup,
} from './group-nesting';
import {
  DeletedGroup,
  GROUP_FETCH_ATTRIBUTES,
  GROUP_LIST_ATTRIBUTES,
  GroupDetails,
  groupCn,
  GroupListItem,
  GroupMember,
  InsertedGroup,
  MEMBER_ATTRIBUTES,
  toGroupDetails,
  toGroupListItem,
  toGroupMember,
  toScopedGroup,
  toUnresolvedMember,
} from './group.mapper';

/** DNs per OR filter when resolving members, to keep filters well below server limits. */
const MEMBER_LOOKUP_BATCH = 100;

/** Object classes a group member may have. Computers and inetOrgPersons are users too. */
const MEMBER_CLASSES = ['user', 'group', 'computer', 'contact'];

/** Attributes update and delete read to judge a group. */
const GROUP_STATE_ATTRIBUTES = [
  'objectClass',
  'cn',
  'sAMAccountName',
  'mail',
  'description',
  'groupType',
  ...PROTECTION_ATTRIBUTES,
];

const SCOPE_LABELS: Record<GroupScope, string> = {
  global: 'global',
  domain_local: 'domain local',
  universal: 'universal',
};

/** The writes of an update, worked out and checked before anything is written. */
interface UpdatePlan {
  /** Changes of plain attributes and sAMAccountName, sent in one modify. */
  attributeChanges: LdapChange[];
  /** groupType values to write one after the other (two when the scope goes through universal). */
  groupTypes: number[];
  /** Member DNs to add, as the directory spells them. */
  membersToAdd: string[];
  /** Member DNs to remove, as the group's member attribute stores them. */
  membersToRemove: string[];
  /** Changed attribute values for the response: the new value, or '' for a cleared attribute. */
  written: Record<string, unknown>;
}

/** Member DNs an update added and removed, without those another client changed first. */
interface AppliedMembers {
  added: string[];
  removed: string[];
}

@Injectable()
export class GroupsService {
  private readonly logger = new Logger(GroupsService.name);

  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
    private readonly containers: DirectoryContainers,
  ) {}

  /**
   * Lists groups sorted by name. `hasMembers` comes from a second paged search for groups with
   * a `member` value, so no member list is downloaded.
   */
  async list(actor: string): Promise<GroupListItem[]> {
    const base = this.settings.current().searchBase;
    const [groups, withMembers] = await this.gateway.limitBulkRead(() =>
      Promise.all([
        this.gateway.search(base, {
          scope: 'sub',
          filter: eq('objectClass', 'group'),
          attributes: GROUP_LIST_ATTRIBUTES,
        }),
        this.gateway.search(base, {
          scope: 'sub',
          filter: and(eq('objectClass', 'group'), present('member')),
          attributes: ['1.1'],
        }),
      ]),
    );
    const nonEmpty = new Set(withMembers.map((entry) => normalizeDn(entry.dn)));
    await this.audit.record({ actor, action: 'READ', objectClass: 'GROUP', affectedObject: 'ALL' });

    return groups
      .map((entry) => toGroupListItem(entry, nonEmpty.has(normalizeDn(entry.dn))))
      .sort((left, right) => NAME_ORDER.compare(left.cn, right.cn));
  }

  /**
   * Fetches a group with every member. The `member` values are read by range retrieval, past
   * AD's 1,500 values per read, and resolved with one search per 100 members. The users whose
   * primary group it is are added too, because AD lists them in no `member` attribute.
   */
  async fetch(dn: string, actor: string): Promise<GroupDetails> {
    return this.gateway.limitBulkRead(async () => {
      const group = await this.findGroup(dn, 'group', GROUP_FETCH_ATTRIBUTES);
      const memberDns = (await this.gateway.readAllValues(group.dn, 'member')).map(String);
      const members = [
        ...(await this.resolveMembers(memberDns)),
        ...(await this.primaryMembers(group)),
      ];
      await this.audit.record({
        actor,
        action: 'READ',
        objectClass: 'GROUP',
        affectedObject: group.text('cn') ?? group.dn,
      });

      return toGroupDetails(group, members);
    });
  }

  /**
   * Creates a group with its initial members in one add. The parent, the names and every
   * member (existence, object class, nesting rules) are checked first, so a rejected request
   * writes nothing.
   */
  async insert(body: InsertGroupDto, actor: string): Promise<InsertedGroup> {
    const group = body.group;
    const groupType = groupTypeFromRequest(group.groupType, group.groupScope);
    const parent = isGiven(group.path)
      ? (group.path as string)
      : await this.containers.usersContainer();
    await this.containers.checkParent(parent, isGiven(group.path) ? 'group.path' : undefined);

    const dn = childDn(parent, 'CN', group.cn);
    const accountName = this.insertAccountName(group.cn, group.sAMAccountName);
    if ((await this.gateway.read(dn, ['1.1'])) !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An object named "${group.cn}" already exists in "${parent}".`,
        { field: 'group.cn' },
      );
    }

    await this.checkAccountNameFree(
      accountName,
      isGiven(group.sAMAccountName) ? 'group.sAMAccountName' : 'group.cn',
    );

    const members = uniqueEntries([
      ...(await this.resolveNewMembers(group.member ?? [], 'group.member')),
      ...(await this.resolveNewMembers(group.membersToAdd ?? [], 'group.membersToAdd')),
    ]);
    const self: ScopedGroup = { dn, scope: decodeGroupType(groupType).scope };
    throwIfViolated(findMemberViolation(self, memberGroups(members)));

    const attributes: Record<string, AttributeValues> = {
      objectClass: ['top', 'group'],
      sAMAccountName: accountName,
      groupType: String(groupType),
    };
    for (const attribute of ['mail', 'description'] as const) {
      if (isGiven(group[attribute])) {
        attributes[attribute] = group[attribute] as string;
      }
    }

    if (members.length > 0) {
      attributes.member = members.map((entry) => entry.dn);
    }

    const pending = await this.audit.begin({
      actor,
      action: 'CREATE',
      objectClass: 'GROUP',
      affectedObject: group.cn,
      extraMessage: `dn=${dn}, members=${members.length}`,
    });
    try {
      await this.gateway.add(dn, attributes);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return {
      distinguishedName: dn,
      cn: group.cn,
      sAMAccountName: accountName,
      groupType: decodeGroupType(groupType).names,
      member: members.map((entry) => entry.dn),
    };
  }

  /**
   * Applies an edited group object. Writes run in this order: member removals, one modify for
   * the attributes together with the first groupType value, the second groupType value of a
   * scope change through universal, then member additions. Every membership is a single-value
   * ADD or DELETE of the group's member attribute; the list is never replaced. The response and
   * the audit row name only the members that change, so adding a present member or removing an
   * absent one appears in neither. The audit row is written before the changes, so it still
   * lists a member that another client added or removed in between.
   */
  async update(group: Record<string, unknown>, actor: string): Promise<Record<string, unknown>> {
    const request = parseGroupUpdate(group);
    const entry = await this.findGroup(request.distinguishedName, 'group.distinguishedName');
    const plan = await this.planUpdate(request, entry);
    const cn = groupCn(entry);
    const data: Record<string, unknown> = { distinguishedName: entry.dn, cn, ...plan.written };
    const attributes = Object.keys(plan.written);
    const memberChanges = plan.membersToAdd.length > 0 || plan.membersToRemove.length > 0;
    if (attributes.length === 0 && !memberChanges) {
      return data;
    }

    const pending = await this.audit.begin({
      actor,
      action: 'UPDATE',
      objectClass: 'GROUP',
      // The member DN lists do not fit the 256 characters of extraMessage, so they go here.
      affectedObject: memberChanges
        ? {
            cn,
            distinguishedName: entry.dn,
            membersAdded: plan.membersToAdd,
            membersRemoved: plan.membersToRemove,
          }
        : cn,
      extraMessage: describeGroupUpdate({
        attributes,
        added: plan.membersToAdd,
        removed: plan.membersToRemove,
      }),
    });
    let applied: AppliedMembers;
    try {
      applied = await this.applyUpdate(entry.dn, plan);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');
    if (applied.added.length > 0) {
      data.membersToAdd = applied.added;
    }

    if (applied.removed.length > 0) {
      data.membersToRemove = applied.removed;
    }

    return data;
  }

  /** Deletes a group found by DN. Built-in and critical system groups are rejected with 403. */
  async delete(body: DeleteGroupDto, actor: string): Promise<DeletedGroup> {
    const entry = await this.findGroup(body.group.distinguishedName, 'group.distinguishedName');
    const cn = groupCn(entry);
    const expected = body.group.cn;
    if (isGiven(expected) && (expected as string).toLowerCase() !== cn.toLowerCase()) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `group.cn "${expected}" does not match the cn "${cn}" of "${entry.dn}"; fetch the group again.`,
        { field: 'group.cn' },
      );
    }

    if (this.isProtectedGroup(entry)) {
      throw new DomainError(
        ErrorCode.ObjectProtected,
        `"${entry.dn}" is a built-in or critical system group and cannot be deleted.`,
        { field: 'group.distinguishedName' },
      );
    }

    const pending = await this.audit.begin({
      actor,
      action: 'DELETE',
      objectClass: 'GROUP',
      affectedObject: cn,
      extraMessage: `dn=${entry.dn}`,
    });
    try {
      await this.gateway.delete(entry.dn);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return { distinguishedName: entry.dn, cn };
  }

  /** Returns the sAMAccountName of a new group: the one sent, or one derived from the cn. */
  private insertAccountName(cn: string, given: string | null | undefined): string {
    if (isGiven(given)) {
      return given as string;
    }

    const derived = defaultGroupAccountName(cn);
    const problem = checkGroupAccountName(derived);
    if (problem !== undefined) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `The sAMAccountName derived from group.cn ${problem}; send group.sAMAccountName.`,
        { field: 'group.sAMAccountName' },
      );
    }

    return derived;
  }

  /** Rejects a sAMAccountName that another object of the domain already has. */
  private async checkAccountNameFree(
    accountName: string,
    field: string,
    ownDn?: string,
  ): Promise<void> {
    const existing = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: eq('sAMAccountName', accountName),
      attributes: ['1.1'],
      sizeLimit: 2,
    });
    const other = existing.find((entry) => ownDn === undefined || !dnEquals(entry.dn, ownDn));
    if (other !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `The sAMAccountName "${accountName}" is already used by "${other.dn}".`,
        { field },
      );
    }
  }

  /** Reads a group inside the search base by DN, or throws 404 group_not_found. */
  private async findGroup(
    dn: string,
    field: string,
    attributes: string[] = GROUP_STATE_ATTRIBUTES,
  ): Promise<LdapEntry> {
    const inBase = isDescendantOrSelf(dn, this.settings.current().searchBase);
    const entry = inBase ? await this.gateway.read(dn, attributes) : undefined;
    if (entry === undefined || !hasClass(entry, 'group')) {
      throw new DomainError(ErrorCode.GroupNotFound, `Group "${dn}" does not exist.`, { field });
    }

    return entry;
  }

  /**
   * True for groups whose type only the DC's own tools should change: critical system objects,
   * RIDs below 1000, groups with the system bit, and everything in CN=Builtin.
   */
  private isProtectedGroup(entry: LdapEntry): boolean {
    const builtin = childDn(this.settings.current().searchBase, 'CN', 'Builtin');
    const groupType = entry.integer('groupType') ?? 0;

    return (
      isProtectedObject(entry) ||
      (groupType & GROUP_TYPE.SYSTEM) !== 0 ||
      isDescendantOrSelf(entry.dn, builtin)
    );
  }

  private async planUpdate(request: GroupUpdateRequest, entry: LdapEntry): Promise<UpdatePlan> {
    const plan: UpdatePlan = {
      attributeChanges: [],
      groupTypes: [],
      membersToAdd: [],
      membersToRemove: [],
      written: {},
    };
    if (request.cn !== undefined && request.cn !== groupCn(entry)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        'group.cn cannot be changed by update; rename the group with api/ou/rename/.',
        { field: 'group.cn' },
      );
    }

    const targetScope = this.planGroupType(request, entry, plan);
    await this.planAccountName(request, entry, plan);
    planAttributes(request, entry, plan);
    const added = await this.planMembers(request, entry, plan);
    await this.checkNesting(entry, targetScope, added, plan);

    return plan;
  }

  /** Works out the groupType writes and returns the scope the group will have. */
  private planGroupType(
    request: GroupUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): GroupScope | null {
    const current = decodeGroupType(entry.integer('groupType') ?? 0);
    const security = request.security ?? current.security;
    const scope = request.scope ?? current.scope;
    if (security === current.security && scope === current.scope) {
      return current.scope;
    }

    const field = scope === current.scope ? 'group.groupType' : 'group.groupScope';
    if (this.isProtectedGroup(entry)) {
      throw new DomainError(
        ErrorCode.ObjectProtected,
        `"${entry.dn}" is a built-in or critical system group; its type and scope cannot be changed.`,
        { field },
      );
    }

    if (current.scope === null || scope === null) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `"${entry.dn}" has no single scope in its groupType, so update cannot change its type.`,
        { field },
      );
    }

    const steps = scopeChangePath(current.scope, scope);
    plan.groupTypes = (steps.length === 0 ? [scope] : steps).map((step) =>
      encodeGroupType({ security, scope: step }),
    );
    plan.written.groupType = decodeGroupType(encodeGroupType({ security, scope })).names;

    return scope;
  }

  private async planAccountName(
    request: GroupUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): Promise<void> {
    const accountName = request.sAMAccountName;
    if (accountName === undefined || accountName === entry.text('sAMAccountName')) {
      return;
    }

    if (this.isProtectedGroup(entry)) {
      throw new DomainError(
        ErrorCode.ObjectProtected,
        `"${entry.dn}" is a built-in or critical system group; its sAMAccountName cannot be changed.`,
        { field: 'group.sAMAccountName' },
      );
    }

    await this.checkAccountNameFree(accountName, 'group.sAMAccountName', entry.dn);
    plan.attributeChanges.push({
      operation: 'replace',
      attribute: 'sAMAccountName',
      values: [accountName],
    });
    plan.written.sAMAccountName = accountName;
  }

  /**
   * Works out the member changes against the stored member list, so adding a present member or
   * removing an absent one sends nothing. Returns the entries of the members to add.
   */
  private async planMembers(
    request: GroupUpdateRequest,
    entry: LdapEntry,
    plan: UpdatePlan,
  ): Promise<LdapEntry[]> {
    if (request.membersToAdd.length === 0 && request.membersToRemove.length === 0) {
      return [];
    }

    const stored = new Map<string, string>();
    for (const value of await this.gateway.readAllValues(entry.dn, 'member')) {
      stored.set(normalizeDn(String(value)), String(value));
    }

    const requested = await this.resolveNewMembers(request.membersToAdd, 'group.membersToAdd');
    const added = requested.filter((member) => !stored.has(normalizeDn(member.dn)));
    plan.membersToAdd = added.map((member) => member.dn);
    plan.membersToRemove = request.membersToRemove
      .map((dn) => stored.get(normalizeDn(dn)))
      .filter((dn): dn is string => dn !== undefined);

    return added;
  }

  /**
   * Checks the nesting rules for the state the update leads to. Without a scope change only the
   * added member groups are checked. With one, every state on the way is checked against the
   * remaining member groups and against every group that contains this one.
   */
  private async checkNesting(
    entry: LdapEntry,
    targetScope: GroupScope | null,
    added: LdapEntry[],
    plan: UpdatePlan,
  ): Promise<void> {
    const current = toScopedGroup(entry);
    const addedGroups = memberGroups(added);
    if (current.scope === null || targetScope === null || current.scope === targetScope) {
      throwIfViolated(findMemberViolation(current, addedGroups));

      return;
    }

    const removed = new Set(plan.membersToRemove.map(normalizeDn));
    const base = this.settings.current().searchBase;
    const [members, parents] = await Promise.all([
      this.gateway.search(base, {
        scope: 'sub',
        filter: and(eq('objectClass', 'group'), eq('memberOf', entry.dn)),
        attributes: ['groupType'],
      }),
      this.gateway.search(base, {
        scope: 'sub',
        filter: and(eq('objectClass', 'group'), eq('member', entry.dn)),
        attributes: ['groupType'],
      }),
    ]);
    const violation = findScopeChangeViolation({
      dn: entry.dn,
      from: current.scope,
      to: targetScope,
      members: members.filter((member) => !removed.has(normalizeDn(member.dn))).map(toScopedGroup),
      addedMembers: addedGroups,
      parents: parents.map(toScopedGroup),
    });
    throwIfViolated(
      violation,
      `The scope of "${entry.dn}" cannot change from ${SCOPE_LABELS[current.scope]} to ${SCOPE_LABELS[targetScope]}.`,
    );
  }

  private async applyUpdate(dn: string, plan: UpdatePlan): Promise<AppliedMembers> {
    const applied: AppliedMembers = { added: [], removed: [] };
    for (const member of plan.membersToRemove) {
      if (await this.changeMember(dn, 'delete', member)) {
        applied.removed.push(member);
      }
    }

    const [firstType, ...laterTypes] = plan.groupTypes;
    const firstChanges: LdapChange[] = [...plan.attributeChanges];
    if (firstType !== undefined) {
      firstChanges.push({
        operation: 'replace',
        attribute: 'groupType',
        values: [String(firstType)],
      });
    }

    if (firstChanges.length > 0) {
      await this.gateway.modify(dn, firstChanges);
    }

    for (const groupType of laterTypes) {
      await this.gateway.modify(dn, [
        { operation: 'replace', attribute: 'groupType', values: [String(groupType)] },
      ]);
    }

    for (const member of plan.membersToAdd) {
      if (await this.changeMember(dn, 'add', member)) {
        applied.added.push(member);
      }
    }

    return applied;
  }

  /**
   * Adds or removes one value of a group's member attribute. A member that another client
   * added or removed meanwhile makes it a no-op: AD returns 20 for a present value and 16 for
   * an absent one, where Samba 4.17 returns 68 and 53. Returns false for such a no-op.
   */
  private async changeMember(
    group: string,
    operation: 'add' | 'delete',
    member: string,
  ): Promise<boolean> {
    try {
      await this.gateway.modify(group, [{ operation, attribute: 'member', values: [member] }]);

      return true;
    } catch (error) {
      const code = error instanceof LdapOperationError ? error.resultCode : undefined;
      const alreadyDone =
        operation === 'add'
          ? code === LdapResultCode.AttributeOrValueExists ||
            code === LdapResultCode.EntryAlreadyExists
          : code === LdapResultCode.NoSuchAttribute || code === LdapResultCode.UnwillingToPerform;
      if (!alreadyDone) {
        throw error;
      }

      this.logger.debug(
        { group, member, operation, resultCode: code },
        'Membership change was already applied; skipped',
      );

      return false;
    }
  }

  /**
   * Finds the entries of member DNs with one search per 100 DNs, and rejects a DN that the
   * search base does not contain or that names something other than a user, group, computer
   * or contact.
   */
  private async resolveNewMembers(dns: readonly string[], field: string): Promise<LdapEntry[]> {
    const base = this.settings.current().searchBase;
    const found = new Map<string, LdapEntry>();
    for (let index = 0; index < dns.length; index += MEMBER_LOOKUP_BATCH) {
      const batch = dns.slice(index, index + MEMBER_LOOKUP_BATCH);
      const entries = await this.gateway.search(base, {
        scope: 'sub',
        filter: or(...batch.map((dn) => eq('distinguishedName', dn))),
        attributes: ['objectClass', 'groupType'],
      });
      for (const entry of entries) {
        found.set(normalizeDn(entry.dn), entry);
      }
    }

    return dns.map((dn) => {
      const entry = found.get(normalizeDn(dn));
      if (entry === undefined) {
        throw new DomainError(
          ErrorCode.InvalidInput,
          `${field} contains "${dn}", which does not exist in the search base.`,
          { field },
        );
      }

      if (!MEMBER_CLASSES.some((name) => hasClass(entry, name))) {
        throw new DomainError(
          ErrorCode.InvalidInput,
          `${field} contains "${dn}", which is not a user, group, computer or contact.`,
          { field },
        );
      }

      return entry;
    });
  }

  private async resolveMembers(dns: string[]): Promise<GroupMember[]> {
    const base = this.settings.current().searchBase;
    const found = new Map<string, GroupMember>();
    for (let index = 0; index < dns.length; index += MEMBER_LOOKUP_BATCH) {
      const batch = dns.slice(index, index + MEMBER_LOOKUP_BATCH);
      const members = await this.gateway.searchEach(
        base,
        {
          scope: 'sub',
          filter: or(...batch.map((dn) => eq('distinguishedName', dn))),
          attributes: MEMBER_ATTRIBUTES,
        },
        (entry) => [normalizeDn(entry.dn), toGroupMember(entry)] as const,
      );
      for (const [key, member] of members) {
        found.set(key, member);
      }
    }

    return dns.map((dn) => found.get(normalizeDn(dn)) ?? toUnresolvedMember(dn));
  }

  private async primaryMembers(group: LdapEntry): Promise<GroupMember[]> {
    const sid = group.buffer('objectSid');
    if (sid === undefined) {
      return [];
    }

    const entries = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: eq('primaryGroupID', String(ridOf(decodeSid(sid)))),
      attributes: MEMBER_ATTRIBUTES,
    });

    return entries.map((entry) => toGroupMember(entry, true));
  }
}

function hasClass(entry: LdapEntry, name: string): boolean {
  return entry.texts('objectClass').some((value) => value.toLowerCase() === name);
}

function memberGroups(entries: readonly LdapEntry[]): ScopedGroup[] {
  return entries.filter((entry) => hasClass(entry, 'group')).map(toScopedGroup);
}

/** Drops entries whose DN came earlier in the list in another spelling. */
function uniqueEntries(entries: readonly LdapEntry[]): LdapEntry[] {
  const seen = new Set<string>();

  return entries.filter((entry) => {
    const key = normalizeDn(entry.dn);
    if (seen.has(key)) {
      return false;
    }

    seen.add(key);

    return true;
  });
}

function throwIfViolated(violation: NestingViolation | undefined, context?: string): void {
  if (violation === undefined) {
    return;
  }

  const reason = describeViolation(violation);
  throw new DomainError(
    ErrorCode.GroupNestingInvalid,
    context === undefined ? reason : `${context} ${reason}`,
    { extra: { group: violation.parent.dn, member: violation.member.dn } },
  );
}

/** Adds a REPLACE for each changed text attribute and a DELETE for each one cleared with ''. */
function planAttributes(request: GroupUpdateRequest, entry: LdapEntry, plan: UpdatePlan): void {
  for (const [attribute, value] of request.attributes) {
    const stored = entry.text(attribute) ?? '';
    if (value === stored) {
      continue;
    }

    plan.attributeChanges.push(
      value === ''
        ? { operation: 'delete', attribute, values: [] }
        : { operation: 'replace', attribute, values: [value] },
    );
    plan.written[attribute] = value;
  }
}
