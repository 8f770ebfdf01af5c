import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

import { DomainError, ErrorCode } from '../../common/errors';
import { OkResponse } from '../../common/http/api-responses';
import { isUacFlagName, UacFlagName } from '../../ldap/codecs/user-account-control';
import { isValidDn, normalizeDn } from '../../ldap/syntax/dn';
import { MAX_DN_LENGTH, MAX_USERNAME_LENGTH } from '../../common/validation/decorators';
import {
  checkAttributeText,
  checkCommonName,
  MAX_PERMISSIONS,
  USER_TEXT_ATTRIBUTE_LIMITS,
} from './insert-user.dto';
import { isEmptyValue, READ_ONLY_USER_KEYS } from '../user.mapper';

/** Body of `PUT api/users/update/`: the user object from fetch, edited, under `user`. */
export class UpdateUserDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The object returned by fetch, edited. Found by username. Writable: the plain text attributes (givenName, sn, initials, displayName, mail, telephoneNumber, mobile, streetAddress, postalCode, l, st, co, wWWHomePage, description, title, department, company, …; an empty string clears one), cn (renames the entry), permission_list (userAccountControl flag names; only the flags added or removed change), accountExpires (ISO 8601 or null for never), primaryGroupID, groupsToAdd and groupsToRemove (group DNs). Read-only keys that fetch returns are ignored.',
  })
  @IsObject()
  user: Record<string, unknown>;
}

export class UpdateUserResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What was changed: username, each written attribute with its new value ("" when cleared), permission_list when userAccountControl changed, groupsToAdd and groupsToRemove, primaryGroupID, and cn with the new distinguishedName after a rename.',
  })
  data: Record<string, unknown>;
}

/** Maximum number of group DNs in groupsToAdd or groupsToRemove. */
export const MAX_GROUP_CHANGES = 1000;

/**
 * Keys that fetch returns as read-only or computed, and keys handled elsewhere. Update ignores
 * them, because the frontend sends the whole fetched object back. `c` and `countryCode` are
 * always derived from `co`; `userAccountControl` from `permission_list`; `lockoutTime` is only
 * written as 0, when LDAP_UF_LOCKOUT is removed from permission_list.
 */
const IGNORED_KEYS = new Set<string>([
  ...READ_ONLY_USER_KEYS,
  'distinguishedName',
  'memberOf',
  'userAccountControl',
  'c',
  'countryCode',
]);

/** Keys update cannot change: a value equal to the stored one is ignored, another is a 400. */
export const UNCHANGEABLE_KEYS = ['sAMAccountName', 'userPrincipalName'] as const;

export type UnchangeableKey = (typeof UNCHANGEABLE_KEYS)[number];

/** A validated update request; undefined members were not sent. */
export interface UserUpdateRequest {
  username: string;
  /** Plain text attributes to write; `''` clears one. Includes `co`. */
  attributes: Map<string, string>;
  cn?: string;
  permissions?: UacFlagName[];
  /** null means "never expires". */
  accountExpires?: Date | null;
  /** The DN the client fetched; it must still be the user's DN. */
  distinguishedName?: string;
  primaryGroupId?: number;
  groupsToAdd: string[];
  groupsToRemove: string[];
  /** Values of UNCHANGEABLE_KEYS as sent, to compare with the stored ones. */
  unchangeable: Map<UnchangeableKey, string>;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function invalid(key: string, problem: string, code = ErrorCode.InvalidInput): DomainError {
  return new DomainError(code, `user.${key} ${problem}.`, { field: `user.${key}` });
}

function parseUsername(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('username', 'is required and must be a non-blank string');
  }

  if ([...value].length > MAX_USERNAME_LENGTH || !value.isWellFormed()) {
    throw invalid('username', `must be at most ${MAX_USERNAME_LENGTH} characters of valid text`);
  }

  return value;
}

function parsePermissions(value: unknown): UacFlagName[] {
  if (!Array.isArray(value) || value.length > MAX_PERMISSIONS) {
    throw invalid('permission_list', `must be an array of at most ${MAX_PERMISSIONS} flag names`);
  }

  const unknown = value.filter((name) => typeof name !== 'string' || !isUacFlagName(name));
  if (unknown.length > 0) {
    throw invalid(
      'permission_list',
      `contains unknown userAccountControl flag names: ${unknown.map((name) => JSON.stringify(name)).join(', ')}`,
      ErrorCode.PermissionMalformed,
    );
  }

  return value as UacFlagName[];
}

