import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import {
  formatGeneralizedTime,
  InvalidGeneralizedTimeError,
  parseGeneralizedTime,
} from './generalized-time';

describe(parseGeneralizedTime.name, () => {
  it.each([
    ['20240131154501.0Z', '2024-01-31T15:45:01.000Z'],
    ['20240131154501Z', '2024-01-31T15:45:01.000Z'],
    ['20240131154501.123Z', '2024-01-31T15:45:01.123Z'],
    ['20240131154501,5Z', '2024-01-31T15:45:01.500Z'],
    ['20240131154501.1234567Z', '2024-01-31T15:45:01.123Z'],
    ['202401311545Z', '2024-01-31T15:45:00.000Z'],
    ['202401311545.5Z', '2024-01-31T15:45:30.000Z'],
    ['2024013115Z', '2024-01-31T15:00:00.000Z'],
    ['2024013115.25Z', '2024-01-31T15:15:00.000Z'],
    ['20240131154501+0100', '2024-01-31T14:45:01.000Z'],
    ['20240131154501-0530', '2024-01-31T21:15:01.000Z'],
    ['20240131154501.0+01', '2024-01-31T14:45:01.000Z'],
    ['20240101003000+0100', '2023-12-31T23:30:00.000Z'],
    ['20240229120000.0Z', '2024-02-29T12:00:00.000Z'],
    ['20000229000000.0Z', '2000-02-29T00:00:00.000Z'],
    ['16010101000000.0Z', '1601-01-01T00:00:00.000Z'],
    ['00500101000000.0Z', '0050-01-01T00:00:00.000Z'],
    ['99991231235959.0Z', '9999-12-31T23:59:59.000Z'],
    ['20161231235960Z', '2017-01-01T00:00:00.000Z'],
  ])('parses %s', (value, iso) => {
    const date = parseGeneralizedTime(value);

    expect(date.toISOString()).toBe(iso);
  });

  it.each([
    ['empty', '', 'expected YYYYMMDDHH'],
    ['no zone', '20240131154501.0', 'expected YYYYMMDDHH'],
    ['lower-case z', '20240131154501.0z', 'expected YYYYMMDDHH'],
    ['ISO 8601 form', '2024-01-31T15:45:01Z', 'expected YYYYMMDDHH'],
    ['odd digits', '2024013115450Z', 'expected YYYYMMDDHH'],
    ['empty fraction', '20240131154501.Z', 'expected YYYYMMDDHH'],
    ['three-digit offset', '20240131154501+010', 'expected YYYYMMDDHH'],
    ['month 13', '20241331000000Z', 'month 13 is outside 1-12'],
    ['month 0', '20240031000000Z', 'month 0 is outside 1-12'],
    ['day 0', '20240100000000Z', 'day 0 is outside 1-31'],
    ['April 31', '20240431000000Z', 'day 31 is outside 1-30'],
    ['February 29 in 2023', '20230229000000Z', 'day 29 is outside 1-28'],
    ['February 29 in 1900', '19000229000000Z', 'day 29 is outside 1-28'],
    ['hour 24', '20240131240000Z', 'hour 24 is outside 0-23'],
    ['minute 60', '20240131236000Z', 'minute 60 is outside 0-59'],
    ['second 61', '20240131235961Z', 'second 61 is outside 0-60'],
    ['offset hour 24', '20240131000000+2400', 'offset hour 24 is outside 0-23'],
    ['offset minute 60', '20240131000000+0160', 'offset minute 60 is outside 0-59'],
  ])('rejects %s', (_case, value, reason) => {
    const act = () => parseGeneralizedTime(value);

    expect(act).toThrow(InvalidGeneralizedTimeError);
    expect(act).toThrow(reason);
  });

  it('names the value in the error', () => {
    const act = () => parseGeneralizedTime('yesterday');

    expect(act).toThrow('Invalid GeneralizedTime "yesterday": expected');
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => parseGeneralizedTime('x');

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(formatGeneralizedTime.name, () => {
  it('formats as Active Directory does', () => {
    const formatted = formatGeneralizedTime(new Date('2024-01-31T15:45:01Z'));

    expect(formatted).toBe('20240131154501.0Z');
  });

  it('drops milliseconds', () => {
    const formatted = formatGeneralizedTime(new Date('2024-01-31T15:45:01.999Z'));

    expect(formatted).toBe('20240131154501.0Z');
  });

  it('pads every field', () => {
    const formatted = formatGeneralizedTime(new Date('0050-02-03T04:05:06Z'));

    expect(formatted).toBe('00500203040506.0Z');
  });

  it('writes UTC', () => {
    const formatted = formatGeneralizedTime(new Date('2024-01-01T00:30:00+01:00'));

    expect(formatted).toBe('20231231233000.0Z');
  });

  it('round-trips with parseGeneralizedTime', () => {
    const value = '19991231235959.0Z';

    const formatted = formatGeneralizedTime(parseGeneralizedTime(value));

    expect(formatted).toBe(value);
  });

  it('rejects an invalid Date', () => {
    const act = () => formatGeneralizedTime(new Date(Number.NaN));

    expect(act).toThrow('Cannot format an invalid Date as GeneralizedTime');
  });

  it.each(['+010000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z'])('rejects %s', (iso) => {
    const act = () => formatGeneralizedTime(new Date(iso));

    expect(act).toThrow(InvalidGeneralizedTimeError);
  });
});
