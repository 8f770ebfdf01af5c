import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import {
  buildDnsRecord,
  buildDnsTombstone,
  dateToDnsTimeStamp,
  DNS_RANK_NS_GLUE,
  DNS_RANK_ZONE,
  DnsRecord,
  DnsRecordData,
  dnsTimeStampToDate,
  dnsTypeName,
  dnsTypeNumber,
  decodeDnsRecord,
  decodeDnsRecordHeader,
  encodeDnsRecord,
  InvalidDnsFieldError,
  InvalidDnsRecordError,
  MAX_TXT_DATA_BYTES,
  splitTxtString,
  txtDataLength,
  validateDnsHostName,
  validateDnsOwnerName,
  validateDnsTtl,
  validateIpv4Address,
  validateIpv6Address,
  validateTxtStrings,
  validateUint16,
  validateUint32,
} from './dns-record';
import { SAMBA_DNS_RECORDS, SambaDnsRecordName } from './dns-record.fixtures';
import { fileTimeToDate } from './filetime';

function bytes(hex: string): Buffer {
  return Buffer.from(hex.replace(/ /g, ''), 'hex');
}

function captured(name: SambaDnsRecordName): Buffer {
  return Buffer.from(SAMBA_DNS_RECORDS[name], 'base64');
}

/** Builds a record as samba-tool writes it: rank 0xF0, TTL 900, static. */
function staticRecord(type: number, serial: number, data: DnsRecordData): DnsRecord {
  return {
    type,
    version: 5,
    rank: DNS_RANK_ZONE,
    flags: 0,
    serial,
    ttlSeconds: 900,
    reserved: 0,
    timeStamp: 0,
    data,
  };
}

/** TimeStamp of the nsupdate captures: 2026-12-04T23:00Z in hours since 1601. */
const DYNAMIC_TIMESTAMP = 3733583;
const DC_NAME = 'sandbox-dc.interlock.test';

const EXPECTED: [SambaDnsRecordName, DnsRecord][] = [
  [
    'zoneSoa',
    {
      ...staticRecord(6, 18, {
        kind: 'SOA',
        dwSerialNo: 18,
        dwRefresh: 900,
        dwRetry: 600,
        dwExpire: 86400,
        dwMinimumTtl: 3600,
        namePrimaryServer: DC_NAME,
        zoneAdminEmail: 'hostmaster.interlock.test',
      }),
      ttlSeconds: 3600,
    },
  ],
  ['zoneNs', staticRecord(2, 1, { kind: 'NS', nameNode: DC_NAME })],
  ['zoneAaaa', staticRecord(28, 1, { kind: 'AAAA', address: '::1' })],
  ['zoneA', staticRecord(1, 3, { kind: 'A', address: '127.0.0.1' })],
  ['dcA', staticRecord(1, 2, { kind: 'A', address: '127.0.0.1' })],
  [
    'dcMsdcsNs',
    { ...staticRecord(2, 1, { kind: 'NS', nameNode: DC_NAME }), rank: DNS_RANK_NS_GLUE },
  ],
  [
    'dcLdapSrv',
    staticRecord(33, 1, {
      kind: 'SRV',
      wPriority: 0,
      wWeight: 100,
      wPort: 389,
      nameTarget: DC_NAME,
    }),
  ],
  ['staticA', staticRecord(1, 4, { kind: 'A', address: '192.0.2.10' })],
  ['staticA2', staticRecord(1, 5, { kind: 'A', address: '198.51.100.255' })],
  ['staticAaaa', staticRecord(28, 6, { kind: 'AAAA', address: '2001:db8::10' })],
  ['staticAaaa2', staticRecord(28, 7, { kind: 'AAAA', address: 'fe80::1:2:3:4' })],
  ['staticCname', staticRecord(5, 8, { kind: 'CNAME', nameNode: 'target.interlock.test' })],
  ['staticCnameDot', staticRecord(5, 9, { kind: 'CNAME', nameNode: 'target.example.net' })],
  ['staticCnameUtf8', staticRecord(5, 20, { kind: 'CNAME', nameNode: 'zürich.example.net' })],
  [
    'staticNs',
    { ...staticRecord(2, 10, { kind: 'NS', nameNode: 'ns1.example.net' }), rank: DNS_RANK_NS_GLUE },
  ],
  ['staticPtr', staticRecord(12, 11, { kind: 'PTR', nameNode: 'host.example.net' })],
  [
    'staticMx',
    staticRecord(15, 12, { kind: 'MX', wPreference: 10, nameExchange: 'mail.example.net' }),
  ],
  ['staticMxRoot', staticRecord(15, 19, { kind: 'MX', wPreference: 0, nameExchange: '.' })],
  [
    'staticSrv',
    staticRecord(33, 13, {
      kind: 'SRV',
      wPriority: 10,
      wWeight: 20,
      wPort: 443,
      nameTarget: 'target.example.net',
    }),
  ],
  ['staticTxt', staticRecord(16, 14, { kind: 'TXT', strings: ['first string', 'second'] })],
  ['staticTxtOne', staticRecord(16, 15, { kind: 'TXT', strings: ['single'] })],
  ['staticTxtUtf8', staticRecord(16, 16, { kind: 'TXT', strings: ['héllo', 'wörld', '✓'] })],
  [
    'dynamicA',
    {
      ...staticRecord(1, 110, { kind: 'A', address: '192.0.2.99' }),
      ttlSeconds: 600,
      timeStamp: DYNAMIC_TIMESTAMP,
    },
  ],
  [
    'dynamicTombstone',
    {
      ...staticRecord(0, 110, { kind: 'ZERO', entombedTime: 134409004249791520n }),
      rank: 0,
      ttlSeconds: 0,
    },
  ],
  [
    'dynamicAaaa',
    {
      ...staticRecord(28, 110, { kind: 'AAAA', address: '2001:db8::1:0:0:1' }),
      ttlSeconds: 300,
      timeStamp: DYNAMIC_TIMESTAMP,
    },
  ],
  [
    'dynamicMaxTtl',
    {
      ...staticRecord(1, 110, { kind: 'A', address: '192.0.2.1' }),
      ttlSeconds: 2147483647,
      timeStamp: DYNAMIC_TIMESTAMP,
    },
  ],
  [
    'dynamicTxtLong',
    {
      ...staticRecord(16, 110, { kind: 'TXT', strings: ['a'.repeat(255), '', 'x'] }),
      ttlSeconds: 300,
      timeStamp: DYNAMIC_TIMESTAMP,
    },
  ],
];

