import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

import { OkResponse } from '../../common/http/api-responses';
import { IsDn, IsPassword } from '../../common/validation/decorators';
import { isGiven } from './user-state.dto';

/**
 * Plain text attributes an administrator may write on a user, with their maximum length in
 * characters (the `rangeUpper` of the Active Directory schema). Attributes that allow several
 * lines are marked, because control characters are otherwise rejected.
 */
export const USER_TEXT_ATTRIBUTE_LIMITS: Record<string, { max: number; multiline?: boolean }> = {
  givenName: { max: 64 },
  sn: { max: 64 },
  initials: { max: 6 },
  displayName: { max: 256 },
  mail: { max: 256 },
  telephoneNumber: { max: 64 },
  mobile: { max: 64 },
  homePhone: { max: 64 },
  facsimileTelephoneNumber: { max: 64 },
  streetAddress: { max: 1024, multiline: true },
  postOfficeBox: { max: 40 },
  postalCode: { max: 40 },
  l: { max: 128 },
  st: { max: 128 },
  co: { max: 128 },
  wWWHomePage: { max: 2048 },
  description: { max: 1024, multiline: true },
  title: { max: 128 },
  department: { max: 64 },
  company: { max: 64 },
  physicalDeliveryOfficeName: { max: 128 },
  employeeID: { max: 16 },
  employeeNumber: { max: 512 },
};

/** Maximum length of a cn (the schema's rangeUpper). */
export const MAX_CN_LENGTH = 64;
/** Maximum length of a sAMAccountName that pre-Windows 2000 logon names allow. */
export const MAX_SAM_ACCOUNT_NAME_LENGTH = 20;
/** Maximum number of flag names in a permission_list. There are 23 named userAccountControl bits. */
export const MAX_PERMISSIONS = 64;

const SAM_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;

/**
 * Tells whether a value contains a C0 or C1 control character. Tab, CR and LF count only when
 * `multiline` is false.
 */
function hasControlCharacter(value: string, multiline = false): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const allowed = multiline && (char === '\n' || char === '\r' || char === '\t');
    if (!allowed && (code < 0x20 || (code >= 0x7f && code <= 0x9f))) {
      return true;
    }
  }

  return false;
}

/**
 * Returns what is wrong with a sAMAccountName, following the rules AD applies to logon names:
 * 1 to 20 characters, none of `" / \ [ ] : ; | = , + * ? < > @`, no control characters, and not
 * made of dots and spaces alone.
 */
export function checkSamAccountName(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }

  const length = [...value].length;
  if (length < 1 || length > MAX_SAM_ACCOUNT_NAME_LENGTH) {
    return `must be 1 to ${MAX_SAM_ACCOUNT_NAME_LENGTH} characters long`;
  }

  if (!value.isWellFormed() || hasControlCharacter(value)) {
    return 'must not contain control characters';
  }

  if (SAM_FORBIDDEN.test(value)) {
    return 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @';
  }

  if (/^[. ]+$/.test(value)) {
    return 'must not consist of dots and spaces only';
  }

  return undefined;
}

/** Returns what is wrong with the value of a plain text attribute (an empty string is fine). */
export function checkAttributeText(attribute: string, value: unknown): string | undefined {
  const limit = USER_TEXT_ATTRIBUTE_LIMITS[attribute] ?? { max: MAX_CN_LENGTH };
  if (typeof value !== 'string') {
    return 'must be a string';
  }

  if ([...value].length > limit.max) {
    return `must be at most ${limit.max} characters long`;
  }

  if (!value.isWellFormed() || hasControlCharacter(value, limit.multiline)) {
    return 'must not contain control characters';
  }

  return attribute === 'wWWHomePage' ? checkWebPage(value) : undefined;
}

/** URL schemes that run code or embed content when a client shows the web page as a link. */
const UNSAFE_URL_SCHEME = /^\s*(javascript|vbscript|data|file)\s*:/i;

/** Returns what is wrong with a wWWHomePage value, or undefined when it is a harmless address. */
export function checkWebPage(value: string): string | undefined {
  return UNSAFE_URL_SCHEME.test(value)
    ? 'must be a web address (http, https, ftp or mailto), not a script or data URL'
    : undefined;
}

