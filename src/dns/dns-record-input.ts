import { DomainError, ErrorCode } from '../common/errors';
import { checkDnsZoneName, foldDnsCase } from '../common/validation/dns-zone-name';
import {
  decodeDnsRecord,
  DnsRecord,
  DnsType,
  InvalidDnsFieldError,
  InvalidDnsRecordError,
  MAX_DNS_TTL_SECONDS,
  NewDnsRecordData,
  splitTxtString,
  validateDnsHostName,
  validateDnsOwnerName,
  validateDnsTtl,
  validateIpv4Address,
  validateIpv6Address,
  validateTxtStrings,
  validateUint16,
  validateUint32,
} from '../ldap/codecs/dns-record';
import { canonicalZoneName } from './dns-zone-directory';

/** Type code the seed-era frontend sends for PTR (35 is NAPTR); with `nameNode` it means PTR. */
export const FRONTEND_PTR_TYPE = 35;

/** Maximum number of rows in one `records` delete request. */
export const MAX_RECORDS_PER_DELETE = 500;

/** Record types insert accepts. SOA is only written by update, because every zone has one. */
export const INSERTABLE_TYPES: ReadonlySet<number> = new Set([
  DnsType.A,
  DnsType.AAAA,
  DnsType.CNAME,
  DnsType.NS,
  DnsType.PTR,
  DnsType.MX,
  DnsType.TXT,
  DnsType.SRV,
]);

/** Record types update accepts: the insertable ones and SOA. */
export const UPDATABLE_TYPES: ReadonlySet<number> = new Set([...INSERTABLE_TYPES, DnsType.SOA]);

/** The API fields that carry each writable type's data. */
const TYPE_FIELDS: Record<number, readonly string[]> = {
  [DnsType.A]: ['address'],
  [DnsType.AAAA]: ['address'],
  [DnsType.CNAME]: ['nameNode'],
  [DnsType.NS]: ['nameNode'],
  [DnsType.PTR]: ['nameNode'],
  [DnsType.MX]: ['wPreference', 'nameExchange'],
  [DnsType.TXT]: ['stringData'],
  [DnsType.SRV]: ['wPriority', 'wWeight', 'wPort', 'nameTarget'],
  [DnsType.SOA]: [
    'dwSerialNo',
    'dwRefresh',
    'dwRetry',
    'dwExpire',
    'dwMinimumTtl',
    'namePrimaryServer',
    'zoneAdminEmail',
  ],
};

const COMMON_FIELDS = ['name', 'type', 'zone', 'ttl', 'createPtr'];

/**
 * Keys of a listed row that the API computed. Update and delete receive whole rows back, so these
 * keys are ignored there. `record_bytes` is read from `oldRecord` and from deleted rows only.
 */
const LISTED_ROW_KEYS = new Set([
  'id',
  'index',
  'displayName',
  'distinguishedName',
  'typeName',
  'serial',
  'ts',
  'record_bytes',
  'strings',
  'tstime',
  'data',
  'malformed',
]);

/** A validated record from an insert or update request. */
export interface RecordInput {
  /** The zone name as sent, without a trailing dot. */
  zone: string;
  /** Owner name relative to the zone, `@` for the apex. */
  name: string;
  type: number;
  ttl: number;
  data: NewDnsRecordData;
  /** Maintain the matching PTR record in a reverse zone (A and AAAA only). */
  createPtr: boolean;
}

/** A stored value named by a row the API listed: the node and the exact `dnsRecord` bytes. */
export interface StoredRecordReference {
  zone: string;
  name: string;
  bytes: Buffer;
  /** The decoded value; undefined when only its header could be read. */
  record: DnsRecord | undefined;
  type: number;
  /** Remove the PTR record that points at this A or AAAA record too (delete only). */
  createPtr: boolean;
  /** Path of the row in the request body, such as `record` or `records[3]`. */
  path: string;
}

export type RecordRequestMode = 'insert' | 'update';

function fieldError(field: string, problem: string): DomainError {
  return new DomainError(ErrorCode.DnsRecordFieldInvalid, `${field} ${problem}.`, { field });
}

function missingError(field: string): DomainError {
  return new DomainError(ErrorCode.DnsRecordAttributeMissing, `${field} is required.`, { field });
}

/** Turns a codec validation error into the API's field error, and passes anything else on. */
function asFieldError(error: unknown, field: string): unknown {
  if (error instanceof InvalidDnsFieldError) {
    return new DomainError(ErrorCode.DnsRecordFieldInvalid, `${error.message}.`, {
      field: error.field === field || error.field.startsWith(`${field}[`) ? error.field : field,
      cause: error,
    });
  }

  return error;
}