function expectDecodeError(hex: string, message: RegExp): void {
  const decode = (): DnsRecord => decodeDnsRecord(bytes(hex));

  expect(decode).toThrow(InvalidDnsRecordError);
  expect(decode).toThrow(message);
}

// Header of a static record (rank 0xF0, serial 7, TTL 900) with the given DataLength and type.
function header(dataLength: number, type: number): string {
  const littleEndian = (value: number): string => {
    const hex = value.toString(16).padStart(4, '0');

    return hex.slice(2) + hex.slice(0, 2);
  };

  return `${littleEndian(dataLength)} ${littleEndian(type)} 05 f0 0000 07000000 00000384 00000000 00000000`;
}

describe(decodeDnsRecord.name, () => {
  it('covers every captured vector', () => {
    const covered = EXPECTED.map(([name]) => name).sort();

    expect(covered).toEqual(Object.keys(SAMBA_DNS_RECORDS).sort());
  });

  it.each(EXPECTED)('decodes the Samba record %s', (name, expected) => {
    const record = decodeDnsRecord(captured(name));

    expect(record).toEqual(expected);
  });

  it('decodes the documented A example', () => {
    const record = decodeDnsRecord(bytes(`${header(4, 1)} 0a000005`));

    expect(record).toEqual(staticRecord(1, 7, { kind: 'A', address: '10.0.0.5' }));
  });

  it('reads TtlSeconds big-endian and Serial little-endian', () => {
    const record = decodeDnsRecord(captured('dynamicA'));

    expect(record.ttlSeconds).toBe(600);
    expect(record.serial).toBe(110);
  });

  it('accepts a Uint8Array view at an offset', () => {
    const source = Buffer.concat([Buffer.from([0xff, 0xff]), captured('staticA')]);
    const view = new Uint8Array(source.buffer, source.byteOffset + 2, source.length - 2);

    const record = decodeDnsRecord(view);

    expect(record.data).toEqual({ kind: 'A', address: '192.0.2.10' });
  });

  it('decodes an unknown type to its raw data', () => {
    // HINFO (13) "x86-64" "Linux", which Samba's DNS server does not store (NOTIMP).
    const record = decodeDnsRecord(bytes(`${header(13, 13)} 067838362d3634 054c696e7578`));

    expect(record.type).toBe(13);
    expect(record.data).toEqual({ kind: 'UNKNOWN', bytes: bytes('067838362d3634054c696e7578') });
  });

  it('decodes WINS with empty data', () => {
    const record = decodeDnsRecord(bytes(header(0, 0xff01)));

    expect(record.type).toBe(0xff01);
    expect(record.data).toEqual({ kind: 'UNKNOWN', bytes: Buffer.alloc(0) });
  });

  it('decodes TXT with no strings', () => {
    const record = decodeDnsRecord(bytes(header(0, 16)));

    expect(record.data).toEqual({ kind: 'TXT', strings: [] });
  });

  it('keeps a byte-order mark in TXT text', () => {
    const record = decodeDnsRecord(bytes(`${header(5, 16)} 04 efbbbf41`));

    expect(record.data).toEqual({ kind: 'TXT', strings: ['\ufeffA'] });
  });

  it('decodes a name of 63-byte labels up to 255 bytes', () => {
    const label = '3f' + '61'.repeat(63);
    const name = `ff 04 ${label}${label}${label} 3d${'62'.repeat(61)} 00`;
    const record = decodeDnsRecord(bytes(`${header(257, 5)} ${name}`));

    expect(record.data).toEqual({
      kind: 'CNAME',
      nameNode: ['a'.repeat(63), 'a'.repeat(63), 'a'.repeat(63), 'b'.repeat(61)].join('.'),
    });
  });

  it('rejects a value shorter than the header', () => {
    expectDecodeError('0400 0100 05f0 0000 07000000', /24-byte header, got 12 bytes/);
  });

  it('rejects an empty value', () => {
    expectDecodeError('', /24-byte header, got 0 bytes/);
  });

  it('rejects a DataLength longer than the data', () => {
    expectDecodeError(`${header(5, 1)} 0a000005`, /DataLength is 5, but 4 bytes follow/);
  });

  it('rejects a DataLength shorter than the data', () => {
    expectDecodeError(`${header(3, 1)} 0a000005`, /DataLength is 3, but 4 bytes follow/);
  });

  it('rejects another version', () => {
    const value = captured('staticA');
    value[4] = 4;

    expect(() => decodeDnsRecord(value)).toThrow(/Unsupported dnsRecord version 4/);
  });

  it('rejects A data of 3 bytes', () => {
    expectDecodeError(`${header(3, 1)} 0a0000`, /A record data ends inside the IPv4 address/);
  });

  it('rejects A data of 5 bytes', () => {
    expectDecodeError(`${header(5, 1)} 0a00000500`, /A record data has 1 unexpected bytes/);
  });

  it('rejects AAAA data of 4 bytes', () => {
    expectDecodeError(`${header(4, 28)} 20010db8`, /AAAA record data ends inside/);
  });

  it('rejects a short tombstone', () => {
    expectDecodeError(`${header(4, 0)} 00000000`, /ZERO record data ends inside EntombedTime/);
  });

  it('rejects a label that overruns the data', () => {
    expectDecodeError(`${header(5, 5)} 05 01 09 6162`, /ends inside nameNode label 1/);
  });

  it('rejects a name without its final zero byte', () => {
    expectDecodeError(`${header(5, 5)} 04 01 02 6162`, /ends inside the final zero byte/);
  });

  it('rejects a name cut before LabelCount', () => {
    expectDecodeError(`${header(1, 5)} 01`, /ends inside the nameNode LabelCount/);
  });

  it('rejects a Length that disagrees with the labels', () => {
    expectDecodeError(`${header(6, 5)} 05 01 02 6162 00`, /Length is 5, but its labels take 4/);
  });

  it('rejects more labels than LabelCount', () => {
    expectDecodeError(
      `${header(9, 5)} 07 01 02 6162 02 6364 00`,
      /more labels than its LabelCount/,
    );
  });

  it('rejects an empty label', () => {
    expectDecodeError(`${header(6, 5)} 04 02 00 01 61 00`, /label 1 of 2 is 0 bytes long/);
  });

  it('rejects a compression pointer', () => {
    expectDecodeError(`${header(5, 5)} 03 01 c0 0c 00`, /label 1 of 1 is 192 bytes long/);
  });

  it('rejects a label that contains a dot', () => {
    expectDecodeError(`${header(7, 5)} 05 01 03 612e62 00`, /contains a dot/);
  });

  it('rejects a label that is not UTF-8', () => {
    expectDecodeError(`${header(6, 5)} 04 01 02 61ff 00`, /nameNode is not valid UTF-8/);
  });

  it('rejects bytes after the SOA names', () => {
    const value = Buffer.concat([captured('zoneSoa'), Buffer.from([0])]);
    value.writeUInt16LE(value.length - 24, 0);

    expect(() => decodeDnsRecord(value)).toThrow(/SOA record data has 1 unexpected bytes/);
  });

  it('rejects a TXT string that overruns the data', () => {
    expectDecodeError(`${header(3, 16)} 05 6162`, /ends inside string 1/);
  });

  it('rejects a TXT string that is not UTF-8', () => {
    expectDecodeError(`${header(2, 16)} 01 ff`, /string 1 is not valid UTF-8/);
  });

  it('rejects MX data without a name', () => {
    expectDecodeError(
      `${header(2, 15)} 000a`,
      /MX record data ends inside the nameExchange Length/,
    );
  });

  it('rejects SRV data cut inside the port', () => {
    expectDecodeError(`${header(5, 33)} 0000 0064 01`, /SRV record data ends inside wPort/);
  });

  it('raises an LdapSyntaxError', () => {
    expect(() => decodeDnsRecord(Buffer.alloc(3))).toThrow(LdapSyntaxError);
  });
});

