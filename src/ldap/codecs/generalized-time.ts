import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when a string is not an LDAP GeneralizedTime or a Date cannot be written as one. */
export class InvalidGeneralizedTimeError extends LdapSyntaxError {}

// RFC 4517, section 3.3.13: minutes and seconds are optional, a fraction (after `.` or `,`)
// applies to the last unit given, and the zone is `Z` or an offset of hours and minutes.
const GENERALIZED_TIME =
  /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d+))?(Z|([+-])(\d{2})(\d{2})?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

function fail(value: string, reason: string): never {
  throw new InvalidGeneralizedTimeError(`Invalid GeneralizedTime "${value}": ${reason}`);
}

function checkRange(value: string, field: string, number: number, min: number, max: number): void {
  if (number < min || number > max) {
    fail(value, `${field} ${number} is outside ${min}-${max}`);
  }
}

/**
 * Parses an LDAP GeneralizedTime such as `whenCreated` (`20240131154501.0Z`) into a Date.
 * Fractions are kept to the millisecond. A leap second (`60`) becomes the first millisecond of
 * the next minute, because a Date cannot hold it. A value without a time zone is rejected since
 * RFC 4517 requires one.
 */
export function parseGeneralizedTime(value: string): Date {
  const match = GENERALIZED_TIME.exec(value);
  if (!match) {
    return fail(value, 'expected YYYYMMDDHH[MM[SS]][.fraction](Z|+hhmm|-hhmm)');
  }

  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction] = match;
  const [zone, sign, offsetHourText, offsetMinuteText] = match.slice(8);
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText ?? '0');
  const second = Number(secondText ?? '0');
  checkRange(value, 'month', month, 1, 12);
  checkRange(value, 'day', day, 1, daysInMonth(year, month));
  checkRange(value, 'hour', hour, 0, 23);
  checkRange(value, 'minute', minute, 0, 59);
  checkRange(value, 'second', second, 0, 60);

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  let milliseconds = date.getTime();
  if (fraction !== undefined) {
    const unit =
      secondText !== undefined
        ? MS_PER_SECOND
        : minuteText !== undefined
          ? MS_PER_MINUTE
          : MS_PER_HOUR;
    milliseconds += Math.floor(Number(`0.${fraction}`) * unit);
  }

  if (zone !== 'Z') {
    const offsetHour = Number(offsetHourText);
    const offsetMinute = Number(offsetMinuteText ?? '0');
    checkRange(value, 'offset hour', offsetHour, 0, 23);
    checkRange(value, 'offset minute', offsetMinute, 0, 59);
    const offset = offsetHour * MS_PER_HOUR + offsetMinute * MS_PER_MINUTE;
    // The digits are local time at the offset, so UTC is local time minus the offset.
    milliseconds += sign === '+' ? -offset : offset;
  }

  return new Date(milliseconds);
}

function daysInMonth(year: number, month: number): number {
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

  return month === 2 && isLeapYear ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Formats a Date as `YYYYMMDDHHMMSS.0Z` in UTC, the form Active Directory returns. The
 * milliseconds are dropped because AD stores these times to the second.
 */
export function formatGeneralizedTime(date: Date): string {
  const milliseconds = date.getTime();
  if (Number.isNaN(milliseconds)) {
    throw new InvalidGeneralizedTimeError('Cannot format an invalid Date as GeneralizedTime');
  }

  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new InvalidGeneralizedTimeError(
      `Cannot format year ${year} as GeneralizedTime; expected 0000-9999`,
    );
  }

  const pad = (number: number, width = 2): string => String(number).padStart(width, '0');

  return (
    pad(year, 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    '.0Z'
  );
}