function validated<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw asFieldError(error, field);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Reads an unsigned integer sent as a JSON number or as a string of decimal digits, because the
 * web frontend's text fields send numbers as strings ("10").
 */
export function parseUnsigned(value: unknown, field: string, max: number): number {
  const number = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > max) {
    throw fieldError(field, `must be an integer from 0 to ${max}`);
  }

  return number;
}

/** Reads the record type; 35 with `nameNode` is PTR, as the seed-era frontend sends it. */
function parseType(record: Record<string, unknown>, path: string, allowed: ReadonlySet<number>) {
  if (!isGiven(record.type)) {
    throw missingError(`${path}.type`);
  }

  let type = parseUnsigned(record.type, `${path}.type`, 0xffff);
  if (type === FRONTEND_PTR_TYPE && record.nameNode !== undefined) {
    type = DnsType.PTR;
  }

  if (!allowed.has(type)) {
    const names = [...allowed].map((code) => `${code}`).join(', ');
    throw new DomainError(
      ErrorCode.DnsRecordTypeUnsupported,
      `${path}.type ${type} cannot be written here; the supported type codes are ${names}` +
        (type === DnsType.SOA ? ' (a zone SOA record is changed with update)' : '') +
        '.',
      { field: `${path}.type` },
    );
  }

  return type;
}

/** Checks a zone name from a request and returns it without a trailing dot. */
export function parseZoneName(value: unknown, field: string): string {
  if (!isGiven(value)) {
    throw missingError(field);
  }

  const problem = checkDnsZoneName(value);
  if (problem !== undefined) {
    throw fieldError(field, problem);
  }

  return (value as string).replace(/\.$/, '');
}

/**
 * Checks an owner name relative to `zone`. The zone's own name must not be repeated in it
 * (`www.example.lan` in zone `example.lan`), because the node would be `www.example.lan.example.lan`.
 */
export function parseOwnerName(value: unknown, field: string, zone: string): string {
  if (!isGiven(value)) {
    throw missingError(field);
  }

  const name = validated(field, () => validateDnsOwnerName(value, field));
  const lower = foldDnsCase(name);
  const zoneName = canonicalZoneName(zone);
  if (lower === zoneName || lower.endsWith(`.${zoneName}`)) {
    throw new DomainError(
      ErrorCode.DnsZoneInRecordName,
      `${field} "${name}" repeats the zone name; send the name relative to zone ${zone}, ` +
        'or @ for the zone itself.',
      { field },
    );
  }

  const fullName = name === '@' ? zoneName : `${lower}.${zoneName}`;
  const wireLength = fullName
    .split('.')
    .reduce((sum, label) => sum + 1 + Buffer.byteLength(label), 1);
  if (wireLength > 255) {
    throw fieldError(
      field,
      `makes the full name ${wireLength} bytes long in DNS form, more than 255`,
    );
  }

  return name;
}

function required(record: Record<string, unknown>, key: string, path: string): unknown {
  const value = record[key];
  if (value === undefined || value === null || value === '') {
    throw missingError(`${path}.${key}`);
  }

  return value;
}

function hostName(record: Record<string, unknown>, key: string, path: string, allowRoot = false) {
  const field = `${path}.${key}`;
  const value = required(record, key, path);

  return validated(field, () => validateDnsHostName(value, field, { allowRoot }));
}

function uint16(record: Record<string, unknown>, key: string, path: string): number {
  const field = `${path}.${key}`;

  return validated(field, () =>
    validateUint16(parseUnsigned(required(record, key, path), field, 0xffff), field),
  );
}

function uint32(record: Record<string, unknown>, key: string, path: string): number {
  const field = `${path}.${key}`;

  return validated(field, () =>
    validateUint32(parseUnsigned(required(record, key, path), field, 0xffff_ffff), field),
  );
}

/**
 * Reads an SOA timer in seconds (`dwRefresh`, `dwRetry`, `dwExpire`, `dwMinimumTtl`), from 0 to
 * 2147483647 like a TTL. RFC 2308 section 4 uses the minimum field as the TTL of negative
 * responses, and a secondary reads the other timers as durations of the same kind.
 */
function soaTimer(record: Record<string, unknown>, key: string, path: string): number {
  const field = `${path}.${key}`;

  return parseUnsigned(required(record, key, path), field, MAX_DNS_TTL_SECONDS);
}