describe(decodeDnsRecordHeader.name, () => {
  it('returns the data bytes of a record it cannot decode', () => {
    const value = bytes(`${header(2, 16)} 01 ff`);

    const result = decodeDnsRecordHeader(value);

    expect(result.type).toBe(16);
    expect(result.ttlSeconds).toBe(900);
    expect(result.rawData).toEqual(bytes('01ff'));
  });
});

describe(encodeDnsRecord.name, () => {
  it.each(EXPECTED.map(([name]) => name))('re-encodes the Samba record %s exactly', (name) => {
    const value = captured(name);

    const encoded = encodeDnsRecord(decodeDnsRecord(value));

    expect(encoded.toString('hex')).toBe(value.toString('hex'));
  });

  it('encodes the documented A example', () => {
    const encoded = encodeDnsRecord(staticRecord(1, 7, { kind: 'A', address: '10.0.0.5' }));

    expect(encoded).toEqual(bytes(`${header(4, 1)} 0a000005`));
  });

  it('writes the same bytes with or without a trailing dot', () => {
    const withDot = encodeDnsRecord(
      staticRecord(5, 9, { kind: 'CNAME', nameNode: 'target.example.net.' }),
    );

    expect(withDot).toEqual(captured('staticCnameDot'));
  });

  it('writes the documented ns1.example.com. name', () => {
    const encoded = encodeDnsRecord(
      staticRecord(2, 7, { kind: 'NS', nameNode: 'ns1.example.com.' }),
    );

    expect(encoded.subarray(24)).toEqual(bytes('11 03 03 6e7331 07 6578616d706c65 03 636f6d 00'));
  });

  it('writes the root name as Length 1 and no labels', () => {
    const encoded = encodeDnsRecord(
      staticRecord(33, 7, { kind: 'SRV', wPriority: 0, wWeight: 0, wPort: 0, nameTarget: '.' }),
    );

    expect(encoded.subarray(24)).toEqual(bytes('0000 0000 0000 01 00 00'));
  });

  it('counts UTF-8 bytes in Length', () => {
    const encoded = encodeDnsRecord(
      staticRecord(5, 20, { kind: 'CNAME', nameNode: 'zürich.example.net' }),
    );

    expect(encoded).toEqual(captured('staticCnameUtf8'));
  });

  it('round-trips TXT with several and empty strings', () => {
    const record = staticRecord(16, 7, { kind: 'TXT', strings: ['', 'one', '', 'twö'] });

    const encoded = encodeDnsRecord(record);

    expect(encoded.subarray(24)).toEqual(bytes('00 03 6f6e65 00 04 7477c3b6'));
    expect(decodeDnsRecord(encoded)).toEqual(record);
  });

  it('writes a 255-byte TXT string', () => {
    const text = 'é'.repeat(127) + 'a';
    const encoded = encodeDnsRecord(staticRecord(16, 7, { kind: 'TXT', strings: [text] }));

    expect(encoded.readUInt16LE(0)).toBe(256);
    expect(encoded[24]).toBe(255);
  });

  it('rejects a 256-byte TXT string', () => {
    const record = staticRecord(16, 7, { kind: 'TXT', strings: ['é'.repeat(128)] });

    expect(() => encodeDnsRecord(record)).toThrow(InvalidDnsFieldError);
    expect(() => encodeDnsRecord(record)).toThrow(/strings\[0\].*needs 256/);
  });

  it('round-trips an unknown type', () => {
    const value = bytes(`${header(13, 13)} 067838362d3634 054c696e7578`);

    const encoded = encodeDnsRecord(decodeDnsRecord(value));

    expect(encoded).toEqual(value);
  });

  it('round-trips a tombstone', () => {
    const value = captured('dynamicTombstone');

    const encoded = encodeDnsRecord(decodeDnsRecord(value));

    expect(encoded).toEqual(value);
  });

  it('encodes IPv6 given in another form', () => {
    const record = staticRecord(28, 6, { kind: 'AAAA', address: '2001:0DB8:0:0:0:0:0:0010' });

    expect(encodeDnsRecord(record)).toEqual(captured('staticAaaa'));
  });

  it('rejects raw data for a supported type', () => {
    const record = staticRecord(1, 7, { kind: 'UNKNOWN', bytes: bytes('0a000005') });

    expect(() => encodeDnsRecord(record)).toThrow(/type 1 needs data of kind A/);
  });

  it('rejects a type that does not match the data', () => {
    const record = staticRecord(28, 7, { kind: 'A', address: '10.0.0.5' });

    expect(() => encodeDnsRecord(record)).toThrow(/type 28 does not match its A data/);
  });

  it('rejects data longer than 65535 bytes', () => {
    const record = staticRecord(0xff01, 7, { kind: 'UNKNOWN', bytes: Buffer.alloc(65536) });

    expect(() => encodeDnsRecord(record)).toThrow(/65536 bytes long, more than the 65535/);
  });

  it.each([
    ['a label of 64 bytes', `${'a'.repeat(64)}.example.net`, /64 bytes long, more than 63/],
    ['an empty label', 'a..example.net', /empty label/],
    ['a leading dot', '.example.net', /empty label/],
    ['the empty name', '', /non-empty DNS name/],
    ['a name of 256 bytes', `${'a'.repeat(63)}.`.repeat(3) + 'b'.repeat(62), /256 bytes/],
  ])('rejects %s', (_case, name, message) => {
    const record = staticRecord(5, 7, { kind: 'CNAME', nameNode: name });

    expect(() => encodeDnsRecord(record)).toThrow(InvalidDnsFieldError);
    expect(() => encodeDnsRecord(record)).toThrow(message);
  });

  it('accepts a name of 255 bytes', () => {
    const name = `${'a'.repeat(63)}.`.repeat(3) + 'b'.repeat(61);
    const record = staticRecord(5, 7, { kind: 'CNAME', nameNode: name });

    const encoded = encodeDnsRecord(record);

    expect(encoded[24]).toBe(255);
    expect(decodeDnsRecord(encoded)).toEqual(record);
  });

  it.each([
    ['serial', { serial: 2 ** 32 }],
    ['ttlSeconds', { ttlSeconds: -1 }],
    ['rank', { rank: 256 }],
    ['flags', { flags: 1.5 }],
    ['timeStamp', { timeStamp: Number.NaN }],
  ])('rejects an out-of-range %s', (field, override) => {
    const record = { ...staticRecord(1, 7, { kind: 'A', address: '10.0.0.5' }), ...override };

    expect(() => encodeDnsRecord(record)).toThrow(new RegExp(`^Invalid ${field} `));
  });

  it('rejects an MX preference of 65536', () => {
    const record = staticRecord(15, 7, { kind: 'MX', wPreference: 65536, nameExchange: 'mx.test' });

    expect(() => encodeDnsRecord(record)).toThrow(/Invalid wPreference 65536/);
  });

  it('rejects an SOA expire of 2^32', () => {
    const record = decodeDnsRecord(captured('zoneSoa'));
    const data = { ...record.data, dwExpire: 2 ** 32 } as DnsRecordData;

    expect(() => encodeDnsRecord({ ...record, data })).toThrow(/Invalid dwExpire 4294967296/);
  });

  it('rejects a negative EntombedTime', () => {
    const record = staticRecord(0, 7, { kind: 'ZERO', entombedTime: -1n });

    expect(() => encodeDnsRecord(record)).toThrow(/Invalid entombedTime -1/);
  });

  it('rejects an A record with a hostname', () => {
    const record = staticRecord(1, 7, { kind: 'A', address: 'dc.example.net' });

    expect(() => encodeDnsRecord(record)).toThrow(/Invalid address "dc.example.net"/);
  });
});

