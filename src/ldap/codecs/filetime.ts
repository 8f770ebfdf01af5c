import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when a value is not a FILETIME or a date cannot be written as one. */
export class InvalidFileTimeError extends LdapSyntaxError {}

/** Largest signed 64-bit integer. In `accountExpires` it means the account never expires. */
export const ACCOUNT_NEVER_EXPIRES = '9223372036854775807';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const TICKS_PER_MILLISECOND = 10_000n;
/** Milliseconds from 1601-01-01T00:00:00Z, where FILETIME counts from, to the Unix epoch. */
const EPOCH_OFFSET_MS = 11_644_473_600_000n;
const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function parseTicks(value: string | bigint, allowNegative: boolean): bigint {
  const pattern = allowNegative ? /^-?[0-9]+$/ : /^[0-9]+$/;
  if (typeof value === 'string' && !pattern.test(value)) {
    throw new InvalidFileTimeError(`Invalid FILETIME "${value}"; expected a decimal integer`);
  }

  const ticks = BigInt(value);
  if (ticks > INT64_MAX || ticks < (allowNegative ? INT64_MIN : 0n)) {
    const range = allowNegative ? 'a signed 64-bit integer' : 'between 0 and 2^63 - 1';
    throw new InvalidFileTimeError(`Invalid FILETIME ${value}; expected ${range}`);
  }

  return ticks;
}

/**
 * Converts a FILETIME (100-ns ticks since 1601-01-01 UTC, as `lastLogon`, `pwdLastSet` and
 * `lockoutTime` hold it) to a Date, truncated to the millisecond. `0` means never and returns
 * null. A value after 9999-12-31 also returns null: only "never" sentinels reach that far, and
 * an ISO 8601 string cannot show such a year with four digits.
 */
export function fileTimeToDate(value: string | bigint): Date | null {
  const ticks = parseTicks(value, false);
  if (ticks === 0n) {
    return null;
  }

  const milliseconds = Number(ticks / TICKS_PER_MILLISECOND - EPOCH_OFFSET_MS);
  if (milliseconds > MAX_DATE_MS) {
    return null;
  }

  return new Date(milliseconds);
}

/** Converts a Date between 1601-01-01 and 9999-12-31 UTC to a FILETIME decimal string. */
export function dateToFileTime(date: Date): string {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) {
    throw new InvalidFileTimeError('Cannot convert an invalid Date to a FILETIME');
  }

  const ticks = (BigInt(milliseconds) + EPOCH_OFFSET_MS) * TICKS_PER_MILLISECOND;
  if (ticks < 0n || milliseconds > MAX_DATE_MS) {
    throw new InvalidFileTimeError(
      `Cannot convert ${date.toISOString()} to a FILETIME; expected a date from 1601 to 9999`,
    );
  }

  return ticks.toString();
}

/** Decodes `accountExpires`, where both `0` and 2^63 - 1 mean the account never expires. */
export function decodeAccountExpires(value: string | bigint): Date | null {
  const ticks = parseTicks(value, false);
  if (ticks === INT64_MAX) {
    return null;
  }

  return fileTimeToDate(ticks);
}

/**
 * Encodes `accountExpires`. null ("never") is written as 2^63 - 1, the value AD gives a new
 * account, so a cleared expiry reads like one that was never set. AD also accepts `0`, which
 * is what Active Directory Users and Computers writes when an expiry is cleared.
 */
export function encodeAccountExpires(date: Date | null): string {
  if (date === null) {
    return ACCOUNT_NEVER_EXPIRES;
  }

  return dateToFileTime(date);
}

/**
 * Converts an interval attribute such as `lockoutDuration`, `lockOutObservationWindow` or
 * `maxPwdAge` to milliseconds. AD stores these as negative tick counts, so the sign is dropped.
 * The smallest 64-bit value means "forever" and returns null. What `0` means depends on the
 * attribute (for `lockoutDuration` it means "until an administrator unlocks").
 */
export function intervalToMilliseconds(value: string | bigint): number | null {
  const ticks = parseTicks(value, true);
  if (ticks === INT64_MIN) {
    return null;
  }

  const magnitude = ticks < 0n ? -ticks : ticks;

  return Number(magnitude / TICKS_PER_MILLISECOND);
}