function parseGroupList(key: string, value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }

  if (!Array.isArray(value) || value.length > MAX_GROUP_CHANGES) {
    throw invalid(key, `must be an array of at most ${MAX_GROUP_CHANGES} group DNs`);
  }

  for (const dn of value) {
    if (typeof dn !== 'string' || dn.length > MAX_DN_LENGTH || !isValidDn(dn) || dn === '') {
      throw invalid(key, 'must contain only distinguished names in RFC 4514 syntax');
    }
  }

  // The same group twice (in any DN spelling) is one change, not a second directory round trip.
  const seen = new Set<string>();

  return (value as string[]).filter((dn) => {
    const key = normalizeDn(dn);
    if (seen.has(key)) {
      return false;
    }

    seen.add(key);

    return true;
  });
}

const FILETIME_EPOCH_MS = Date.UTC(1601, 0, 1);

/** False for dates JavaScript rolls over, such as 2024-02-30 (read as 2024-03-01). */
function isRealCalendarDate(text: string, date: Date): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const hasOffset = /[+-]\d{2}:?\d{2}$/.test(text);
  if (hasOffset) {
    return true;
  }

  return (
    date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day
  );
}

function parseAccountExpires(value: unknown): Date | null {
  if (value === null || value === '') {
    return null;
  }

  const date = typeof value === 'string' && ISO_8601.test(value) ? new Date(value) : undefined;
  const year = date?.getUTCFullYear();
  // FILETIME 0 means "never", so the first possible instant cannot be an expiry date.
  if (
    date === undefined ||
    year === undefined ||
    Number.isNaN(year) ||
    date.getTime() <= FILETIME_EPOCH_MS ||
    year > 9999 ||
    !isRealCalendarDate(value as string, date)
  ) {
    throw invalid(
      'accountExpires',
      'must be a real ISO 8601 date after 1601-01-01T00:00:00Z and before 10000, or null',
    );
  }

  return date;
}

function parsePrimaryGroupId(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[0-9]{1,10}$/.test(text) || Number(text) > 0xffffffff) {
    throw invalid('primaryGroupID', 'must be a group RID (a positive integer)');
  }

  return Number(text);
}

/**
 * Validates the `user` object of an update before anything is read or written. Read-only keys
 * are ignored; an unknown key is ignored when it is empty and rejected otherwise, so a typo
 * cannot look like a successful change.
 */
export function parseUserUpdate(user: Record<string, unknown>): UserUpdateRequest {
  const request: UserUpdateRequest = {
    username: parseUsername(user.username),
    attributes: new Map(),
    groupsToAdd: parseGroupList('groupsToAdd', user.groupsToAdd),
    groupsToRemove: parseGroupList('groupsToRemove', user.groupsToRemove),
    unchangeable: new Map(),
  };

  for (const [key, value] of Object.entries(user)) {
    if (key === 'distinguishedName' && !isEmptyValue(value)) {
      if (typeof value !== 'string' || !isValidDn(value)) {
        throw invalid(key, 'must be the distinguished name fetch returned');
      }

      request.distinguishedName = value;
      continue;
    }

    if (IGNORED_KEYS.has(key) || key === 'groupsToAdd' || key === 'groupsToRemove') {
      continue;
    }

    if (Object.hasOwn(USER_TEXT_ATTRIBUTE_LIMITS, key)) {
      const text = value === null ? '' : value;
      const problem = checkAttributeText(key, text);
      if (problem !== undefined) {
        throw invalid(key, problem);
      }

      request.attributes.set(key, text as string);
      continue;
    }

    switch (key) {
      case 'cn': {
        const problem = checkCommonName(value);
        if (problem !== undefined) {
          throw invalid(key, problem);
        }

        request.cn = value as string;
        break;
      }

      case 'permission_list':
        request.permissions = parsePermissions(value);
        break;
      case 'accountExpires':
        request.accountExpires = parseAccountExpires(value);
        break;
      case 'primaryGroupID':
        request.primaryGroupId = parsePrimaryGroupId(value);
        break;
      case 'sAMAccountName':
      case 'userPrincipalName':
        if (typeof value !== 'string') {
          throw invalid(key, 'must be a string');
        }

        request.unchangeable.set(key, value);
        break;
      default:
        if (!isEmptyValue(value)) {
          throw invalid(key, 'is not an attribute that update can write');
        }
    }
  }

  return request;
}