/** Returns what is wrong with a cn: 1 to 64 characters, not blank, no control characters. */
export function checkCommonName(value: unknown): string | undefined {
  const problem = checkAttributeText('cn', value);
  if (problem !== undefined) {
    return problem;
  }

  if ((value as string).trim() === '') {
    return 'must not be blank';
  }

  return undefined;
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

/** Validates a user attribute of USER_TEXT_ATTRIBUTE_LIMITS; empty and null mean "not set". */
function IsUserText(attribute: string): PropertyDecorator {
  return (target, property) => {
    ValidateIf((_dto: object, value: unknown) => value !== undefined && value !== null)(
      target,
      property,
    );
    validateWith('isUserText', (value) => checkAttributeText(attribute, value))(target, property);
    ApiPropertyOptional({
      type: String,
      maxLength: USER_TEXT_ATTRIBUTE_LIMITS[attribute].max,
    })(target, property);
  };
}

/** Body of `POST api/users/insert/`, flat as the web frontend sends it. */
export class InsertUserDto {
  @ApiProperty({
    description:
      'sAMAccountName, kept as typed: 1 to 20 characters, none of " / \\ [ ] : ; | = , + * ? < > @.',
    example: 'jane.doe',
    maxLength: MAX_SAM_ACCOUNT_NAME_LENGTH,
  })
  @validateWith('isSamAccountName', checkSamAccountName)
  username: string;

  @IsPassword()
  password: string;

  @IsPassword()
  passwordConfirm: string;

  @ApiPropertyOptional({
    description: "DN of the parent container; empty or absent means the domain's Users container.",
    example: 'OU=Staff,DC=example,DC=com',
  })
  @ValidateIf((dto: InsertUserDto) => isGiven(dto.path))
  @IsDn()
  path?: string | null;

  @ApiPropertyOptional({
    description:
      'userAccountControl flag names (LDAP_UF_*). NORMAL_ACCOUNT is always set; the account is enabled unless LDAP_UF_ACCOUNT_DISABLE is listed.',
    type: [String],
    example: ['LDAP_UF_DONT_EXPIRE_PASSWD'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PERMISSIONS)
  @IsString({ each: true })
  permission_list?: string[];

  @ApiPropertyOptional({
    description:
      'Name of the entry (its RDN value). Defaults to "<givenName> <sn>", else the username.',
    maxLength: MAX_CN_LENGTH,
  })
  @ValidateIf((dto: InsertUserDto) => isGiven(dto.cn))
  @validateWith('isCommonName', checkCommonName)
  cn?: string | null;

  @IsUserText('givenName') givenName?: string | null;
  @IsUserText('sn') sn?: string | null;
  @IsUserText('initials') initials?: string | null;
  @IsUserText('displayName') displayName?: string | null;
  @IsUserText('mail') mail?: string | null;
  @IsUserText('telephoneNumber') telephoneNumber?: string | null;
  @IsUserText('mobile') mobile?: string | null;
  @IsUserText('homePhone') homePhone?: string | null;
  @IsUserText('facsimileTelephoneNumber') facsimileTelephoneNumber?: string | null;
  @IsUserText('streetAddress') streetAddress?: string | null;
  @IsUserText('postOfficeBox') postOfficeBox?: string | null;
  @IsUserText('postalCode') postalCode?: string | null;
  @IsUserText('l') l?: string | null;
  @IsUserText('st') st?: string | null;

  @ApiPropertyOptional({
    description: 'Country name in English; c and countryCode are derived from it.',
    example: 'Norway',
  })
  @IsUserText('co')
  co?: string | null;

  @IsUserText('wWWHomePage') wWWHomePage?: string | null;
  @IsUserText('description') description?: string | null;
  @IsUserText('title') title?: string | null;
  @IsUserText('department') department?: string | null;
  @IsUserText('company') company?: string | null;
  @IsUserText('physicalDeliveryOfficeName') physicalDeliveryOfficeName?: string | null;
  @IsUserText('employeeID') employeeID?: string | null;
  @IsUserText('employeeNumber') employeeNumber?: string | null;
}

export class InsertUserResponse extends OkResponse {
  @ApiProperty({ description: 'sAMAccountName of the new user.', example: 'jane.doe' })
  data: string;
}
