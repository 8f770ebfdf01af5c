import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { IsDn, MAX_DN_LENGTH } from '../../common/validation/decorators';
import { isValidDn } from '../../ldap/syntax/dn';
import {
  checkAttributeText,
  checkCommonName,
  MAX_CN_LENGTH,
} from '../../users/dto/insert-user.dto';

/** Maximum number of member DNs one request may add or remove. */
export const MAX_MEMBER_CHANGES = 1000;

/** Maximum length of a group's sAMAccountName (the schema's rangeUpper). */
export const MAX_GROUP_ACCOUNT_NAME_LENGTH = 256;

/** Characters AD forbids in a sAMAccountName. */
const ACCOUNT_NAME_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/g;

/** Plain text attributes insert and update may write on a group, besides sAMAccountName. */
export const GROUP_TEXT_ATTRIBUTES = ['mail', 'description'] as const;

export type GroupTextAttribute = (typeof GROUP_TEXT_ATTRIBUTES)[number];

/** True when an optional field carries a value; the frontend may send it empty or null. */
export function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function hasControlCharacter(value: string): boolean {
  return [...value].some((char) => {
    const code = char.codePointAt(0) ?? 0;

    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/**
 * Returns what is wrong with a group's sAMAccountName: 1 to 256 characters, none of
 * `" / \ [ ] : ; | = , + * ? < > @`, no control characters, and not dots and spaces alone.
 * Groups are not held to the 20-character limit of user logon names.
 */
export function checkGroupAccountName(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }

  const length = [...value].length;
  if (length < 1 || length > MAX_GROUP_ACCOUNT_NAME_LENGTH) {
    return `must be 1 to ${MAX_GROUP_ACCOUNT_NAME_LENGTH} characters long`;
  }

  if (!value.isWellFormed() || hasControlCharacter(value)) {
    return 'must not contain control characters';
  }

  if (new RegExp(ACCOUNT_NAME_FORBIDDEN.source).test(value)) {
    return 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @';
  }

  if (/^[. ]+$/.test(value)) {
    return 'must not consist of dots and spaces only';
  }

  return undefined;
}

function describeJsonValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }

  if (Array.isArray(value)) {
    return 'an array';
  }

  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The first element of a member list that is not a DN, and what is wrong with it. */
export interface InvalidListElement {
  index: number;
  problem: string;
}

/** Finds the first element of a list that is not a DN in RFC 4514 syntax of 1 to 2048 characters. */
export function findInvalidDn(values: readonly unknown[]): InvalidListElement | undefined {
  const index = values.findIndex(
    (value) =>
      typeof value !== 'string' ||
      value === '' ||
      value.length > MAX_DN_LENGTH ||
      !isValidDn(value),
  );
  if (index === -1) {
    return undefined;
  }

  const value = values[index];
  const problem =
    typeof value !== 'string'
      ? `is not a valid DN: it must be a string, but it is ${describeJsonValue(value)}`
      : value === '' || value.length > MAX_DN_LENGTH
        ? `is not a valid DN: it must be 1 to ${MAX_DN_LENGTH} characters long`
        : 'is not a valid DN in RFC 4514 syntax, such as CN=Jane Doe,CN=Users,DC=example,DC=com';

  return { index, problem };
}

/**
 * Validates every element of an array property as a DN and names the first invalid one with its
 * index, as in `group.member[2] is not a valid DN …`. `parentPath` is the path of the object
 * that contains the property, because class-validator passes only the property name. A value that
 * is not an array passes, so IsArray reports it.
 */
function IsDnList(parentPath: string): PropertyDecorator {
  return ValidateBy({
    name: 'isDnList',
    validator: {
      validate: (value: unknown) => !Array.isArray(value) || findInvalidDn(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => {
        const value: unknown = args?.value;
        const invalid = Array.isArray(value) ? findInvalidDn(value) : undefined;
        const element = `${parentPath}.${args?.property ?? '$property'}[${invalid?.index ?? 0}]`;

        return `${element} ${invalid?.problem ?? 'is not a valid DN'}`;
      },
    },
  });
}

/** Derives a sAMAccountName from a cn, replacing each character AD forbids with `_`. */
export function defaultGroupAccountName(cn: string): string {
  return cn.replace(ACCOUNT_NAME_FORBIDDEN, '_');
}

function validateWith(name: string, check: (value: unknown) => string | undefined) {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => check(value) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `$property ${check(args?.value) ?? 'is invalid'}`,
    },
  });
}

