import { buildDnsRecord, decodeDnsRecord, encodeDnsRecord } from '../ldap/codecs/dns-record';
import {
  findSoa,
  isSerialGreater,
  nextSoaSerial,
  replaceSoaChanges,
  withSoaSerial,
} from './soa-serial';

const SOA_DATA = {
  kind: 'SOA' as const,
  dwSerialNo: 41,
  dwRefresh: 900,
  dwRetry: 600,
  dwExpire: 86400,
  dwMinimumTtl: 3600,
  namePrimaryServer: 'dc1.example.lan',
  zoneAdminEmail: 'hostmaster.example.lan',
};

function soaValue(serial = 41): Buffer {
  return encodeDnsRecord(
    buildDnsRecord({ ...SOA_DATA, dwSerialNo: serial }, { ttlSeconds: 3600, serial }),
  );
}

describe(nextSoaSerial.name, () => {
  it.each([
    [0, 1],
    [1, 2],
    [2_024_010_199, 2_024_010_200],
    [0x7fff_ffff, 0x8000_0000],
    [0xffff_fffe, 0xffff_ffff],
  ])('follows %i with %i', (serial, expected) => {
    expect(nextSoaSerial(serial)).toBe(expected);
  });

  it('wraps 4294967295 to 1, skipping 0', () => {
    expect(nextSoaSerial(0xffff_ffff)).toBe(1);
  });

  it('gives a successor that is greater under RFC 1982', () => {
    for (const serial of [0, 1, 0x7fff_ffff, 0xffff_fffe, 0xffff_ffff]) {
      expect(isSerialGreater(nextSoaSerial(serial), serial)).toBe(true);
    }
  });

  it.each([-1, 1.5, 2 ** 32, Number.NaN])('rejects %p', (serial) => {
    expect(() => nextSoaSerial(serial)).toThrow(RangeError);
  });
});

describe(isSerialGreater.name, () => {
  it.each([
    [2, 1, true],
    [1, 2, false],
    [5, 5, false],
    [0, 0xffff_ffff, true],
    [0xffff_ffff, 0, false],
    [0x7fff_ffff, 0, true],
    [0x8000_0000, 0, false],
    [0, 0x8000_0000, false],
  ])('compares %i with %i as %p', (candidate, current, expected) => {
    expect(isSerialGreater(candidate, current)).toBe(expected);
  });
});

describe(findSoa.name, () => {
  it('finds the SOA among the apex values', () => {
    const ns = encodeDnsRecord(
      buildDnsRecord({ kind: 'NS', nameNode: 'dc1.example.lan' }, { ttlSeconds: 3600, serial: 1 }),
    );
    const soa = soaValue();

    const found = findSoa([ns, soa]);

    expect(found?.bytes).toBe(soa);
    expect(found?.record.data.dwSerialNo).toBe(41);
  });

  it('returns undefined without SOA', () => {
    expect(findSoa([])).toBeUndefined();
  });
});

describe(withSoaSerial.name, () => {
  it('changes the serial in the data and the header only', () => {
    const soa = findSoa([soaValue(41)])!;

    const next = decodeDnsRecord(withSoaSerial(soa, 42));

    expect(next).toEqual({
      ...soa.record,
      serial: 42,
      data: { ...SOA_DATA, dwSerialNo: 42 },
    });
  });
});

describe(replaceSoaChanges.name, () => {
  it('deletes the exact old value and adds the new one', () => {
    const soa = findSoa([soaValue(41)])!;
    const next = withSoaSerial(soa, 42);

    expect(replaceSoaChanges(soa, next)).toEqual([
      { operation: 'delete', attribute: 'dnsRecord', values: [soa.bytes] },
      { operation: 'add', attribute: 'dnsRecord', values: [next] },
    ]);
  });
});
