import { decodeGroupType } from '../ldap/codecs/group-type';
import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import { firstRdnValue } from '../ldap/syntax/dn';
import { ScopedGroup } from './group-nesting';

/** Columns of the groups list, in the order the web frontend shows them. */
export const GROUP_LIST_HEADERS = ['cn', 'groupType', 'hasMembers'];
export const GROUP_FETCH_HEADERS = ['cn', 'mail', 'member', 'groupType', 'objectSid'];

export const GROUP_LIST_ATTRIBUTES = ['cn', 'groupType'];
export const GROUP_FETCH_ATTRIBUTES = [
  'cn',
  'sAMAccountName',
  'mail',
  'description',
  'groupType',
  'objectSid',
  'objectClass',
];
export const MEMBER_ATTRIBUTES = [
  'cn',
  'sAMAccountName',
  'givenName',
  'sn',
  'objectCategory',
  'objectClass',
];

export interface GroupListItem {
  cn: string;
  groupType: string[];
  hasMembers: boolean;
  distinguishedName: string;
}

export interface GroupMember {
  name: string;
  distinguishedName: string;
  type?: string;
  cn?: string;
  sAMAccountName?: string;
  username?: string;
  givenName?: string;
  sn?: string;
  objectCategory?: string;
  objectClass?: string[];
  groupname?: string;
  /** True for users whose primary group this is; AD lists them in no member attribute. */
  primary?: boolean;
}

export interface GroupDetails {
  cn: string;
  sAMAccountName?: string;
  mail?: string;
  description?: string;
  distinguishedName: string;
  groupType: string[];
  objectSid?: string;
  objectRid?: number;
  member: GroupMember[];
}

export function groupTypeNames(entry: LdapEntry): string[] {
  const value = entry.integer('groupType');

  return value === undefined ? [] : decodeGroupType(value).names;
}

export function toGroupListItem(entry: LdapEntry, hasMembers: boolean): GroupListItem {
  return {
    cn: entry.text('cn') ?? firstRdnValue(entry.dn),
    groupType: groupTypeNames(entry),
    hasMembers,
    distinguishedName: entry.dn,
  };
}

/** Describes one member found in the directory. */
export function toGroupMember(entry: LdapEntry, primary = false): GroupMember {
  const objectCategory = entry.text('objectCategory');
  const objectClass = entry.texts('objectClass');
  const username = entry.text('sAMAccountName');
  const member: GroupMember = {
    name: entry.text('cn') ?? firstRdnValue(entry.dn),
    distinguishedName: entry.dn,
    type: objectCategory === undefined ? undefined : firstRdnValue(objectCategory),
    cn: entry.text('cn'),
    sAMAccountName: username,
    username,
    givenName: entry.text('givenName'),
    sn: entry.text('sn'),
    objectCategory,
    objectClass,
  };
  if (objectClass.map((name) => name.toLowerCase()).includes('group')) {
    member.groupname = username;
  }

  if (primary) {
    member.primary = true;
  }

  return member;
}

/** Describes a member the search base does not contain (another domain, a foreign principal). */
export function toUnresolvedMember(dn: string): GroupMember {
  return { name: firstRdnValue(dn), distinguishedName: dn };
}

export function toGroupDetails(entry: LdapEntry, members: GroupMember[]): GroupDetails {
  const sidBytes = entry.buffer('objectSid');
  const sid = sidBytes === undefined ? undefined : decodeSid(sidBytes);

  return {
    cn: entry.text('cn') ?? firstRdnValue(entry.dn),
    sAMAccountName: entry.text('sAMAccountName'),
    mail: entry.text('mail'),
    description: entry.text('description'),
    distinguishedName: entry.dn,
    groupType: groupTypeNames(entry),
    objectSid: sid,
    objectRid: sid === undefined ? undefined : ridOf(sid),
    member: members,
  };
}

/** Response data of a created group. */
export interface InsertedGroup {
  distinguishedName: string;
  cn: string;
  sAMAccountName: string;
  groupType: string[];
  /** DNs of the members written, as the directory spells them. */
  member: string[];
}

/** Response data of a deleted group. */
export interface DeletedGroup {
  distinguishedName: string;
  cn: string;
}

/** Returns the cn of an entry, or the value of its RDN when cn was not read. */
export function groupCn(entry: LdapEntry): string {
  return entry.text('cn') ?? firstRdnValue(entry.dn);
}

/** Returns a group's DN and scope for the nesting rules; null scope for unscoped groups. */
export function toScopedGroup(entry: LdapEntry): ScopedGroup {
  const value = entry.integer('groupType');

  return { dn: entry.dn, scope: value === undefined ? null : decodeGroupType(value).scope };
}