/** The group to create. Every key is listed here, so any other key is a 400. */
export class GroupToInsert {
  @ApiProperty({
    description: 'Name of the group (its RDN value), 1 to 64 characters.',
    example: 'Sales Team',
    maxLength: MAX_CN_LENGTH,
  })
  @validateWith('isCommonName', checkCommonName)
  cn: string;

  @ApiPropertyOptional({
    type: String,
    description: "DN of the parent container; empty or absent means the domain's Users container.",
    example: 'OU=Groups,DC=example,DC=com',
  })
  @ValidateIf((group: GroupToInsert) => isGiven(group.path))
  @IsDn()
  path?: string | null;

  @ApiProperty({ description: '0 distribution, 1 security.', enum: [0, 1] })
  @IsIn([0, 1])
  groupType: number;

  @ApiProperty({ description: '0 global, 1 domain local, 2 universal.', enum: [0, 1, 2] })
  @IsIn([0, 1, 2])
  groupScope: number;

  @ApiPropertyOptional({
    type: String,
    description:
      'Pre-Windows 2000 name. Defaults to the cn with each of " / \\ [ ] : ; | = , + * ? < > @ replaced by _.',
    maxLength: MAX_GROUP_ACCOUNT_NAME_LENGTH,
  })
  @ValidateIf((group: GroupToInsert) => isGiven(group.sAMAccountName))
  @validateWith('isGroupAccountName', checkGroupAccountName)
  sAMAccountName?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 256 })
  @ValidateIf((group: GroupToInsert) => isGiven(group.mail))
  @validateWith('isMail', (value) => checkAttributeText('mail', value))
  mail?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 1024 })
  @ValidateIf((group: GroupToInsert) => isGiven(group.description))
  @validateWith('isDescription', (value) => checkAttributeText('description', value))
  description?: string | null;

  @ApiPropertyOptional({
    description: 'DNs of the initial members (users, groups, computers or contacts).',
    type: [String],
    maxItems: MAX_MEMBER_CHANGES,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBER_CHANGES)
  @IsDnList('group')
  member?: string[] | null;

  @ApiPropertyOptional({
    description: 'More initial member DNs; merged with member.',
    type: [String],
    maxItems: MAX_MEMBER_CHANGES,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEMBER_CHANGES)
  @IsDnList('group')
  membersToAdd?: string[] | null;
}

/** Body of `POST api/groups/insert/`. */
export class InsertGroupDto {
  @ApiProperty({ type: GroupToInsert })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GroupToInsert)
  group: GroupToInsert;
}

export class InsertedGroupResponse {
  @ApiProperty({ example: 'CN=Sales Team,CN=Users,DC=example,DC=com' })
  distinguishedName: string;

  @ApiProperty({ example: 'Sales Team' })
  cn: string;

  @ApiProperty({ example: 'Sales Team' })
  sAMAccountName: string;

  @ApiProperty({ type: [String], example: ['GROUP_SECURITY', 'GROUP_GLOBAL'] })
  groupType: string[];

  @ApiProperty({
    type: [String],
    description: 'DNs of the members written, as the directory spells them.',
  })
  member: string[];
}

export class InsertGroupResponse extends OkResponse {
  @ApiProperty({ type: InsertedGroupResponse })
  data: InsertedGroupResponse;
}