/**
 * Reads TXT data: a string becomes one character-string, split into 255-byte pieces when longer,
 * and an array becomes one character-string per element. The empty string is one empty
 * character-string, as `[""]` is. On update, an unchanged `stringData` keeps the listed
 * `strings`, so a record of several strings is not joined into one.
 */
function txtStrings(record: Record<string, unknown>, path: string, mode: RecordRequestMode) {
  const field = `${path}.stringData`;
  const value = record.stringData;
  if (value === undefined || value === null) {
    throw missingError(field);
  }

  if (Array.isArray(value)) {
    return validated(field, () => validateTxtStrings(value, field));
  }

  if (typeof value !== 'string') {
    throw fieldError(field, 'must be a string or an array of strings');
  }

  const listed = record.strings;
  if (
    mode === 'update' &&
    Array.isArray(listed) &&
    listed.every((text) => typeof text === 'string') &&
    listed.join('') === value
  ) {
    return validated(field, () => validateTxtStrings(listed, field));
  }

  return validated(field, () => validateTxtStrings(splitTxtString(value), field));
}

function recordData(
  record: Record<string, unknown>,
  type: number,
  path: string,
  mode: RecordRequestMode,
): NewDnsRecordData {
  const addressField = `${path}.address`;
  switch (type) {
    case DnsType.A:
      return {
        kind: 'A',
        address: validated(addressField, () =>
          validateIpv4Address(required(record, 'address', path), addressField),
        ),
      };
    case DnsType.AAAA:
      return {
        kind: 'AAAA',
        address: validated(addressField, () =>
          validateIpv6Address(required(record, 'address', path), addressField),
        ),
      };
    case DnsType.CNAME:
      return { kind: 'CNAME', nameNode: hostName(record, 'nameNode', path) };
    case DnsType.NS:
      return { kind: 'NS', nameNode: hostName(record, 'nameNode', path) };
    case DnsType.PTR:
      return { kind: 'PTR', nameNode: hostName(record, 'nameNode', path) };
    case DnsType.MX:
      return {
        kind: 'MX',
        wPreference: uint16(record, 'wPreference', path),
        // The root name is a null MX (RFC 7505): the domain accepts no mail.
        nameExchange: hostName(record, 'nameExchange', path, true),
      };
    case DnsType.TXT:
      return { kind: 'TXT', strings: txtStrings(record, path, mode) };
    case DnsType.SRV:
      return {
        kind: 'SRV',
        wPriority: uint16(record, 'wPriority', path),
        wWeight: uint16(record, 'wWeight', path),
        wPort: uint16(record, 'wPort', path),
        // The root name means "the service is not available here" (RFC 2782).
        nameTarget: hostName(record, 'nameTarget', path, true),
      };
    case DnsType.SOA:
      return {
        kind: 'SOA',
        dwSerialNo: uint32(record, 'dwSerialNo', path),
        dwRefresh: soaTimer(record, 'dwRefresh', path),
        dwRetry: soaTimer(record, 'dwRetry', path),
        dwExpire: soaTimer(record, 'dwExpire', path),
        dwMinimumTtl: soaTimer(record, 'dwMinimumTtl', path),
        namePrimaryServer: hostName(record, 'namePrimaryServer', path),
        zoneAdminEmail: hostName(record, 'zoneAdminEmail', path),
      };
    default:
      throw new DomainError(
        ErrorCode.DnsRecordTypeUnsupported,
        `${path}.type ${type} is not supported.`,
        {
          field: `${path}.type`,
        },
      );
  }
}

