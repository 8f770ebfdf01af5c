import { DomainError, ErrorCode } from '../common/errors';

/** Maximum length of an RDN value per attribute type (rangeUpper of cn and ou in the AD schema). */
const RDN_VALUE_LIMITS: Record<string, number> = { cn: 64, ou: 64 };

/** Limit for other RDN types. It is the rangeUpper of `name`, which mirrors every RDN. */
const DEFAULT_RDN_VALUE_LIMIT = 255;

/** Characters AD rejects in sAMAccountName, and whitespace, which no computer name contains. */
const FORBIDDEN_COMPUTER_NAME_CHARACTERS = /["/\\[\]:;|=,+*?<>@\s]/u;

/** Maximum length of a NetBIOS computer name. Its sAMAccountName adds a `$`. */
export const MAX_COMPUTER_NAME_LENGTH = 15;

function containsControlCharacter(value: string): boolean {
  for (const char of value) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
      return true;
    }
  }

  return false;
}

function invalid(field: string, problem: string): DomainError {
  return new DomainError(ErrorCode.InvalidInput, `${field} ${problem}.`, { field });
}

/**
 * Checks the value of a new RDN, taken literally: `OU=x` is a value that contains `=`, and DN
 * metacharacters are escaped later by the DN helpers. Leading and trailing spaces are kept.
 * A rename first removes a leading `<type>=` with renameValue.
 *
 * @throws DomainError invalid_input naming `field`.
 */
export function checkRdnValue(value: unknown, type: string, field: string): string {
  const limit = RDN_VALUE_LIMITS[type.toLowerCase()] ?? DEFAULT_RDN_VALUE_LIMIT;
  if (typeof value !== 'string') {
    throw invalid(field, 'must be a string');
  }

  if (value.trim() === '' || [...value].length > limit || !value.isWellFormed()) {
    throw invalid(field, `must be 1 to ${limit} characters of valid text and not blank`);
  }

  if (containsControlCharacter(value)) {
    throw invalid(field, 'must not contain control characters');
  }

  return value;
}

/**
 * Returns the value a rename gives the RDN of type `type`. A value that starts with that type
 * and `=` (`CN=Jane Doe` for a CN object, compared ignoring case) loses that prefix, and the
 * rest is taken literally, without unescaping. Any other value, including one with `=` elsewhere
 * or with another type (`OU=x` for a CN object), is returned unchanged.
 */
export function renameValue(value: unknown, type: string): unknown {
  const prefix = `${type}=`.toLowerCase();
  if (typeof value !== 'string' || value.slice(0, prefix.length).toLowerCase() !== prefix) {
    return value;
  }

  return value.slice(prefix.length);
}

/**
 * Returns the sAMAccountName of a new computer account, `NAME$`: the name upper-cased, at most
 * 15 characters, without the characters AD forbids in account names, without whitespace, not
 * starting with a period and not only digits (Windows naming rules for computers).
 *
 * @throws DomainError invalid_input naming `field`.
 */
export function computerAccountName(name: string, field: string): string {
  const upper = name.toUpperCase();
  if ([...upper].length > MAX_COMPUTER_NAME_LENGTH) {
    throw invalid(field, `must be at most ${MAX_COMPUTER_NAME_LENGTH} characters for a computer`);
  }

  if (FORBIDDEN_COMPUTER_NAME_CHARACTERS.test(upper)) {
    throw invalid(
      field,
      'must not contain spaces or any of " / \\ [ ] : ; | = , + * ? < > @ for a computer',
    );
  }

  if (upper.startsWith('.') || /^\d+$/.test(upper)) {
    throw invalid(field, 'must not start with a period or consist only of digits for a computer');
  }

  return `${upper}$`;
}