describe(buildDnsRecord.name, () => {
  it('builds a record like samba-tool', () => {
    const record = buildDnsRecord(
      { kind: 'MX', wPreference: 10, nameExchange: 'mail.example.net' },
      { ttlSeconds: 900, serial: 12 },
    );

    expect(encodeDnsRecord(record)).toEqual(captured('staticMx'));
  });

  it('takes the rank from the options', () => {
    const record = buildDnsRecord(
      { kind: 'NS', nameNode: 'ns1.example.net' },
      { ttlSeconds: 900, serial: 10, rank: DNS_RANK_NS_GLUE },
    );

    expect(encodeDnsRecord(record)).toEqual(captured('staticNs'));
  });

  it('rejects a TTL of 2^31', () => {
    const build = (): DnsRecord =>
      buildDnsRecord({ kind: 'A', address: '10.0.0.5' }, { ttlSeconds: 2 ** 31, serial: 1 });

    expect(build).toThrow(/Invalid ttlSeconds 2147483648/);
  });

  it('rejects a negative serial', () => {
    const build = (): DnsRecord =>
      buildDnsRecord({ kind: 'A', address: '10.0.0.5' }, { ttlSeconds: 900, serial: -1 });

    expect(build).toThrow(/Invalid serial -1/);
  });
});

