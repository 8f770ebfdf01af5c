import { DomainError, ErrorCode } from '../common/errors';
import { buildDnsRecord, encodeDnsRecord } from '../ldap/codecs/dns-record';
import { parseRecordInput, parseStoredReference, parseUnsigned } from './dns-record-input';

const ZONE = 'example.lan';

function failure(check: () => unknown): { code: string; field?: string } {
  try {
    check();
  } catch (error) {
    if (error instanceof DomainError) {
      return { code: error.code, field: error.field };
    }

    throw error;
  }

  throw new Error('expected the input to be rejected');
}

function insert(record: Record<string, unknown>) {
  return parseRecordInput({ zone: ZONE, name: 'www', ttl: 900, ...record }, 'insert');
}

describe(parseRecordInput.name, () => {
  it('reads an A record', () => {
    expect(insert({ type: 1, address: '10.0.0.5' })).toEqual({
      zone: ZONE,
      name: 'www',
      type: 1,
      ttl: 900,
      data: { kind: 'A', address: '10.0.0.5' },
      createPtr: false,
    });
  });

  it('reads numbers sent as strings, as the frontend does', () => {
    const input = insert({
      type: '15',
      ttl: '3600',
      wPreference: '10',
      nameExchange: 'mx.example.lan.',
    });

    expect(input.ttl).toBe(3600);
    expect(input.data).toEqual({ kind: 'MX', wPreference: 10, nameExchange: 'mx.example.lan' });
  });

  it('reads type 35 with nameNode as PTR', () => {
    expect(insert({ type: 35, nameNode: 'host.example.lan' }).type).toBe(12);
  });

  it('splits a long TXT string into 255-byte pieces', () => {
    const input = insert({ type: 16, stringData: 'x'.repeat(600) });

    expect(input.data).toEqual({
      kind: 'TXT',
      strings: ['x'.repeat(255), 'x'.repeat(255), 'x'.repeat(90)],
    });
  });

  it('keeps a TXT array as one string per element', () => {
    expect(insert({ type: 16, stringData: ['a', 'b c'] }).data).toEqual({
      kind: 'TXT',
      strings: ['a', 'b c'],
    });
  });

  it('keeps the listed strings of an unchanged TXT on update', () => {
    const input = parseRecordInput(
      { zone: ZONE, name: 'www', ttl: 60, type: 16, stringData: 'ab', strings: ['a', 'b'], id: 3 },
      'update',
    );

    expect(input.data).toEqual({ kind: 'TXT', strings: ['a', 'b'] });
  });

  it('normalizes an IPv6 address', () => {
    expect(insert({ type: 28, address: '2001:DB8:0:0::1' }).data).toEqual({
      kind: 'AAAA',
      address: '2001:db8::1',
    });
  });

  it('accepts @ and a wildcard name', () => {
    expect(insert({ type: 1, address: '10.0.0.5', name: '@' }).name).toBe('@');
    expect(insert({ type: 1, address: '10.0.0.5', name: '*.dev' }).name).toBe('*.dev');
  });

  it.each([
    ['no record', undefined, ErrorCode.DnsRecordNotInRequest, 'record'],
    [
      'no type',
      { zone: ZONE, name: 'www', ttl: 900 },
      ErrorCode.DnsRecordAttributeMissing,
      'record.type',
    ],
    [
      'no zone',
      { name: 'www', ttl: 900, type: 1, address: '10.0.0.1' },
      ErrorCode.DnsRecordAttributeMissing,
      'record.zone',
    ],
    [
      'no name',
      { zone: ZONE, ttl: 900, type: 1, address: '10.0.0.1' },
      ErrorCode.DnsRecordAttributeMissing,
      'record.name',
    ],
    [
      'no ttl',
      { zone: ZONE, name: 'www', type: 1, address: '10.0.0.1' },
      ErrorCode.DnsRecordAttributeMissing,
      'record.ttl',
    ],
    [
      'no address',
      { zone: ZONE, name: 'www', ttl: 900, type: 1 },
      ErrorCode.DnsRecordAttributeMissing,
      'record.address',
    ],
  ])('rejects %s', (_case, record, code, field) => {
    expect(failure(() => parseRecordInput(record, 'insert'))).toEqual({ code, field });
  });

  it.each([
    [
      'a short IPv4 address',
      { type: 1, address: '10.1' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.address',
    ],
    [
      'an IPv4 octet over 255',
      { type: 1, address: '300.1.1.1' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.address',
    ],
    [
      'a bad IPv6 address',
      { type: 28, address: '::g' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.address',
    ],
    [
      'an IPv4 address in AAAA',
      { type: 28, address: '10.0.0.1' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.address',
    ],
    [
      'port 70000',
      { type: 33, wPriority: 0, wWeight: 0, wPort: 70000, nameTarget: 'h.example.lan' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.wPort',
    ],
    [
      'a negative priority',
      { type: 33, wPriority: -1, wWeight: 0, wPort: 1, nameTarget: 'h.example.lan' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.wPriority',
    ],
    [
      'a fractional preference',
      { type: 15, wPreference: 1.5, nameExchange: 'mx.example.lan' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.wPreference',
    ],
    [
      'TTL -1',
      { type: 1, address: '10.0.0.1', ttl: -1 },
      ErrorCode.DnsRecordFieldInvalid,
      'record.ttl',
    ],
    [
      'TTL 2^31',
      { type: 1, address: '10.0.0.1', ttl: 2 ** 31 },
      ErrorCode.DnsRecordFieldInvalid,
      'record.ttl',
    ],
    [
      'a name with a space',
      { type: 1, address: '10.0.0.1', name: 'a b' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.name',
    ],
    [
      'a name with ..',
      { type: 1, address: '10.0.0.1', name: 'a..b' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.name',
    ],
    [
      'a name with a DN part',
      { type: 1, address: '10.0.0.1', name: 'x,DC=evil' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.name',
    ],
    [
      'a name with filter characters',
      { type: 1, address: '10.0.0.1', name: '*)(' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.name',
    ],
    [
      'a name that repeats the zone',
      { type: 1, address: '10.0.0.1', name: 'www.example.lan' },
      ErrorCode.DnsZoneInRecordName,
      'record.name',
    ],
    [
      'a name ending in a dot',
      { type: 1, address: '10.0.0.1', name: 'www.' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.name',
    ],
    [
      'a host name with an empty label',
      { type: 5, nameNode: 'a..example.lan' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.nameNode',
    ],
    [
      'a TXT string of another type',
      { type: 16, stringData: 42 },
      ErrorCode.DnsRecordFieldInvalid,
      'record.stringData',
    ],
    [
      'a TXT element over 255 bytes',
      { type: 16, stringData: ['x'.repeat(256)] },
      ErrorCode.DnsRecordFieldInvalid,
      'record.stringData[0]',
    ],
    [
      'a field of another type',
      { type: 1, address: '10.0.0.1', nameNode: 'x.example.lan' },
      ErrorCode.InvalidInput,
      'record.nameNode',
    ],
    [
      'an unknown field',
      { type: 1, address: '10.0.0.1', colour: 'red' },
      ErrorCode.InvalidInput,
      'record.colour',
    ],
    ['SOA on insert', { type: 6 }, ErrorCode.DnsRecordTypeUnsupported, 'record.type'],
    ['an unsupported type', { type: 13 }, ErrorCode.DnsRecordTypeUnsupported, 'record.type'],
    [
      'createPtr on a CNAME',
      { type: 5, nameNode: 'x.example.lan', createPtr: true },
      ErrorCode.DnsRecordFieldInvalid,
      'record.createPtr',
    ],
    [
      'a zone with a space',
      { type: 1, address: '10.0.0.1', zone: 'bad zone' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.zone',
    ],
    [
      'a CNAME to its own name',
      { type: 5, nameNode: 'WWW.Example.lan.' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.nameNode',
    ],
    [
      'a CNAME at the apex to the zone',
      { type: 5, name: '@', nameNode: 'example.lan' },
      ErrorCode.DnsRecordFieldInvalid,
      'record.nameNode',
    ],
    [
      'TXT data over 8192 bytes',
      { type: 16, stringData: 'x'.repeat(8161) },
      ErrorCode.DnsRecordFieldInvalid,
      'record.stringData',
    ],
    [
      'a TXT of 65000 bytes',
      { type: 16, stringData: 'x'.repeat(65000) },
      ErrorCode.DnsRecordFieldInvalid,
      'record.stringData',
    ],
    [
      'no TXT data',
      { type: 16, stringData: null },
      ErrorCode.DnsRecordAttributeMissing,
      'record.stringData',
    ],
  ])('rejects %s', (_case, record, code, field) => {
    expect(failure(() => insert(record))).toEqual({ code, field });
  });

  it('accepts a CNAME to a name that differs only beyond ASCII case', () => {
    const record = insert({ type: 5, name: 'k', nameNode: '\u212a.example.lan' });

    expect(record.data).toEqual({ kind: 'CNAME', nameNode: '\u212a.example.lan' });
  });

  it('reads a TXT of 8160 bytes as 32 strings', () => {
    const record = insert({ type: 16, stringData: 'x'.repeat(8160) });

    expect(record.data).toEqual({ kind: 'TXT', strings: new Array(32).fill('x'.repeat(255)) });
  });

  it.each([
    ['an empty string', ''],
    ['an array of one empty string', ['']],
  ])('reads %s as one empty TXT string', (_case, stringData) => {
    expect(insert({ type: 16, stringData }).data).toEqual({ kind: 'TXT', strings: [''] });
  });

  it.each([
    [2 ** 31, 'from 0 to 2147483647'],
    [2 ** 32, 'from 0 to 2147483647'],
    ['99999999999', 'from 0 to 2147483647'],
  ])('names the TTL range for %j', (ttl, range) => {
    expect(() => insert({ type: 1, address: '10.0.0.1', ttl })).toThrow(range);
  });

  describe('SOA timers', () => {
    const soa = {
      type: 6,
      dwSerialNo: 4294967295,
      dwRefresh: 900,
      dwRetry: 600,
      dwExpire: 86400,
      dwMinimumTtl: 3600,
      namePrimaryServer: 'ns.example.lan',
      zoneAdminEmail: 'hostmaster.example.lan',
    };
    const update = (fields: Record<string, unknown>) =>
      parseRecordInput({ zone: ZONE, name: '@', ttl: 900, ...soa, ...fields }, 'update');

    it.each(['dwRefresh', 'dwRetry', 'dwExpire', 'dwMinimumTtl'])(
      'accepts %s up to 2147483647',
      (field) => {
        expect(update({ [field]: 2147483647 }).data).toMatchObject({ [field]: 2147483647 });
      },
    );

    it.each(['dwRefresh', 'dwRetry', 'dwExpire', 'dwMinimumTtl'])(
      'rejects %s of 2147483648',
      (field) => {
        expect(failure(() => update({ [field]: 2147483648 }))).toEqual({
          code: ErrorCode.DnsRecordFieldInvalid,
          field: `record.${field}`,
        });
      },
    );

    it('accepts any 32-bit serial', () => {
      expect(update({}).data).toMatchObject({ dwSerialNo: 4294967295 });
    });
  });

  it('rejects a SOA away from the apex on update', () => {
    const soa = {
      type: 6,
      dwSerialNo: 1,
      dwRefresh: 900,
      dwRetry: 600,
      dwExpire: 86400,
      dwMinimumTtl: 3600,
      namePrimaryServer: 'ns.example.lan',
      zoneAdminEmail: 'hostmaster.example.lan',
    };

    expect(
      failure(() => parseRecordInput({ zone: ZONE, name: 'www', ttl: 900, ...soa }, 'update')),
    ).toEqual({
      code: ErrorCode.DnsSoaRootOnly,
      field: 'record.name',
    });
  });

  it('ignores listed keys on update only', () => {
    const row = { type: 1, address: '10.0.0.1', id: 1, typeName: 'A', record_bytes: 'AA==' };

    expect(parseRecordInput({ zone: ZONE, name: 'www', ttl: 900, ...row }, 'update').type).toBe(1);
    expect(failure(() => insert(row)).code).toBe(ErrorCode.InvalidInput);
  });
});

describe(parseStoredReference.name, () => {
  const bytes = encodeDnsRecord(
    buildDnsRecord({ kind: 'A', address: '10.0.0.1' }, { ttlSeconds: 900, serial: 2 }),
  );

  it('reads a listed row', () => {
    const reference = parseStoredReference(
      { name: 'www', zone: ZONE, record_bytes: bytes.toString('base64'), typeName: 'A', id: 4 },
      'records[0]',
    );

    expect(reference).toMatchObject({
      zone: ZONE,
      name: 'www',
      type: 1,
      path: 'records[0]',
      createPtr: false,
    });
    expect(reference.bytes.equals(bytes)).toBe(true);
  });

  it('takes the zone of the edited record', () => {
    expect(
      parseStoredReference(
        { name: 'www', record_bytes: bytes.toString('base64') },
        'oldRecord',
        ZONE,
      ).zone,
    ).toBe(ZONE);
  });

  it.each([
    [
      'no record_bytes',
      { name: 'www', zone: ZONE },
      ErrorCode.DnsRecordAttributeMissing,
      'records[0].record_bytes',
    ],
    [
      'record_bytes that are not base64',
      { name: 'www', zone: ZONE, record_bytes: "b'\\x04'" },
      ErrorCode.DnsRecordFieldInvalid,
      'records[0].record_bytes',
    ],
    [
      'record_bytes too short for a header',
      { name: 'www', zone: ZONE, record_bytes: 'AAAA' },
      ErrorCode.DnsRecordFieldInvalid,
      'records[0].record_bytes',
    ],
    [
      'no zone',
      { name: 'www', record_bytes: 'AAAA' },
      ErrorCode.DnsRecordAttributeMissing,
      'records[0].zone',
    ],
    [
      'a hostile name',
      { name: 'x,DC=evil', zone: ZONE, record_bytes: 'AAAA' },
      ErrorCode.DnsRecordFieldInvalid,
      'records[0].name',
    ],
  ])('rejects %s', (_case, row, code, field) => {
    expect(failure(() => parseStoredReference(row, 'records[0]'))).toEqual({ code, field });
  });
});

describe(parseUnsigned.name, () => {
  it.each([
    [0, 0],
    ['65535', 65535],
  ])('reads %p', (value, expected) => {
    expect(parseUnsigned(value, 'wPort', 0xffff)).toBe(expected);
  });

  it.each(['', ' 1', '1e3', '0x10', '-1', true, null, '65536'])('rejects %p', (value) => {
    expect(failure(() => parseUnsigned(value, 'wPort', 0xffff))).toEqual({
      code: ErrorCode.DnsRecordFieldInvalid,
      field: 'wPort',
    });
  });
});
