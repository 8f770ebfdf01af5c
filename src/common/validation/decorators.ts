import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

import { isValidDn } from '../../ldap/syntax/dn';

/** Returns what is wrong with a value, as the end of a sentence that starts with the field name. */
type ValueCheck = (value: unknown) => string | undefined;

export const MAX_DN_LENGTH = 2048;
export const MAX_USERNAME_LENGTH = 256;
export const MAX_PASSWORD_LENGTH = 512;
export const MAX_PAGE_SIZE = 1000;
export const MAX_CURSOR_LENGTH = 2048;
export const MAX_SEARCH_LENGTH = 256;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DECIMAL_DIGITS = /^[0-9]+$/;

/**
 * Builds a validator with one constraint and one message that states exactly what failed, instead
 * of stacking IsString, Length and Matches, which would report three messages for one problem.
 */
function validateWith(
  name: string,
  check: ValueCheck,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => check(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `$property ${check(args?.value) ?? 'is invalid'}`,
      },
    },
    validationOptions,
  );
}

/** Length in Unicode code points, so a non-ASCII letter counts once. */
function codePointLength(value: string): number {
  return [...value].length;
}

function checkStringLength(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'string') {
    return 'must be a string';
  }

  const length = codePointLength(value);
  if (length < min || length > max) {
    return `must be ${min} to ${max} characters long`;
  }

  // A lone UTF-16 surrogate is not text: it cannot be sent to the directory as UTF-8.
  if (!value.isWellFormed()) {
    return 'must be valid Unicode text';
  }

  return undefined;
}

/** C0 controls, DEL and C1 controls. */
function containsControlCharacter(value: string): boolean {
  for (const char of value) {
    const codePoint = char.codePointAt(0) ?? 0;
    // C0 and C1 controls, and the Unicode line and paragraph separators.
    if (
      codePoint < 0x20 ||
      (codePoint >= 0x7f && codePoint <= 0x9f) ||
      codePoint === 0x2028 ||
      codePoint === 0x2029
    ) {
      return true;
    }
  }

  return false;
}

function checkDn(value: unknown): string | undefined {
  const lengthProblem = checkStringLength(value, 1, MAX_DN_LENGTH);
  if (lengthProblem !== undefined) {
    return lengthProblem;
  }

  if (!isValidDn(value as string)) {
    return (
      'must be a distinguished name in RFC 4514 syntax, ' +
      'such as CN=Jane Doe,CN=Users,DC=example,DC=com'
    );
  }

  return undefined;
}

function checkUsername(value: unknown): string | undefined {
  const lengthProblem = checkStringLength(value, 1, MAX_USERNAME_LENGTH);
  if (lengthProblem !== undefined) {
    return lengthProblem;
  }

  const username = value as string;
  if (username.trim() === '') {
    return 'must not be blank';
  }

  if (containsControlCharacter(username)) {
    return 'must not contain control characters';
  }

  return undefined;
}

function checkPassword(value: unknown): string | undefined {
  const lengthProblem = checkStringLength(value, 1, MAX_PASSWORD_LENGTH);
  if (lengthProblem !== undefined) {
    return lengthProblem;
  }

  if ((value as string).includes('\0')) {
    return 'must not contain NUL characters';
  }

  return undefined;
}

function checkSearchText(value: unknown): string | undefined {
  const lengthProblem = checkStringLength(value, 0, MAX_SEARCH_LENGTH);
  if (lengthProblem !== undefined) {
    return lengthProblem;
  }

  if (containsControlCharacter(value as string)) {
    return 'must not contain control characters';
  }

  return undefined;
}

function checkPageSize(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    return `must be an integer from 1 to ${MAX_PAGE_SIZE}`;
  }

  return undefined;
}

function checkCursor(value: unknown): string | undefined {
  const lengthProblem = checkStringLength(value, 1, MAX_CURSOR_LENGTH);
  if (lengthProblem !== undefined) {
    return lengthProblem;
  }

  if (!BASE64URL.test(value as string)) {
    return 'must be a cursor returned as next_cursor by a previous page';
  }

  return undefined;
}

/** Converts a query-string number such as `"100"` to 100 and leaves anything else to the check. */
function parseDecimalString({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value;
}

/**
 * Validates a distinguished name in RFC 4514 string syntax, 1 to 2048 characters. Escaped
 * metacharacters (`\,`, `\+`, `\"`, hex pairs) and non-ASCII letters are accepted as they are.
 */
export function IsDn(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isDn', checkDn, validationOptions),
    ApiProperty({
      type: String,
      minLength: 1,
      maxLength: MAX_DN_LENGTH,
      example: 'CN=Jane Doe,CN=Users,DC=example,DC=com',
    }),
  );
}

/**
 * Validates an account name as typed at login: 1 to 256 characters, not blank, without control
 * characters. Filter and DN metacharacters (`* ( ) \ , + " # ;`), surrounding spaces and
 * non-ASCII letters are accepted, so code that puts the name into a filter or DN must escape it.
 */
export function IsUsername(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isUsername', checkUsername, validationOptions),
    ApiProperty({ type: String, minLength: 1, maxLength: MAX_USERNAME_LENGTH }),
  );
}

/** Validates a password: 1 to 512 characters without NUL. Messages never include the value. */
export function IsPassword(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isPassword', checkPassword, validationOptions),
    ApiProperty({ type: String, format: 'password', minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  );
}

/** Validates a page size from 1 to 1000, converting a query-string value such as `"100"` first. */
/** Free search text: at most 256 characters, no control characters; metacharacters are fine. */
export function IsSearchText(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isSearchText', checkSearchText, validationOptions),
    ApiProperty({ type: String, maxLength: MAX_SEARCH_LENGTH, required: false }),
  );
}

export function IsPageSize(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(parseDecimalString),
    validateWith('isPageSize', checkPageSize, validationOptions),
    ApiProperty({ type: Number, minimum: 1, maximum: MAX_PAGE_SIZE }),
  );
}

/** Validates an opaque paging cursor: unpadded base64url, 1 to 512 characters. */
export function IsCursor(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isCursor', checkCursor, validationOptions),
    ApiProperty({
      type: String,
      maxLength: MAX_CURSOR_LENGTH,
      pattern: BASE64URL.source,
      description: 'The next_cursor value of the previous page.',
    }),
  );
}

function checkRowId(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return 'is required';
  }

  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return `must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}`;
  }

  return undefined;
}

/** Validates a database row id: a positive safe integer, with one message for every problem. */
export function IsRowId(validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    validateWith('isRowId', checkRowId, validationOptions),
    ApiProperty({ type: Number, minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  );
}