describe(buildDnsTombstone.name, () => {
  it('builds the tombstone Samba writes', () => {
    const entombedAt = fileTimeToDate(134409004249791520n);

    const record = buildDnsTombstone(entombedAt ?? new Date(Number.NaN), 110);

    // The capture has sub-millisecond ticks, which a Date cannot hold.
    expect(record).toEqual({
      ...decodeDnsRecord(captured('dynamicTombstone')),
      data: { kind: 'ZERO', entombedTime: 134409004249790000n },
    });
  });

  it('encodes to 32 bytes', () => {
    const record = buildDnsTombstone(new Date('2026-12-04T23:27:04.979Z'), 110);

    const encoded = encodeDnsRecord(record);

    expect(encoded.length).toBe(32);
    expect(encoded.readUInt16LE(2)).toBe(0);
  });
});

describe(dnsTimeStampToDate.name, () => {
  it('converts the TimeStamp of a dynamic record', () => {
    const date = dnsTimeStampToDate(DYNAMIC_TIMESTAMP);

    expect(date?.toISOString()).toBe('2026-12-04T23:00:00.000Z');
  });

  it('returns null for a static record', () => {
    expect(dnsTimeStampToDate(0)).toBeNull();
  });
});

describe(dateToDnsTimeStamp.name, () => {
  it('rounds down to the hour', () => {
    const timeStamp = dateToDnsTimeStamp(new Date('2026-12-04T23:59:59.999Z'));

    expect(timeStamp).toBe(DYNAMIC_TIMESTAMP);
  });

  it('rejects an invalid Date', () => {
    expect(() => dateToDnsTimeStamp(new Date(Number.NaN))).toThrow(InvalidDnsRecordError);
  });
});

