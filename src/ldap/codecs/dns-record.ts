import { isIPv6 } from 'node:net';

import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import { dateToFileTime } from './filetime';

/** Error raised when a `dnsRecord` value is malformed or a record cannot be encoded. */
export class InvalidDnsRecordError extends LdapSyntaxError {}

/** Error raised when one field of a record is invalid. `field` is the API name of that field. */
export class InvalidDnsFieldError extends InvalidDnsRecordError {
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${field} ${formatValue(value)}: ${reason}`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }

  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }

  return value === null ? 'null' : typeof value;
}

/** The only `Version` MS-DNSP 2.3.2.2 allows in a `dnsRecord` value. */
export const DNS_RECORD_VERSION = 5;
/** Rank of authoritative zone data (DNS_RANK_ZONE), which samba-tool and dynamic updates write. */
export const DNS_RANK_ZONE = 0xf0;
/** Rank Samba 4.17 gives delegation NS records below the zone apex (DNS_RANK_NS_GLUE). */
export const DNS_RANK_NS_GLUE = 0x82;
/** Largest TTL RFC 2181 section 8 allows. nsupdate rejects more, and Samba 4.17 serves this one. */
export const MAX_DNS_TTL_SECONDS = 2_147_483_647;

/**
 * Maximum TXT data of one name in bytes: every character-string's UTF-8 text plus its length
 * byte, summed over all TXT records of the name, because the DNS server sends all of them in
 * one response. Samba 4.17's DNS server returns SERVFAIL for a response over about 16 KiB. On
 * the sandbox DC, a TXT response of 16,194 bytes was served and one of about 16,300 bytes was
 * not. Half of that leaves room for the names and the other parts of the message.
 */
export const MAX_TXT_DATA_BYTES = 8192;

const HEADER_LENGTH = 24;
const MAX_DATA_LENGTH = 0xffff;
const MAX_LABEL_BYTES = 63;
/** Maximum wire length of a name, counting every label's length byte and the root's zero byte. */
const MAX_NAME_BYTES = 255;
const MAX_CHARACTER_STRING_BYTES = 255;
const SECONDS_PER_HOUR = 3600;
/** Seconds from 1601-01-01T00:00:00Z, where `TimeStamp` counts hours from, to the Unix epoch. */
const EPOCH_OFFSET_SECONDS = 11_644_473_600;

/** Type codes of the record types this codec decodes into typed data. */
export const DnsType = {
  ZERO: 0,
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
} as const;

export type SupportedDnsTypeName = keyof typeof DnsType;

// Mnemonics of DNS_RECORD_TYPE (MS-DNSP 2.2.2.1.1): the IANA codes plus WINS and WINSR.
// Other codes print as TYPEnnn.
const DNS_TYPE_NAMES = new Map<number, string>([
  [0, 'ZERO'],
  [1, 'A'],
  [2, 'NS'],
  [3, 'MD'],
  [4, 'MF'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [7, 'MB'],
  [8, 'MG'],
  [9, 'MR'],
  [10, 'NULL'],
  [11, 'WKS'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [14, 'MINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [17, 'RP'],
  [18, 'AFSDB'],
  [19, 'X25'],
  [20, 'ISDN'],
  [21, 'RT'],
  [24, 'SIG'],
  [25, 'KEY'],
  [28, 'AAAA'],
  [29, 'LOC'],
  [30, 'NXT'],
  [33, 'SRV'],
  [34, 'ATMA'],
  [35, 'NAPTR'],
  [39, 'DNAME'],
  [43, 'DS'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [0xff01, 'WINS'],
  [0xff02, 'WINSR'],
]);
const DNS_TYPE_NUMBERS = new Map([...DNS_TYPE_NAMES].map(([code, name]) => [name, code]));

/** Returns the mnemonic of a type code, or the RFC 3597 form `TYPEnnn` for an unnamed code. */
export function dnsTypeName(type: number): string {
  validateUint16(type, 'type');

  return DNS_TYPE_NAMES.get(type) ?? `TYPE${type}`;
}

/** Returns the code of a type mnemonic (case-insensitive) or of the RFC 3597 form `TYPEnnn`. */
export function dnsTypeNumber(name: string): number {
  // Only ASCII letters are folded, so that `nſ` (long s, U+017F) is no spelling of NS.
  const upper = name.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
  const known = DNS_TYPE_NUMBERS.get(upper);
  if (known !== undefined) {
    return known;
  }

  const generic = /^TYPE(0|[1-9][0-9]{0,4})$/.exec(upper);
  if (generic && Number(generic[1]) <= 0xffff) {
    return Number(generic[1]);
  }

  throw new InvalidDnsFieldError('type', name, 'expected a record type such as A, MX or TYPE65');
}

/** Typed content of the Data part, tagged with the type mnemonic. */
export type DnsRecordData =
  | {
      kind: 'ZERO';
      /** EntombedTime of a tombstone: FILETIME ticks (100 ns since 1601-01-01 UTC). */
      entombedTime: bigint;
    }
  | { kind: 'A'; address: string }
  | { kind: 'AAAA'; address: string }
  | { kind: 'NS' | 'CNAME' | 'PTR'; nameNode: string }
  | { kind: 'MX'; wPreference: number; nameExchange: string }
  | { kind: 'SRV'; wPriority: number; wWeight: number; wPort: number; nameTarget: string }
  | {
      kind: 'TXT';
      /** The character-strings in order, each at most 255 bytes of UTF-8. */
      strings: string[];
    }
  | {
      kind: 'SOA';
      dwSerialNo: number;
      dwRefresh: number;
      dwRetry: number;
      dwExpire: number;
      dwMinimumTtl: number;
      namePrimaryServer: string;
      /** Mailbox in DNS form: the first label is the local part (`hostmaster.example.com`). */
      zoneAdminEmail: string;
    }
  | {
      kind: 'UNKNOWN';
      /** Data bytes of a type this codec does not interpret, kept as stored. */
      bytes: Buffer;
    };

/** Header of a `dnsRecord` value (MS-DNSP 2.3.2.2) without DataLength, which encoding computes. */
export interface DnsRecordHeader {
  /** Record type code. For every kind except UNKNOWN it is the code of `data.kind`. */
  type: number;
  version: number;
  rank: number;
  flags: number;
  /** Zone serial number when the record was last written. */
  serial: number;
  ttlSeconds: number;
  reserved: number;
  /** Hours since 1601-01-01 UTC of the last dynamic refresh, or 0 for a static record. */
  timeStamp: number;
}

export interface DnsRecord extends DnsRecordHeader {
  data: DnsRecordData;
}

/**
 * Decodes the header of a `dnsRecord` value and returns the Data bytes uninterpreted. A caller
 * that lists records can fall back to this when `decodeDnsRecord` rejects the data.
 */
export function decodeDnsRecordHeader(bytes: Uint8Array): DnsRecordHeader & { rawData: Buffer } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < HEADER_LENGTH) {
    throw new InvalidDnsRecordError(
      `A dnsRecord value starts with a ${HEADER_LENGTH}-byte header, got ${buffer.length} bytes`,
    );
  }

  const dataLength = buffer.readUInt16LE(0);
  if (buffer.length !== HEADER_LENGTH + dataLength) {
    throw new InvalidDnsRecordError(
      `The dnsRecord DataLength is ${dataLength}, but ${buffer.length - HEADER_LENGTH} bytes ` +
        'follow the header',
    );
  }

  const version = buffer[4];
  if (version !== DNS_RECORD_VERSION) {
    throw new InvalidDnsRecordError(
      `Unsupported dnsRecord version ${version}, expected version ${DNS_RECORD_VERSION}`,
    );
  }

  // Every field is little-endian except TtlSeconds, which is big-endian (network order).
  return {
    type: buffer.readUInt16LE(2),
    version,
    rank: buffer[5],
    flags: buffer.readUInt16LE(6),
    serial: buffer.readUInt32LE(8),
    ttlSeconds: buffer.readUInt32BE(12),
    reserved: buffer.readUInt32LE(16),
    timeStamp: buffer.readUInt32LE(20),
    rawData: Buffer.from(buffer.subarray(HEADER_LENGTH)),
  };
}

/**
 * Decodes one value of the `dnsRecord` attribute. Names are returned without a trailing dot,
 * except the root name, which is `.`. A type without a decoder in this module is returned as
 * UNKNOWN with its Data bytes. Malformed bytes raise `InvalidDnsRecordError`.
 */
export function decodeDnsRecord(bytes: Uint8Array): DnsRecord {
  const { rawData, ...header } = decodeDnsRecordHeader(bytes);

  return { ...header, data: decodeData(header.type, rawData) };
}

/**
 * Encodes a record into a `dnsRecord` value. For values that `decodeDnsRecord` accepted, the
 * result equals the decoded bytes. Names may be given with or without a trailing dot.
 */
export function encodeDnsRecord(record: DnsRecord): Buffer {
  checkTypeMatchesData(record);
  const data = encodeData(record.data);
  if (data.length > MAX_DATA_LENGTH) {
    throw new InvalidDnsRecordError(
      `The ${dnsTypeName(record.type)} record data is ${data.length} bytes long, ` +
        `more than the ${MAX_DATA_LENGTH} bytes DataLength can hold`,
    );
  }

  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16LE(data.length, 0);
  header.writeUInt16LE(validateUint16(record.type, 'type'), 2);
  header[4] = validateUint8(record.version, 'version');
  header[5] = validateUint8(record.rank, 'rank');
  header.writeUInt16LE(validateUint16(record.flags, 'flags'), 6);
  header.writeUInt32LE(validateUint32(record.serial, 'serial'), 8);
  header.writeUInt32BE(validateUint32(record.ttlSeconds, 'ttlSeconds'), 12);
  header.writeUInt32LE(validateUint32(record.reserved, 'reserved'), 16);
  header.writeUInt32LE(validateUint32(record.timeStamp, 'timeStamp'), 20);

  return Buffer.concat([header, data]);
}

function checkTypeMatchesData({ type, data }: DnsRecord): void {
  if (data.kind === 'UNKNOWN') {
    const supported = Object.entries(DnsType).find(([, code]) => code === type);
    if (supported) {
      throw new InvalidDnsRecordError(
        `A record of type ${type} needs data of kind ${supported[0]}, not raw bytes`,
      );
    }

    return;
  }

  if (type !== DnsType[data.kind]) {
    throw new InvalidDnsRecordError(
      `The record type ${type} does not match its ${data.kind} data (type ${DnsType[data.kind]})`,
    );
  }
}

export type NewDnsRecordData = Exclude<DnsRecordData, { kind: 'ZERO' } | { kind: 'UNKNOWN' }>;

export interface NewDnsRecordOptions {
  ttlSeconds: number;
  /** Zone serial number to store in the header. */
  serial: number;
  /** Defaults to DNS_RANK_ZONE. */
  rank?: number;
}

/**
 * Builds a static record (version 5, flags 0, TimeStamp 0) as samba-tool writes one. The header
 * values are checked here and the data by `encodeDnsRecord`. Check request fields with the
 * validators below first, because their errors name the request field.
 */
export function buildDnsRecord(data: NewDnsRecordData, options: NewDnsRecordOptions): DnsRecord {
  const { ttlSeconds, serial, rank = DNS_RANK_ZONE } = options;

  return {
    type: DnsType[data.kind],
    version: DNS_RECORD_VERSION,
    rank: validateUint8(rank, 'rank'),
    flags: 0,
    serial: validateUint32(serial, 'serial'),
    ttlSeconds: validateDnsTtl(ttlSeconds, 'ttlSeconds'),
    reserved: 0,
    timeStamp: 0,
    data,
  };
}

/**
 * Builds the tombstone that replaces the last record of a deleted node, the way the Samba 4.17
 * DNS server writes it after a dynamic update: type 0, rank 0, TTL 0 and the deletion time.
 * Samba sets the node's `dNSTombstoned` to TRUE along with it.
 */
export function buildDnsTombstone(entombedAt: Date, serial: number): DnsRecord {
  return {
    type: DnsType.ZERO,
    version: DNS_RECORD_VERSION,
    rank: 0,
    flags: 0,
    serial: validateUint32(serial, 'serial'),
    ttlSeconds: 0,
    reserved: 0,
    timeStamp: 0,
    data: { kind: 'ZERO', entombedTime: BigInt(dateToFileTime(entombedAt)) },
  };
}

/** Converts a header TimeStamp to a Date. 0 marks a static record and returns null. */
export function dnsTimeStampToDate(timeStamp: number): Date | null {
  validateUint32(timeStamp, 'timeStamp');
  if (timeStamp === 0) {
    return null;
  }

  return new Date((timeStamp * SECONDS_PER_HOUR - EPOCH_OFFSET_SECONDS) * 1000);
}

/** Converts a Date to a header TimeStamp, in whole hours since 1601-01-01 UTC (rounded down). */
export function dateToDnsTimeStamp(date: Date): number {
  const seconds = date.getTime() / 1000;
  if (Number.isNaN(seconds)) {
    throw new InvalidDnsRecordError('Cannot convert an invalid Date to a dnsRecord TimeStamp');
  }

  const hours = Math.floor((seconds + EPOCH_OFFSET_SECONDS) / SECONDS_PER_HOUR);

  return validateUint32(hours, 'timeStamp');
}

// ---------------------------------------------------------------------------------------------
// Data decoding

/** Cursor over the Data bytes that raises InvalidDnsRecordError instead of reading past them. */
class DataReader {
  private offset = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly typeName: string,
  ) {}

  get position(): number {
    return this.offset;
  }

  take(length: number, description: string): Buffer {
    const remaining = this.buffer.length - this.offset;
    if (length > remaining) {
      throw new InvalidDnsRecordError(
        `The ${this.typeName} record data ends inside ${description}: ` +
          `${length} bytes needed, ${remaining} left`,
      );
    }

    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;

    return slice;
  }

  uint8(description: string): number {
    return this.take(1, description)[0];
  }

  uint16BE(description: string): number {
    return this.take(2, description).readUInt16BE(0);
  }

  uint32BE(description: string): number {
    return this.take(4, description).readUInt32BE(0);
  }

  hasMore(): boolean {
    return this.offset < this.buffer.length;
  }

  expectEnd(): void {
    const extra = this.buffer.length - this.offset;
    if (extra > 0) {
      throw new InvalidDnsRecordError(
        `The ${this.typeName} record data has ${extra} unexpected bytes at its end`,
      );
    }
  }

  fail(message: string): never {
    throw new InvalidDnsRecordError(`The ${this.typeName} record data is malformed: ${message}`);
  }
}

// ignoreBOM keeps a leading U+FEFF in the text, so that encoding gives back the same bytes.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(reader: DataReader, bytes: Buffer, description: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return reader.fail(`${description} is not valid UTF-8`);
  }
}

function decodeData(type: number, data: Buffer): DnsRecordData {
  const reader = new DataReader(data, dnsTypeName(type));
  const decoded = decodeKnownData(type, reader);
  if (decoded === undefined) {
    return { kind: 'UNKNOWN', bytes: data };
  }

  reader.expectEnd();

  return decoded;
}

function decodeKnownData(type: number, reader: DataReader): DnsRecordData | undefined {
  switch (type) {
    case DnsType.ZERO:
      return { kind: 'ZERO', entombedTime: reader.take(8, 'EntombedTime').readBigUInt64LE(0) };
    case DnsType.A:
      return { kind: 'A', address: [...reader.take(4, 'the IPv4 address')].join('.') };
    case DnsType.AAAA:
      return { kind: 'AAAA', address: formatIpv6(reader.take(16, 'the IPv6 address')) };
    case DnsType.NS:
      return { kind: 'NS', nameNode: decodeCountName(reader, 'nameNode') };
    case DnsType.CNAME:
      return { kind: 'CNAME', nameNode: decodeCountName(reader, 'nameNode') };
    case DnsType.PTR:
      return { kind: 'PTR', nameNode: decodeCountName(reader, 'nameNode') };
    case DnsType.MX:
      return {
        kind: 'MX',
        wPreference: reader.uint16BE('wPreference'),
        nameExchange: decodeCountName(reader, 'nameExchange'),
      };
    case DnsType.SRV:
      return {
        kind: 'SRV',
        wPriority: reader.uint16BE('wPriority'),
        wWeight: reader.uint16BE('wWeight'),
        wPort: reader.uint16BE('wPort'),
        nameTarget: decodeCountName(reader, 'nameTarget'),
      };
    case DnsType.TXT:
      return { kind: 'TXT', strings: decodeCharacterStrings(reader) };
    case DnsType.SOA:
      return {
        kind: 'SOA',
        dwSerialNo: reader.uint32BE('dwSerialNo'),
        dwRefresh: reader.uint32BE('dwRefresh'),
        dwRetry: reader.uint32BE('dwRetry'),
        dwExpire: reader.uint32BE('dwExpire'),
        dwMinimumTtl: reader.uint32BE('dwMinimumTtl'),
        namePrimaryServer: decodeCountName(reader, 'namePrimaryServer'),
        zoneAdminEmail: decodeCountName(reader, 'zoneAdminEmail'),
      };
    default:
      return undefined;
  }
}

/**
 * Reads a DNS_COUNT_NAME: Length (bytes of the raw name including its final zero byte),
 * LabelCount, then each label as a length byte and its bytes, then a zero byte. The labels are
 * walked by LabelCount, and a Length that disagrees with them is rejected.
 */
function decodeCountName(reader: DataReader, field: string): string {
  const length = reader.uint8(`the ${field} Length`);
  const labelCount = reader.uint8(`the ${field} LabelCount`);
  const start = reader.position;
  const labels: string[] = [];
  for (let index = 1; index <= labelCount; index++) {
    const labelLength = reader.uint8(`${field} label ${index}`);
    if (labelLength === 0 || labelLength > MAX_LABEL_BYTES) {
      reader.fail(
        `${field} label ${index} of ${labelCount} is ${labelLength} bytes long, ` +
          `expected 1 to ${MAX_LABEL_BYTES}`,
      );
    }

    const label = decodeUtf8(reader, reader.take(labelLength, `${field} label ${index}`), field);
    if (label.includes('.')) {
      reader.fail(`${field} label ${index} contains a dot, which a dotted name cannot show`);
    }

    labels.push(label);
  }

  if (reader.uint8(`the final zero byte of ${field}`) !== 0) {
    reader.fail(`${field} has more labels than its LabelCount ${labelCount}`);
  }

  const rawLength = reader.position - start;
  if (rawLength !== length) {
    reader.fail(`the ${field} Length is ${length}, but its labels take ${rawLength} bytes`);
  }

  return labels.length === 0 ? '.' : labels.join('.');
}

function decodeCharacterStrings(reader: DataReader): string[] {
  const strings: string[] = [];
  while (reader.hasMore()) {
    const number = strings.length + 1;
    const length = reader.uint8(`the length of string ${number}`);
    strings.push(decodeUtf8(reader, reader.take(length, `string ${number}`), `string ${number}`));
  }

  return strings;
}

// ---------------------------------------------------------------------------------------------
// Data encoding

function encodeData(data: DnsRecordData): Buffer {
  switch (data.kind) {
    case 'ZERO':
      return encodeEntombedTime(data.entombedTime);
    case 'A':
      return parseIpv4(data.address, 'address');
    case 'AAAA':
      return parseIpv6(data.address, 'address');
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return encodeCountName(data.nameNode, 'nameNode');
    case 'MX':
      return Buffer.concat([
        uint16BE(data.wPreference, 'wPreference'),
        encodeCountName(data.nameExchange, 'nameExchange'),
      ]);
    case 'SRV':
      return Buffer.concat([
        uint16BE(data.wPriority, 'wPriority'),
        uint16BE(data.wWeight, 'wWeight'),
        uint16BE(data.wPort, 'wPort'),
        encodeCountName(data.nameTarget, 'nameTarget'),
      ]);
    case 'TXT':
      return encodeCharacterStrings(data.strings);
    case 'SOA':
      return Buffer.concat([
        uint32BE(data.dwSerialNo, 'dwSerialNo'),
        uint32BE(data.dwRefresh, 'dwRefresh'),
        uint32BE(data.dwRetry, 'dwRetry'),
        uint32BE(data.dwExpire, 'dwExpire'),
        uint32BE(data.dwMinimumTtl, 'dwMinimumTtl'),
        encodeCountName(data.namePrimaryServer, 'namePrimaryServer'),
        encodeCountName(data.zoneAdminEmail, 'zoneAdminEmail'),
      ]);
    case 'UNKNOWN':
      return Buffer.from(data.bytes);
  }
}

function encodeEntombedTime(entombedTime: bigint): Buffer {
  if (typeof entombedTime !== 'bigint' || entombedTime < 0n || entombedTime >= 1n << 64n) {
    throw new InvalidDnsFieldError(
      'entombedTime',
      entombedTime,
      'expected FILETIME ticks as an unsigned 64-bit bigint',
    );
  }

  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(entombedTime);

  return buffer;
}

function uint16BE(value: number, field: string): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(validateUint16(value, field));

  return buffer;
}

function uint32BE(value: number, field: string): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(validateUint32(value, field));

  return buffer;
}

/** Writes a DNS_COUNT_NAME, with Length computed from the UTF-8 bytes of the labels. */
function encodeCountName(name: string, field: string): Buffer {
  const labels = splitDnsName(name, field);
  const parts: Buffer[] = [Buffer.from([0, labels.length])];
  for (const label of labels) {
    parts.push(Buffer.from([label.length]), label);
  }

  parts.push(Buffer.from([0]));
  const buffer = Buffer.concat(parts);
  buffer[0] = buffer.length - 2;

  return buffer;
}

/**
 * Splits a dotted name into UTF-8 labels and checks the DNS limits: 1 to 63 bytes per label and
 * at most 255 bytes on the wire. One trailing dot is allowed, and `.` alone is the root name.
 */
function splitDnsName(name: unknown, field: string): Buffer[] {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidDnsFieldError(field, name, 'expected a non-empty DNS name');
  }

  if (name === '.') {
    return [];
  }

  const dotted = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = dotted.split('.').map((label) => Buffer.from(label, 'utf8'));
  if (labels.some((label) => label.length === 0)) {
    throw new InvalidDnsFieldError(field, name, 'the name has an empty label');
  }

  const longLabel = labels.find((label) => label.length > MAX_LABEL_BYTES);
  if (longLabel) {
    throw new InvalidDnsFieldError(
      field,
      name,
      `the label "${longLabel.toString('utf8')}" is ${longLabel.length} bytes long, ` +
        `more than ${MAX_LABEL_BYTES}`,
    );
  }

  const wireLength = labels.reduce((sum, label) => sum + 1 + label.length, 1);
  if (wireLength > MAX_NAME_BYTES) {
    throw new InvalidDnsFieldError(
      field,
      name,
      `the name takes ${wireLength} bytes in DNS form, more than ${MAX_NAME_BYTES}`,
    );
  }

  return labels;
}

function encodeCharacterStrings(strings: string[]): Buffer {
  const parts: Buffer[] = [];
  strings.forEach((text, index) => {
    const bytes = characterStringBytes(text, `strings[${index}]`);
    parts.push(Buffer.from([bytes.length]), bytes);
  });

  return Buffer.concat(parts);
}

function characterStringBytes(text: unknown, field: string): Buffer {
  if (typeof text !== 'string') {
    throw new InvalidDnsFieldError(field, text, 'expected a string');
  }

  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_CHARACTER_STRING_BYTES) {
    throw new InvalidDnsFieldError(
      field,
      text,
      `a TXT string holds at most ${MAX_CHARACTER_STRING_BYTES} bytes of UTF-8, ` +
        `this one needs ${bytes.length}`,
    );
  }

  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Addresses

// Four decimal octets from 0 to 255 without leading zeros, so `010.1.1.1` and `10.1` fail.
const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4_TEXT = new RegExp(`^(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}$`);

function parseIpv4(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !IPV4_TEXT.test(value)) {
    throw new InvalidDnsFieldError(
      field,
      value,
      'expected an IPv4 address as four decimal numbers from 0 to 255 without leading zeros',
    );
  }

  return Buffer.from(value.split('.').map(Number));
}

function parseIpv6(value: unknown, field: string): Buffer {
  // isIPv6 also accepts a zone index (`fe80::1%eth0`), which a record cannot store.
  if (typeof value !== 'string' || !isIPv6(value) || value.includes('%')) {
    throw new InvalidDnsFieldError(field, value, 'expected an IPv6 address without a zone index');
  }

  const [head, tail] = value.split('::');
  const headWords = ipv6Words(head);
  const tailWords = tail === undefined ? [] : ipv6Words(tail);
  const zeroWords = tail === undefined ? 0 : 8 - headWords.length - tailWords.length;
  const words = [...headWords, ...new Array<number>(zeroWords).fill(0), ...tailWords];

  const buffer = Buffer.alloc(16);
  words.forEach((word, index) => buffer.writeUInt16BE(word, 2 * index));

  return buffer;
}

/** Converts colon-separated hex groups, the last of which may be an embedded IPv4 address. */
function ipv6Words(part: string): number[] {
  if (part === '') {
    return [];
  }

  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) {
      return [parseInt(group, 16)];
    }

    const ipv4 = parseIpv4(group, 'address');

    return [ipv4.readUInt16BE(0), ipv4.readUInt16BE(2)];
  });
}

/**
 * Formats 16 bytes as RFC 5952 text: lower-case hex without leading zeros, and `::` for the first
 * longest run of two or more zero groups. IPv4-mapped addresses are printed in hex too.
 */
function formatIpv6(bytes: Buffer): string {
  const words = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(2 * index));

  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (end < 8 && words[end] === 0) {
      end++;
    }

    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
  }

  const groups = words.map((word) => word.toString(16));
  if (bestStart < 0) {
    return groups.join(':');
  }

  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');

  return `${head}::${tail}`;
}

// ---------------------------------------------------------------------------------------------
// Validators for request fields. Each returns the value to store and raises
// InvalidDnsFieldError naming the field.

/** Checks an IPv4 address in dotted-quad form without leading zeros and returns it. */
export function validateIpv4Address(value: unknown, field = 'address'): string {
  parseIpv4(value, field);

  return value as string;
}

/** Checks an IPv6 address in any RFC 4291 text form and returns its RFC 5952 form. */
export function validateIpv6Address(value: unknown, field = 'address'): string {
  return formatIpv6(parseIpv6(value, field));
}

// A host-name label: letters, digits, marks, `_` and `-` (UTF-8 allowed), no `-` at either end.
// Underscores are allowed because SRV owners and DKIM CNAME targets use them.
const HOST_LABEL = /^[\p{L}\p{M}\p{N}_](?:[\p{L}\p{M}\p{N}_-]*[\p{L}\p{M}\p{N}_])?$/u;

export interface DnsHostNameOptions {
  /** Accept the root name `.`, as in a null MX (RFC 7505) or an SRV "no service" target. */
  allowRoot?: boolean;
}

/**
 * Checks a fully qualified host name for record data (`nameNode`, `nameExchange`, `nameTarget`,
 * SOA names) and returns it without its trailing dot, the form `decodeDnsRecord` returns.
 */
export function validateDnsHostName(
  value: unknown,
  field: string,
  options: DnsHostNameOptions = {},
): string {
  if (value === '.' && !options.allowRoot) {
    throw new InvalidDnsFieldError(field, value, 'the root name is not allowed here');
  }

  const labels = splitDnsName(value, field).map((label) => label.toString('utf8'));
  const badLabel = labels.find((label) => !HOST_LABEL.test(label));
  if (badLabel !== undefined) {
    throw new InvalidDnsFieldError(
      field,
      value,
      `the label "${badLabel}" may only hold letters, digits, "_" and inner "-"`,
    );
  }

  return labels.length === 0 ? '.' : labels.join('.');
}

/**
 * Checks a record owner name relative to its zone: `@` for the apex, or labels as in a host
 * name, where the first label may be the wildcard `*`. A trailing dot is rejected, because the
 * name is relative. Whether the full name fits 255 bytes depends on the zone and is not checked.
 */
export function validateDnsOwnerName(value: unknown, field = 'name'): string {
  if (value === '@') {
    return value;
  }

  if (typeof value === 'string' && value.endsWith('.')) {
    throw new InvalidDnsFieldError(field, value, 'expected a name relative to the zone, or @');
  }

  const labels = splitDnsName(value, field).map((label) => label.toString('utf8'));
  labels.forEach((label, index) => {
    if (index === 0 && label === '*') {
      return;
    }

    if (!HOST_LABEL.test(label)) {
      throw new InvalidDnsFieldError(
        field,
        value,
        `the label "${label}" may only hold letters, digits, "_" and inner "-"`,
      );
    }
  });

  return value as string;
}

/** Returns the size of TXT data in DNS wire form: each string's UTF-8 bytes plus a length byte. */
export function txtDataLength(strings: readonly string[]): number {
  return strings.reduce((sum, text) => sum + 1 + Buffer.byteLength(text, 'utf8'), 0);
}

/**
 * Checks TXT character-strings: at least one, each at most 255 bytes of UTF-8, and together at
 * most MAX_TXT_DATA_BYTES in wire form.
 */
export function validateTxtStrings(value: unknown, field = 'stringData'): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidDnsFieldError(field, value, 'expected at least one string');
  }

  (value as unknown[]).forEach((text, index) => characterStringBytes(text, `${field}[${index}]`));
  const dataLength = txtDataLength(value as string[]);
  if (dataLength > MAX_TXT_DATA_BYTES) {
    throw new InvalidDnsFieldError(
      field,
      `${value.length} strings`,
      `the strings take ${dataLength} bytes with their length bytes, more than the ` +
        `${MAX_TXT_DATA_BYTES} the domain controller's DNS server can serve`,
    );
  }

  return value as string[];
}

