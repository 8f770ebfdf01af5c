import { decodeAccountExpires } from '../ldap/codecs/filetime';
import { samAccountTypeName } from '../ldap/codecs/sam-account-type';
import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { UAC, UAC_COMPUTED, uacToNames } from '../ldap/codecs/user-account-control';
import { firstRdnValue } from '../ldap/syntax/dn';
import { LdapEntry } from '../ldap/ldap-entry';

/** Columns of the users list, in the order the web frontend shows them. */
export const USER_LIST_HEADERS = ['givenName', 'sn', 'sAMAccountName', 'mail', 'is_enabled'];

export const USER_LIST_ATTRIBUTES = [
  'givenName',
  'sn',
  'displayName',
  'sAMAccountName',
  'mail',
  'userAccountControl',
];

/** Attributes of a user fetch that are copied into the response as text when present. */
export const USER_TEXT_ATTRIBUTES = [
  'givenName',
  'sn',
  'displayName',
  'initials',
  'sAMAccountName',
  'mail',
  'telephoneNumber',
  'mobile',
  'streetAddress',
  'postalCode',
  'l',
  'st',
  'countryCode',
  'co',
  'c',
  'wWWHomePage',
  'userPrincipalName',
  'userAccountControl',
  'whenCreated',
  'whenChanged',
  'lastLogon',
  'lastLogonTimestamp',
  'badPwdCount',
  'pwdLastSet',
  'lockoutTime',
  'primaryGroupID',
  'objectCategory',
];

export const USER_FETCH_ATTRIBUTES = [
  ...USER_TEXT_ATTRIBUTES,
  'objectClass',
  'objectSid',
  'sAMAccountType',
  'accountExpires',
  'memberOf',
  'msDS-User-Account-Control-Computed',
  'isCriticalSystemObject',
];

/**
 * Keys that fetch and fetchme return as read-only or computed. The update endpoints ignore them,
 * because the web frontend sends the whole fetched object back.
 */
export const READ_ONLY_USER_KEYS = [
  'name',
  'type',
  'username',
  'builtin',
  'objectClass',
  'objectCategory',
  'objectSid',
  'objectRid',
  'sAMAccountType',
  'whenCreated',
  'whenChanged',
  'lastLogon',
  'lastLogonTimestamp',
  'logonCount',
  'badPwdCount',
  'badPasswordTime',
  'pwdLastSet',
  'lockoutTime',
  'is_enabled',
  'is_locked',
  'can_change_pwd',
  'memberOfObjects',
  'msDS-User-Account-Control-Computed',
] as const;

/** True for the values a client sends to mean "no value". */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

export interface UserListItem {
  givenName: string;
  sn: string;
  displayName: string;
  sAMAccountName: string;
  username: string;
  mail: string;
  distinguishedName: string;
  is_enabled: boolean;
}

export interface GroupReference {
  name: string;
  distinguishedName: string;
  type: 'Group';
  objectSid?: string;
  objectRid?: number;
  objectCategory?: string;
  objectClass?: string[];
  is_primary?: boolean;
}

export type UserDetails = Record<string, unknown> & {
  name: string;
  distinguishedName: string;
  username: string;
  is_enabled: boolean;
  is_locked: boolean;
  permission_list: string[];
  accountExpires: string | null;
  memberOfObjects: GroupReference[];
};

export function toUserListItem(entry: LdapEntry): UserListItem {
  const username = entry.text('sAMAccountName') ?? '';

  return {
    givenName: entry.text('givenName') ?? '',
    sn: entry.text('sn') ?? '',
    displayName: entry.text('displayName') ?? '',
    sAMAccountName: username,
    username,
    mail: entry.text('mail') ?? '',
    distinguishedName: entry.dn,
    is_enabled: isEnabled(entry),
  };
}

/** Builds the fetch response of one user; `groups` already ends with the primary group. */
export function toUserDetails(entry: LdapEntry, groups: GroupReference[]): UserDetails {
  const details: Record<string, unknown> = {};
  for (const attribute of USER_TEXT_ATTRIBUTES) {
    const value = entry.text(attribute);
    if (value !== undefined) {
      details[attribute] = value;
    }
  }

  const objectCategory = entry.text('objectCategory');
  const objectClass = entry.texts('objectClass');
  const sidBytes = entry.buffer('objectSid');
  const sid = sidBytes === undefined ? undefined : decodeSid(sidBytes);
  const samAccountType = entry.integer('sAMAccountType');
  const uac = entry.integer('userAccountControl') ?? 0;
  const locked = isLocked(entry);
  const permissions: string[] = uacToNames(uac);
  if (locked && !permissions.includes('LDAP_UF_LOCKOUT')) {
    permissions.push('LDAP_UF_LOCKOUT');
  }

  const accountExpires = entry.text('accountExpires');
  const expires = accountExpires === undefined ? null : decodeAccountExpires(accountExpires);

  return {
    ...details,
    name: firstRdnValue(entry.dn),
    distinguishedName: entry.dn,
    type: objectCategory === undefined ? undefined : firstRdnValue(objectCategory),
    username: entry.text('sAMAccountName') ?? '',
    objectClass,
    objectSid: sid,
    objectRid: sid === undefined ? undefined : ridOf(sid),
    sAMAccountType: samAccountType === undefined ? undefined : samAccountTypeName(samAccountType),
    is_enabled: (uac & UAC.ACCOUNTDISABLE) === 0,
    is_locked: locked,
    permission_list: permissions,
    accountExpires: expires === null ? null : expires.toISOString(),
    memberOfObjects: groups,
  };
}

export function toGroupReference(entry: LdapEntry, isPrimary = false): GroupReference {
  const sidBytes = entry.buffer('objectSid');
  const sid = sidBytes === undefined ? undefined : decodeSid(sidBytes);
  const reference: GroupReference = {
    name: entry.text('cn') ?? firstRdnValue(entry.dn),
    distinguishedName: entry.dn,
    type: 'Group',
    objectSid: sid,
    objectRid: sid === undefined ? undefined : ridOf(sid),
    objectCategory: entry.text('objectCategory'),
    objectClass: entry.texts('objectClass'),
  };
  if (isPrimary) {
    reference.is_primary = true;
  }

  return reference;
}

function isEnabled(entry: LdapEntry): boolean {
  return ((entry.integer('userAccountControl') ?? 0) & UAC.ACCOUNTDISABLE) === 0;
}

/** Locked is read from the computed attribute: modern DCs never store the lockout bit in UAC. */
function isLocked(entry: LdapEntry): boolean {
  return (
    ((entry.integer('msDS-User-Account-Control-Computed') ?? 0) & UAC_COMPUTED.UF_LOCKOUT) !== 0
  );
}