describe(dnsTypeName.name, () => {
  it.each([
    [0, 'ZERO'],
    [1, 'A'],
    [2, 'NS'],
    [5, 'CNAME'],
    [6, 'SOA'],
    [12, 'PTR'],
    [15, 'MX'],
    [16, 'TXT'],
    [28, 'AAAA'],
    [33, 'SRV'],
    [35, 'NAPTR'],
    [0xff01, 'WINS'],
    [65, 'TYPE65'],
  ])('names type %d %s', (type, name) => {
    expect(dnsTypeName(type)).toBe(name);
  });

  it('rejects a code above 65535', () => {
    expect(() => dnsTypeName(65536)).toThrow(InvalidDnsFieldError);
  });
});

describe(dnsTypeNumber.name, () => {
  it.each([
    ['A', 1],
    ['ns', 2],
    ['CNAME', 5],
    ['SOA', 6],
    ['PTR', 12],
    ['mx', 15],
    ['TXT', 16],
    ['AAAA', 28],
    ['SRV', 33],
    ['HINFO', 13],
    ['TYPE65', 65],
    ['type0', 0],
  ])('maps %s to %d', (name, type) => {
    expect(dnsTypeNumber(name)).toBe(type);
  });

  it.each(['BOGUS', 'TYPE65536', 'TYPE01', '', 'n\u017f', '\u017frv'])('rejects %j', (name) => {
    expect(() => dnsTypeNumber(name)).toThrow(/Invalid type/);
  });
});

