import { DomainError, ErrorCode } from '../common/errors';
import {
  buildDnsRecord,
  buildDnsTombstone,
  DnsType,
  encodeDnsRecord,
  NewDnsRecordData,
} from '../ldap/codecs/dns-record';
import { checkRecordConflicts, checkRemovalAllowed, storedValues } from './dns-record-rules';

function value(data: NewDnsRecordData, ttlSeconds = 900): Buffer {
  return encodeDnsRecord(buildDnsRecord(data, { ttlSeconds, serial: 3 }));
}

const A1: NewDnsRecordData = { kind: 'A', address: '10.0.0.1' };
const A2: NewDnsRecordData = { kind: 'A', address: '10.0.0.2' };
const AAAA: NewDnsRecordData = { kind: 'AAAA', address: '2001:db8::1' };
const CNAME: NewDnsRecordData = { kind: 'CNAME', nameNode: 'target.example.lan' };
const TXT: NewDnsRecordData = { kind: 'TXT', strings: ['hello'] };
const NS1: NewDnsRecordData = { kind: 'NS', nameNode: 'ns1.example.lan' };
const NS2: NewDnsRecordData = { kind: 'NS', nameNode: 'ns2.example.lan' };
const SOA: NewDnsRecordData = {
  kind: 'SOA',
  dwSerialNo: 3,
  dwRefresh: 900,
  dwRetry: 600,
  dwExpire: 86400,
  dwMinimumTtl: 3600,
  namePrimaryServer: 'ns1.example.lan',
  zoneAdminEmail: 'hostmaster.example.lan',
};

function candidate(data: NewDnsRecordData) {
  return { type: DnsType[data.kind], data };
}

function codeOf(check: () => void): string | undefined {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) {
      return error.code;
    }

    throw error;
  }

  return undefined;
}

describe(checkRecordConflicts.name, () => {
  it.each([
    ['a second A value', [A1], A2, undefined],
    ['A next to AAAA', [AAAA], A1, undefined],
    ['the same A value', [A1], A1, ErrorCode.DnsRecordExists],
    [
      'the same host name in other case',
      [CNAME],
      { kind: 'CNAME', nameNode: 'TARGET.example.lan.' },
      ErrorCode.DnsRecordExists,
    ],
    ['a CNAME next to an A', [A1], CNAME, ErrorCode.DnsRecordTypeConflict],
    ['a CNAME next to a TXT', [TXT], CNAME, ErrorCode.DnsRecordTypeConflict],
    [
      'a second CNAME',
      [CNAME],
      { kind: 'CNAME', nameNode: 'other.example.lan' },
      ErrorCode.DnsRecordTypeConflict,
    ],
    ['an A next to a CNAME', [CNAME], A1, ErrorCode.DnsRecordTypeConflict],
    ['a TXT next to a CNAME', [CNAME], TXT, ErrorCode.DnsRecordTypeConflict],
    ['a second SOA', [SOA], { ...SOA, dwSerialNo: 9 }, ErrorCode.DnsRecordExists],
    ['a CNAME in an empty node', [], CNAME, undefined],
  ] as const)('%s gives %p', (_case, existing, added, expected) => {
    const values = storedValues(existing.map((data) => value(data as NewDnsRecordData)));

    expect(
      codeOf(() => checkRecordConflicts('www', values, candidate(added as NewDnsRecordData))),
    ).toBe(expected);
  });

  it('allows the same value with another TTL to be checked without itself', () => {
    expect(codeOf(() => checkRecordConflicts('www', [], candidate(A1)))).toBeUndefined();
  });

  it('ignores tombstones', () => {
    const values = storedValues([encodeDnsRecord(buildDnsTombstone(new Date(0), 1))]);

    expect(codeOf(() => checkRecordConflicts('www', values, candidate(CNAME)))).toBeUndefined();
  });

  describe('TXT data of one name', () => {
    /** TXT data of `bytes` bytes in wire form, in strings of one length byte and 255 bytes. */
    const txtOf = (bytes: number, fill = 'x'): NewDnsRecordData => {
      const strings: string[] = [];
      for (let left = bytes; left > 0; left -= 256) {
        strings.push(fill.repeat(Math.min(255, left - 1)));
      }

      return { kind: 'TXT', strings };
    };

    it('accepts TXT records that reach 8192 bytes together', () => {
      const values = storedValues([value(txtOf(4096))]);

      expect(
        codeOf(() => checkRecordConflicts('www', values, candidate(txtOf(4096, 'y')))),
      ).toBeUndefined();
    });

    it('rejects TXT records over 8192 bytes together', () => {
      const values = storedValues([value(txtOf(4096)), value(txtOf(4000, 'y'))]);

      expect(() => checkRecordConflicts('www', values, candidate(txtOf(97)), 'record')).toThrow(
        expect.objectContaining({
          code: ErrorCode.DnsRecordFieldInvalid,
          field: 'record.stringData',
        }) as Error,
      );
    });

    it('does not count other types', () => {
      const values = storedValues([value(A1), value(AAAA)]);

      expect(
        codeOf(() => checkRecordConflicts('www', values, candidate(txtOf(8192)))),
      ).toBeUndefined();
    });
  });

  it('names the field in the error', () => {
    const values = storedValues([value(A1)]);

    expect(() => checkRecordConflicts('www', values, candidate(A1), 'record')).toThrow(
      expect.objectContaining({ field: 'record' }) as Error,
    );
  });
});

describe(checkRemovalAllowed.name, () => {
  const apex = [value(SOA), value(NS1), value(NS2), value(A1)];

  it('allows removing one of two NS records', () => {
    expect(
      codeOf(() => checkRemovalAllowed('@', storedValues(apex), [apex[1]], 'record')),
    ).toBeUndefined();
  });

  it('rejects removing the last NS at the apex', () => {
    expect(
      codeOf(() => checkRemovalAllowed('@', storedValues(apex), [apex[1], apex[2]], 'record')),
    ).toBe(ErrorCode.DnsRecordNotDeletable);
  });

  it('rejects removing the SOA', () => {
    expect(codeOf(() => checkRemovalAllowed('@', storedValues(apex), [apex[0]], 'record'))).toBe(
      ErrorCode.DnsRecordNotDeletable,
    );
  });

  it('allows removing NS records below the apex', () => {
    const delegation = [value(NS1)];

    expect(
      codeOf(() => checkRemovalAllowed('sub', storedValues(delegation), delegation, 'record')),
    ).toBeUndefined();
  });
});
