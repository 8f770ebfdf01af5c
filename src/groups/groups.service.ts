import { Injectable } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapGateway } from '../ldap/ldap-gateway';
import { normalizeDn } from '../ldap/syntax/dn';
import { and, eq, or, present } from '../ldap/syntax/filter-builder';
import { AuditService } from '../logs/audit.service';
import {
  GROUP_FETCH_ATTRIBUTES,
  GROUP_LIST_ATTRIBUTES,
  GroupDetails,
  GroupListItem,
  GroupMember,
  MEMBER_ATTRIBUTES,
  toGroupDetails,
  toGroupListItem,
  toGroupMember,
  toUnresolvedMember,
} from './group.mapper';

/** DNs per OR filter when resolving members, to keep filters well below server limits. */
const MEMBER_LOOKUP_BATCH = 100;

@Injectable()
export class GroupsService {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
  ) {}

  /**
   * Lists groups sorted by name. `hasMembers` comes from a second paged search for groups with
   * a `member` value, so no member list is downloaded.
   */
  async list(actor: string): Promise<GroupListItem[]> {
    const base = this.settings.current().searchBase;
    const [groups, withMembers] = await Promise.all([
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
    ]);
    const nonEmpty = new Set(withMembers.map((entry) => normalizeDn(entry.dn)));
    await this.audit.record({ actor, action: 'READ', objectClass: 'GROUP', affectedObject: 'ALL' });

    return groups
      .map((entry) => toGroupListItem(entry, nonEmpty.has(normalizeDn(entry.dn))))
      .sort((left, right) => left.cn.localeCompare(right.cn, 'en', { sensitivity: 'base' }));
  }

  /**
   * Fetches a group with every member. The `member` values are read by range retrieval, past
   * AD's 1,500 values per read, and resolved with one search per 100 members. The users whose
   * primary group it is are added too, because AD lists them in no `member` attribute.
   */
  async fetch(dn: string, actor: string): Promise<GroupDetails> {
    const group = await this.gateway.read(dn, GROUP_FETCH_ATTRIBUTES);
    const isGroup = group?.texts('objectClass').some((name) => name.toLowerCase() === 'group');
    if (group === undefined || isGroup !== true) {
      throw new DomainError(ErrorCode.GroupNotFound, `Group "${dn}" does not exist.`, {
        field: 'group',
      });
    }

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
  }

  private async resolveMembers(dns: string[]): Promise<GroupMember[]> {
    const base = this.settings.current().searchBase;
    const found = new Map<string, LdapEntry>();
    for (let index = 0; index < dns.length; index += MEMBER_LOOKUP_BATCH) {
      const batch = dns.slice(index, index + MEMBER_LOOKUP_BATCH);
      const entries = await this.gateway.search(base, {
        scope: 'sub',
        filter: or(...batch.map((dn) => eq('distinguishedName', dn))),
        attributes: MEMBER_ATTRIBUTES,
      });
      for (const entry of entries) {
        found.set(normalizeDn(entry.dn), entry);
      }
    }

    return dns.map((dn) => {
      const entry = found.get(normalizeDn(dn));

      return entry === undefined ? toUnresolvedMember(dn) : toGroupMember(entry);
    });
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