describe(validateIpv4Address.name, () => {
  it.each(['0.0.0.0', '10.0.0.5', '255.255.255.255', '192.0.2.10'])('accepts %s', (address) => {
    expect(validateIpv4Address(address)).toBe(address);
  });

  it.each(['10.1', '1', '010.0.0.1', '256.0.0.1', '1.2.3.4.5', ' 1.2.3.4', '1.2.3.', '::1', ''])(
    'rejects %j',
    (address) => {
      expect(() => validateIpv4Address(address)).toThrow(InvalidDnsFieldError);
    },
  );

  it('names the field in the error', () => {
    let error: unknown;
    try {
      validateIpv4Address('10.1', 'address');
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(InvalidDnsFieldError);
    expect((error as InvalidDnsFieldError).field).toBe('address');
    expect((error as InvalidDnsFieldError).value).toBe('10.1');
    expect((error as Error).message).toMatch(/^Invalid address "10.1": expected an IPv4 address/);
  });

  it('rejects a number', () => {
    expect(() => validateIpv4Address(167772165)).toThrow(/Invalid address 167772165/);
  });
});

describe(validateIpv6Address.name, () => {
  it.each([
    ['::1', '::1'],
    ['::', '::'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0010', '2001:db8::10'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8::1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['fe80:0:0:0:1:2:3:4', 'fe80::1:2:3:4'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['1::', '1::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ])('normalises %s to %s', (input, output) => {
    expect(validateIpv6Address(input)).toBe(output);
  });

  it.each(['fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '192.0.2.1', ''])(
    'rejects %j',
    (address) => {
      expect(() => validateIpv6Address(address)).toThrow(/^Invalid address/);
    },
  );
});

describe(validateDnsHostName.name, () => {
  it.each([
    ['mail.example.net', 'mail.example.net'],
    ['mail.example.net.', 'mail.example.net'],
    ['zürich.example.net', 'zürich.example.net'],
    ['selector._domainkey.example.net', 'selector._domainkey.example.net'],
    ['a-b.c1', 'a-b.c1'],
    ['localhost', 'localhost'],
  ])('accepts %s', (name, normalised) => {
    expect(validateDnsHostName(name, 'nameExchange')).toBe(normalised);
  });

  it('accepts the root name when allowed', () => {
    expect(validateDnsHostName('.', 'nameTarget', { allowRoot: true })).toBe('.');
  });

  it('rejects the root name by default', () => {
    expect(() => validateDnsHostName('.', 'nameNode')).toThrow(/Invalid nameNode "."/);
  });

  it.each([
    ['', /non-empty/],
    ['-mail.example.net', /label "-mail"/],
    ['mail-.example.net', /label "mail-"/],
    ['mail server.example.net', /label "mail server"/],
    ['*.example.net', /label "\*"/],
    ['a..b', /empty label/],
    [`${'a'.repeat(64)}.net`, /more than 63/],
  ])('rejects %j', (name, message) => {
    expect(() => validateDnsHostName(name, 'nameTarget')).toThrow(InvalidDnsFieldError);
    expect(() => validateDnsHostName(name, 'nameTarget')).toThrow(message);
  });

  it('rejects a number', () => {
    expect(() => validateDnsHostName(5, 'nameNode')).toThrow(/Invalid nameNode 5/);
  });
});

describe(validateDnsOwnerName.name, () => {
  it.each(['@', 'www', '*', '*.dev', '_ldap._tcp', 'codec-vector-a', 'bücher'])(
    'accepts %s',
    (name) => {
      expect(validateDnsOwnerName(name)).toBe(name);
    },
  );

  it.each([
    ['www.', /relative to the zone/],
    ['a.*', /label "\*"/],
    ['', /non-empty/],
    ['a b', /label "a b"/],
    ['@.www', /label "@"/],
  ])('rejects %j', (name, message) => {
    expect(() => validateDnsOwnerName(name)).toThrow(message);
  });
});

describe(validateTxtStrings.name, () => {
  it('accepts an empty string and a 255-byte string', () => {
    const strings = ['', 'a'.repeat(255)];

    expect(validateTxtStrings(strings)).toBe(strings);
  });

  it('rejects a 256-byte string and names its index', () => {
    expect(() => validateTxtStrings(['ok', 'ü'.repeat(128)])).toThrow(/^Invalid stringData\[1\]/);
  });

  it('rejects an empty list', () => {
    expect(() => validateTxtStrings([])).toThrow(/at least one string/);
  });

  it('rejects a non-string element', () => {
    expect(() => validateTxtStrings(['a', 5])).toThrow(/Invalid stringData\[1\] 5/);
  });

  it('accepts exactly MAX_TXT_DATA_BYTES', () => {
    const strings = new Array<string>(32).fill('a'.repeat(255));

    expect(txtDataLength(strings)).toBe(MAX_TXT_DATA_BYTES);
    expect(validateTxtStrings(strings)).toBe(strings);
  });

  it('rejects one byte over MAX_TXT_DATA_BYTES', () => {
    const strings = [...new Array<string>(32).fill('a'.repeat(255)), ''];

    expect(() => validateTxtStrings(strings)).toThrow(/8193 bytes .* more than the 8192/);
  });

  it('counts a length byte for each empty string', () => {
    expect(() => validateTxtStrings(new Array<string>(8193).fill(''))).toThrow(/8193 bytes/);
  });
});

describe(splitTxtString.name, () => {
  it('keeps a short string whole', () => {
    expect(splitTxtString('v=spf1 -all')).toEqual(['v=spf1 -all']);
  });

  it('returns one empty string for empty text', () => {
    expect(splitTxtString('')).toEqual(['']);
  });

  it('splits at 255 bytes', () => {
    const pieces = splitTxtString('a'.repeat(600));

    expect(pieces.map((piece) => piece.length)).toEqual([255, 255, 90]);
  });

  it('does not cut a character in two', () => {
    const pieces = splitTxtString('é'.repeat(200));

    expect(pieces.map((piece) => Buffer.byteLength(piece))).toEqual([254, 146]);
    expect(pieces.join('')).toBe('é'.repeat(200));
  });

  it('keeps a four-byte character whole', () => {
    const pieces = splitTxtString('a'.repeat(253) + '😀');

    expect(pieces).toEqual(['a'.repeat(253), '😀']);
  });
});

describe('numeric validators', () => {
  it.each([0, 1, 65535])('accepts the 16-bit value %d', (value) => {
    expect(validateUint16(value, 'wPort')).toBe(value);
  });

  it.each([-1, 65536, 1.5, Number.NaN, '80'])('rejects the port %j', (value) => {
    expect(() => validateUint16(value, 'wPort')).toThrow(/^Invalid wPort .*0 to 65535/);
  });

  it.each([0, 4294967295])('accepts the 32-bit value %d', (value) => {
    expect(validateUint32(value, 'dwSerialNo')).toBe(value);
  });

  it('rejects a serial of 2^32', () => {
    expect(() => validateUint32(2 ** 32, 'dwSerialNo')).toThrow(/Invalid dwSerialNo/);
  });

  it.each([0, 900, 2147483647])('accepts the TTL %d', (value) => {
    expect(validateDnsTtl(value)).toBe(value);
  });

  it.each([-1, 2147483648, 3.5])('rejects the TTL %d', (value) => {
    expect(() => validateDnsTtl(value)).toThrow(/^Invalid ttl .*0 to 2147483647/);
  });
});
