import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

import { DomainError, ErrorCode } from '../../common/errors';
import { OkResponse } from '../../common/http/api-responses';
import { MAX_DN_LENGTH } from '../../common/validation/decorators';
import { GroupScope } from '../../ldap/codecs/group-type';
import { dnEquals, isValidDn, normalizeDn } from '../../ldap/syntax/dn';
import { checkAttributeText, checkCommonName } from '../../users/dto/insert-user.dto';
import {
  checkGroupAccountName,
  findInvalidDn,
  GROUP_TEXT_ATTRIBUTES,
  GroupTextAttribute,
  MAX_MEMBER_CHANGES,
} from './insert-group.dto';

/** Body of `PUT api/groups/update/`: the group object from fetch, edited, under `group`. */
export class UpdateGroupDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The object returned by fetch, edited. Found by distinguishedName. Writable: groupType (0 distribution, 1 security), groupScope (0 global, 1 domain local, 2 universal), mail and description ("" clears one), sAMAccountName, membersToAdd and membersToRemove (member DNs). Read-only keys that fetch returns (cn when unchanged, member, objectSid, objectRid, headers, groupType as a list of names) are ignored.',
  })
  @IsObject()
  group: Record<string, unknown>;
}

export class UpdateGroupResponse extends OkResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'distinguishedName and cn of the group, then what was changed: groupType (names) when the type or scope changed, each written attribute with its new value ("" when cleared), membersToAdd and membersToRemove with only the member DNs actually added and removed, as the directory spells them.',
  })
  data: Record<string, unknown>;
}

/** Keys fetch returns that update ignores, because the frontend sends the fetched object back. */
const READ_ONLY_KEYS = new Set(['member', 'objectSid', 'objectRid', 'headers', 'objectClass']);

const REQUEST_SCOPES: readonly GroupScope[] = ['global', 'domain_local', 'universal'];

/** A validated update request; undefined members were not sent. */
export interface GroupUpdateRequest {
  distinguishedName: string;
  /** The cn as sent; update cannot rename, so it must equal the stored one. */
  cn?: string;
  security?: boolean;
  scope?: GroupScope;
  sAMAccountName?: string;
  /** Plain text attributes to write; `''` clears one. */
  attributes: Map<GroupTextAttribute, string>;
  membersToAdd: string[];
  membersToRemove: string[];
}

function invalid(key: string, problem: string): DomainError {
  return new DomainError(ErrorCode.InvalidInput, `group.${key} ${problem}.`, {
    field: `group.${key}`,
  });
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function parseDistinguishedName(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid('distinguishedName', 'is required: send the DN that fetch returned');
  }

  if (value.length > MAX_DN_LENGTH || !isValidDn(value)) {
    throw invalid('distinguishedName', 'must be a distinguished name in RFC 4514 syntax');
  }

  return value;
}

/** Reads groupType: 0 or 1 is a change, the list of names that fetch returns is ignored. */
function parseSecurity(value: unknown): boolean | undefined {
  if (value === undefined || value === null || Array.isArray(value)) {
    return undefined;
  }

  if (value !== 0 && value !== 1) {
    throw invalid('groupType', 'must be 0 (distribution) or 1 (security)');
  }

  return value === 1;
}

function parseScope(value: unknown): GroupScope | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }

  if (value !== 0 && value !== 1 && value !== 2) {
    throw invalid('groupScope', 'must be 0 (global), 1 (domain local) or 2 (universal)');
  }

  return REQUEST_SCOPES[value];
}

/** Validates a list of member DNs and drops repeats of one DN in another spelling. */
function parseMemberList(key: string, value: unknown): string[] {
  if (value === undefined || value === null) {
    return [];
  }

  if (!Array.isArray(value) || value.length > MAX_MEMBER_CHANGES) {
    throw invalid(key, `must be an array of at most ${MAX_MEMBER_CHANGES} member DNs`);
  }

  const invalidElement = findInvalidDn(value);
  if (invalidElement !== undefined) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `group.${key}[${invalidElement.index}] ${invalidElement.problem}.`,
      { field: `group.${key}` },
    );
  }

  const seen = new Set<string>();
  const dns: string[] = [];
  for (const dn of value as string[]) {
    const normalized = normalizeDn(dn);
    if (!seen.has(normalized)) {
      seen.add(normalized);
      dns.push(dn);
    }
  }

  return dns;
}

/**
 * Validates the `group` object of an update before anything is read or written. Read-only keys
 * are ignored; an unknown key is ignored when it is empty and rejected otherwise, so a typo
 * cannot look like a successful change.
 */
export function parseGroupUpdate(group: Record<string, unknown>): GroupUpdateRequest {
  const request: GroupUpdateRequest = {
    distinguishedName: parseDistinguishedName(group.distinguishedName),
    security: parseSecurity(group.groupType),
    scope: parseScope(group.groupScope),
    attributes: new Map(),
    membersToAdd: parseMemberList('membersToAdd', group.membersToAdd),
    membersToRemove: parseMemberList('membersToRemove', group.membersToRemove),
  };

  const handled = new Set([
    'distinguishedName',
    'groupType',
    'groupScope',
    'membersToAdd',
    'membersToRemove',
  ]);
  for (const [key, value] of Object.entries(group)) {
    if (handled.has(key) || READ_ONLY_KEYS.has(key)) {
      continue;
    }

    if ((GROUP_TEXT_ATTRIBUTES as readonly string[]).includes(key)) {
      const text = value === null ? '' : value;
      const problem = checkAttributeText(key, text);
      if (problem !== undefined) {
        throw invalid(key, problem);
      }

      request.attributes.set(key as GroupTextAttribute, text as string);
      continue;
    }

    if (key === 'cn') {
      const problem = checkCommonName(value);
      if (problem !== undefined) {
        throw invalid(key, problem);
      }

      request.cn = value as string;
      continue;
    }

    if (key === 'sAMAccountName') {
      const problem = checkGroupAccountName(value);
      if (problem !== undefined) {
        throw invalid(key, problem);
      }

      request.sAMAccountName = value as string;
      continue;
    }

    if (!isEmpty(value)) {
      throw invalid(key, 'is not an attribute that update can write');
    }
  }

  const overlap = request.membersToAdd.find((dn) =>
    request.membersToRemove.some((other) => dnEquals(dn, other)),
  );
  if (overlap !== undefined) {
    throw invalid('membersToAdd', `and group.membersToRemove both contain "${overlap}"`);
  }

  return request;
}