function rejectUnknownKeys(
  record: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  ignored: ReadonlySet<string>,
  path: string,
): void {
  const unknown = Object.keys(record).find((key) => !allowed.has(key) && !ignored.has(key));
  if (unknown !== undefined) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${path}.${unknown} is not a field of this record type.`,
      { field: `${path}.${unknown}` },
    );
  }
}

function parseCreatePtr(value: unknown, field: string, type: number): boolean {
  if (value === undefined || value === null) {
    return false;
  }

  if (typeof value !== 'boolean') {
    throw fieldError(field, 'must be true or false');
  }

  if (value && type !== DnsType.A && type !== DnsType.AAAA) {
    throw fieldError(field, 'is only allowed on A and AAAA records');
  }

  return value;
}

/**
 * Validates the `record` object of an insert or update request, every field before any LDAP
 * call. Insert rejects any key that is not a field of the record's type. Update ignores the keys
 * the listing computed, because the frontend sends the listed row back with its edits.
 */
export function parseRecordInput(
  value: unknown,
  mode: RecordRequestMode,
  path = 'record',
): RecordInput {
  if (value === undefined || value === null) {
    throw new DomainError(ErrorCode.DnsRecordNotInRequest, `The request has no ${path} object.`, {
      field: path,
    });
  }

  if (!isPlainObject(value)) {
    throw fieldError(path, 'must be an object');
  }

  const type = parseType(value, path, mode === 'insert' ? INSERTABLE_TYPES : UPDATABLE_TYPES);
  const allowed = new Set([...COMMON_FIELDS, ...TYPE_FIELDS[type]]);
  rejectUnknownKeys(value, allowed, mode === 'update' ? LISTED_ROW_KEYS : new Set(), path);

  const zone = parseZoneName(value.zone, `${path}.zone`);
  const name = parseOwnerName(value.name, `${path}.name`, zone);
  if (type === DnsType.SOA && name !== '@') {
    throw new DomainError(
      ErrorCode.DnsSoaRootOnly,
      `A SOA record belongs to the zone itself, so ${path}.name must be @.`,
      { field: `${path}.name` },
    );
  }

  if (!isGiven(value.ttl)) {
    throw missingError(`${path}.ttl`);
  }

  const ttl = validated(`${path}.ttl`, () =>
    validateDnsTtl(parseUnsigned(value.ttl, `${path}.ttl`, MAX_DNS_TTL_SECONDS), `${path}.ttl`),
  );

  const data = recordData(value, type, path, mode);
  checkCnameTarget(data, name, zone, path);

  return {
    zone,
    name,
    type,
    ttl,
    data,
    createPtr: parseCreatePtr(value.createPtr, `${path}.createPtr`, type),
  };
}

/** Rejects a CNAME whose target is its own owner name, which would make a one-step loop. */
function checkCnameTarget(data: NewDnsRecordData, name: string, zone: string, path: string) {
  if (data.kind !== 'CNAME') {
    return;
  }

  const owner =
    name === '@' ? canonicalZoneName(zone) : `${foldDnsCase(name)}.${canonicalZoneName(zone)}`;
  if (foldDnsCase(data.nameNode) === owner) {
    throw fieldError(
      `${path}.nameNode`,
      `is the record's own name ${owner}, so the alias would point at itself; name another host`,
    );
  }
}

/**
 * Validates a listed row sent back to name a stored value: `name`, `record_bytes` and the zone
 * (from the row, or `zone` when the row has none, as `oldRecord` in an update). Other keys of
 * the row are ignored, because the bytes identify the value exactly.
 */
export function parseStoredReference(
  value: unknown,
  path: string,
  zone?: string,
): StoredRecordReference {
  if (!isPlainObject(value)) {
    throw value === undefined || value === null
      ? new DomainError(ErrorCode.DnsRecordNotInRequest, `The request has no ${path} object.`, {
          field: path,
        })
      : fieldError(path, 'must be an object');
  }

  const rowZone =
    value.zone === undefined || value.zone === null
      ? zone
      : parseZoneName(value.zone, `${path}.zone`);
  if (rowZone === undefined) {
    throw missingError(`${path}.zone`);
  }

  if (zone !== undefined && canonicalZoneName(rowZone) !== canonicalZoneName(zone)) {
    throw fieldError(`${path}.zone`, `must be the zone of the edited record, ${zone}`);
  }

  const name = parseOwnerName(value.name, `${path}.name`, rowZone);
  const bytesField = `${path}.record_bytes`;
  const encoded = required(value, 'record_bytes', path);
  if (
    typeof encoded !== 'string' ||
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded)
  ) {
    throw fieldError(bytesField, 'must be the base64 record_bytes the zone listing returned');
  }

  const bytes = Buffer.from(encoded, 'base64');
  let record: DnsRecord | undefined;
  let type: number;
  try {
    record = decodeDnsRecord(bytes);
    type = record.type;
  } catch (error) {
    if (!(error instanceof InvalidDnsRecordError) || bytes.length < 24) {
      throw fieldError(bytesField, 'is not a dnsRecord value');
    }

    // A value whose data the codec rejects can still be deleted by its bytes.
    type = bytes.readUInt16LE(2);
  }

  return {
    zone: rowZone,
    name,
    bytes,
    record,
    type,
    createPtr: parseCreatePtr(value.createPtr, `${path}.createPtr`, type),
    path,
  };
}
