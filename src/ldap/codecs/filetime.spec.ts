import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import {
  ACCOUNT_NEVER_EXPIRES,
  dateToFileTime,
  decodeAccountExpires,
  encodeAccountExpires,
  fileTimeToDate,
  intervalToMilliseconds,
  InvalidFileTimeError,
} from './filetime';

// Pairs computed from the definition: 100-ns ticks since 1601-01-01T00:00:00Z.
const VECTORS: [string, string][] = [
  ['116444736000000000', '1970-01-01T00:00:00.000Z'],
  ['133000000000000000', '2022-06-18T04:26:40.000Z'],
  ['10000', '1601-01-01T00:00:00.001Z'],
  ['116444736000010000', '1970-01-01T00:00:00.001Z'],
  ['116444735999990000', '1969-12-31T23:59:59.999Z'],
  ['125911584000000000', '2000-01-01T00:00:00.000Z'],
  ['2650467743999990000', '9999-12-31T23:59:59.999Z'],
];

describe(fileTimeToDate.name, () => {
  it.each(VECTORS)('converts %s', (fileTime, iso) => {
    const date = fileTimeToDate(fileTime);

    expect(date?.toISOString()).toBe(iso);
  });

  it('matches whenCreated of a Samba account', () => {
    // pwdLastSet of Administrator on a Samba 4.17 DC, set when the account was created
    // (whenCreated 20261204205755.0Z).
    const date = fileTimeToDate('134408914759064010');

    expect(date?.toISOString()).toBe('2026-12-04T20:57:55.906Z');
  });

  it('accepts a bigint', () => {
    const date = fileTimeToDate(116444736000000000n);

    expect(date?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('keeps precision beyond 2^53', () => {
    const date = fileTimeToDate('133000000000010000');

    expect(date?.toISOString()).toBe('2022-06-18T04:26:40.001Z');
  });

  it('reads one tick as the start of 1601', () => {
    const date = fileTimeToDate('1');

    expect(date?.toISOString()).toBe('1601-01-01T00:00:00.000Z');
  });

  it('truncates to the millisecond', () => {
    const date = fileTimeToDate('116444736000009999');

    expect(date?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('returns null for 0', () => {
    expect(fileTimeToDate('0')).toBeNull();
    expect(fileTimeToDate(0n)).toBeNull();
  });

  it('accepts leading zeros', () => {
    const date = fileTimeToDate('0116444736000000000');

    expect(date?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('returns null after year 9999', () => {
    expect(fileTimeToDate('2650467744000000000')).toBeNull();
    expect(fileTimeToDate(ACCOUNT_NEVER_EXPIRES)).toBeNull();
  });

  it.each(['', '-1', ' 1', '1 ', '+1', '1.5', '1e5', '0x10', 'abc', '9223372036854775808'])(
    'rejects %j',
    (value) => {
      const act = () => fileTimeToDate(value);

      expect(act).toThrow(InvalidFileTimeError);
    },
  );

  it('rejects a negative bigint', () => {
    const act = () => fileTimeToDate(-1n);

    expect(act).toThrow('Invalid FILETIME -1; expected between 0 and 2^63 - 1');
  });

  it('names the value in the error', () => {
    const act = () => fileTimeToDate('soon');

    expect(act).toThrow('Invalid FILETIME "soon"; expected a decimal integer');
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => fileTimeToDate('x');

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(dateToFileTime.name, () => {
  it.each(VECTORS)('converts back to %s', (fileTime, iso) => {
    const converted = dateToFileTime(new Date(iso));

    expect(converted).toBe(fileTime);
  });

  it('round-trips with fileTimeToDate', () => {
    const date = new Date('2031-07-04T12:34:56.789Z');

    const roundTripped = fileTimeToDate(dateToFileTime(date));

    expect(roundTripped).toEqual(date);
  });

  it('rejects an invalid Date', () => {
    const act = () => dateToFileTime(new Date('not a date'));

    expect(act).toThrow('Cannot convert an invalid Date to a FILETIME');
  });

  it('rejects a date before 1601', () => {
    const act = () => dateToFileTime(new Date('1600-12-31T23:59:59.999Z'));

    expect(act).toThrow(InvalidFileTimeError);
  });

  it('rejects a date after 9999', () => {
    const act = () => dateToFileTime(new Date('+010000-01-01T00:00:00.000Z'));

    expect(act).toThrow('expected a date from 1601 to 9999');
  });
});

describe(decodeAccountExpires.name, () => {
  it('returns null for 0', () => {
    expect(decodeAccountExpires('0')).toBeNull();
  });

  it('returns null for 2^63 - 1', () => {
    expect(decodeAccountExpires('9223372036854775807')).toBeNull();
    expect(decodeAccountExpires(9223372036854775807n)).toBeNull();
  });

  it('decodes an expiry date', () => {
    const date = decodeAccountExpires('133000000000000000');

    expect(date?.toISOString()).toBe('2022-06-18T04:26:40.000Z');
  });

  it('rejects invalid input', () => {
    const act = () => decodeAccountExpires('-1');

    expect(act).toThrow(InvalidFileTimeError);
  });
});

describe(encodeAccountExpires.name, () => {
  it('writes never as 2^63 - 1', () => {
    const encoded = encodeAccountExpires(null);

    expect(encoded).toBe('9223372036854775807');
  });

  it('writes a date as FILETIME', () => {
    const encoded = encodeAccountExpires(new Date('2022-06-18T04:26:40.000Z'));

    expect(encoded).toBe('133000000000000000');
  });

  it('round-trips never', () => {
    const decoded = decodeAccountExpires(encodeAccountExpires(null));

    expect(decoded).toBeNull();
  });
});

describe(intervalToMilliseconds.name, () => {
  it('converts a negative interval', () => {
    // -18000000000 ticks is 30 minutes.
    const milliseconds = intervalToMilliseconds('-18000000000');

    expect(milliseconds).toBe(1_800_000);
  });

  it('converts a positive interval', () => {
    const milliseconds = intervalToMilliseconds(18000000000n);

    expect(milliseconds).toBe(1_800_000);
  });

  it('converts 42 days of maxPwdAge', () => {
    const milliseconds = intervalToMilliseconds('-36288000000000');

    expect(milliseconds).toBe(42 * 24 * 3600 * 1000);
  });

  it('returns 0 for 0', () => {
    expect(intervalToMilliseconds('0')).toBe(0);
  });

  it('returns null for the smallest 64-bit value', () => {
    expect(intervalToMilliseconds('-9223372036854775808')).toBeNull();
  });

  it.each(['', '--1', '-', '1.0', '-9223372036854775809', '9223372036854775808'])(
    'rejects %j',
    (value) => {
      const act = () => intervalToMilliseconds(value);

      expect(act).toThrow(InvalidFileTimeError);
    },
  );
});