/**
 * Splits text into TXT character-strings of at most 255 bytes of UTF-8 each, without cutting a
 * character in two. The empty string gives one empty character-string.
 */
export function splitTxtString(text: string): string[] {
  const strings: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const character of text) {
    const characterBytes = Buffer.byteLength(character, 'utf8');
    if (currentBytes + characterBytes > MAX_CHARACTER_STRING_BYTES) {
      strings.push(current);
      current = '';
      currentBytes = 0;
    }

    current += character;
    currentBytes += characterBytes;
  }

  strings.push(current);

  return strings;
}

function validateUnsigned(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidDnsFieldError(field, value, `expected an integer from 0 to ${max}`);
  }

  return value;
}

function validateUint8(value: unknown, field: string): number {
  return validateUnsigned(value, field, 0xff);
}

/** Checks a 16-bit field such as `wPort`, `wPriority`, `wWeight` or `wPreference`. */
export function validateUint16(value: unknown, field: string): number {
  return validateUnsigned(value, field, 0xffff);
}

/** Checks a 32-bit field such as the SOA `dwSerialNo`, `dwRefresh` or `dwExpire`. */
export function validateUint32(value: unknown, field: string): number {
  return validateUnsigned(value, field, 0xffff_ffff);
}

/** Checks a TTL in seconds, from 0 to 2^31 - 1 as RFC 2181 section 8 allows. */
export function validateDnsTtl(value: unknown, field = 'ttl'): number {
  return validateUnsigned(value, field, MAX_DNS_TTL_SECONDS);
}
