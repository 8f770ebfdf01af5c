import { DomainError, ErrorCode } from '../common/errors';
import { foldDnsCase } from '../common/validation/dns-zone-name';
import {
  decodeDnsRecord,
  DnsRecord,
  DnsRecordData,
  DnsType,
  dnsTypeName,
  InvalidDnsRecordError,
  MAX_TXT_DATA_BYTES,
  txtDataLength,
} from '../ldap/codecs/dns-record';

/** One value of a node's `dnsRecord`, decoded when the codec can read it. */
export interface StoredValue {
  bytes: Buffer;
  type: number;
  record: DnsRecord | undefined;
}

/** Reads the values of a node. Tombstones (type 0) are kept here; `liveValues` drops them. */
export function storedValues(values: Buffer[]): StoredValue[] {
  return values.map((bytes) => {
    try {
      const record = decodeDnsRecord(bytes);

      return { bytes, type: record.type, record };
    } catch (error) {
      if (!(error instanceof InvalidDnsRecordError)) {
        throw error;
      }

      return { bytes, type: bytes.length >= 4 ? bytes.readUInt16LE(2) : -1, record: undefined };
    }
  });
}

/** Drops tombstones (type 0). The DNS server does not serve them, and the conflict checks skip them. */
export function liveValues(values: StoredValue[]): StoredValue[] {
  return values.filter((value) => value.type !== DnsType.ZERO);
}

function canonicalName(name: string): string {
  return foldDnsCase(name.replace(/\.$/, ''));
}

/**
 * Returns a key that is equal for two records with the same type and RDATA, comparing host names
 * without case and trailing dot, as DNS does. Header fields (TTL, serial) are not part of it.
 */
export function rdataKey(type: number, data: DnsRecordData): string {
  switch (data.kind) {
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return `${type}:${canonicalName(data.nameNode)}`;
    case 'MX':
      return `${type}:${data.wPreference}:${canonicalName(data.nameExchange)}`;
    case 'SRV':
      return `${type}:${data.wPriority}:${data.wWeight}:${data.wPort}:${canonicalName(data.nameTarget)}`;
    case 'SOA':
      return `${type}:SOA`;
    case 'TXT':
      return `${type}:${JSON.stringify(data.strings)}`;
    case 'A':
    case 'AAAA':
      return `${type}:${data.address}`;
    case 'ZERO':
      return `${type}:${data.entombedTime}`;
    case 'UNKNOWN':
      return `${type}:${data.bytes.toString('hex')}`;
  }
}

function describe(nodeName: string, type: number): string {
  return `${nodeName} (${dnsTypeName(type)})`;
}

/**
 * Checks whether `candidate` may join the live values of node `nodeName`, and throws the 409 that
 * explains why not:
 * - the same type and RDATA is already there (`dns_record_exists_conflict`);
 * - a name with a CNAME contains no other record, and a name with other records gets no CNAME
 *   (RFC 1034 section 3.6.2, `dns_record_type_conflict`);
 * - a zone has one SOA, at `@` (`dns_record_exists_conflict`);
 * - the TXT records of one name take at most MAX_TXT_DATA_BYTES together, because the DNS
 *   server sends them in one answer (`dns_field_validator_failed` on `stringData`).
 * Callers pass the node's values without the one an update replaces.
 */
export function checkRecordConflicts(
  nodeName: string,
  existing: StoredValue[],
  candidate: { type: number; data: DnsRecordData },
  field = 'record',
): void {
  const live = liveValues(existing);
  const key = rdataKey(candidate.type, candidate.data);
  if (
    live.some(
      (value) => value.record !== undefined && rdataKey(value.type, value.record.data) === key,
    )
  ) {
    throw new DomainError(
      ErrorCode.DnsRecordExists,
      `${describe(nodeName, candidate.type)} already has a record with this value.`,
      { field },
    );
  }

  if (candidate.type === DnsType.SOA && live.some((value) => value.type === DnsType.SOA)) {
    throw new DomainError(ErrorCode.DnsRecordExists, `The zone already has a SOA record.`, {
      field,
    });
  }

  checkTxtDataLength(nodeName, live, candidate, field);

  if (candidate.type === DnsType.CNAME && live.length > 0) {
    const other = dnsTypeName(live[0].type);
    throw new DomainError(
      ErrorCode.DnsRecordTypeConflict,
      `${nodeName} already has a ${other} record, and a name with a CNAME record can hold no other record.`,
      { field },
    );
  }

  if (candidate.type !== DnsType.CNAME && live.some((value) => value.type === DnsType.CNAME)) {
    throw new DomainError(
      ErrorCode.DnsRecordTypeConflict,
      `${nodeName} has a CNAME record, so it can hold no ${dnsTypeName(candidate.type)} record; ` +
        'delete the CNAME first.',
      { field },
    );
  }
}

function checkTxtDataLength(
  nodeName: string,
  live: StoredValue[],
  candidate: { type: number; data: DnsRecordData },
  field: string,
): void {
  if (candidate.data.kind !== 'TXT') {
    return;
  }

  const stored = live
    .filter((value) => value.type === DnsType.TXT)
    .reduce((sum, value) => sum + storedDataLength(value), 0);
  const total = stored + txtDataLength(candidate.data.strings);
  if (stored > 0 && total > MAX_TXT_DATA_BYTES) {
    throw new DomainError(
      ErrorCode.DnsRecordFieldInvalid,
      `${field}.stringData would bring the TXT records of ${nodeName} to ${total} bytes, more ` +
        `than the ${MAX_TXT_DATA_BYTES} the domain controller's DNS server can serve in one ` +
        `answer; ${nodeName} already has ${stored} bytes of TXT data.`,
      { field: `${field}.stringData` },
    );
  }
}

/** Returns the DNS wire size of a stored value's data, the bytes after its 24-byte header. */
function storedDataLength(value: StoredValue): number {
  return value.record?.data.kind === 'TXT'
    ? txtDataLength(value.record.data.strings)
    : Math.max(0, value.bytes.length - 24);
}

/**
 * Checks that removing `removed` from a node leaves what a zone needs: the SOA is never removed,
 * and the apex keeps at least one NS record. Values are compared by their bytes.
 */
export function checkRemovalAllowed(
  nodeName: string,
  existing: StoredValue[],
  removed: Buffer[],
  field: string,
): void {
  const isRemoved = (value: StoredValue) => removed.some((bytes) => bytes.equals(value.bytes));
  const live = liveValues(existing);
  if (live.some((value) => value.type === DnsType.SOA && isRemoved(value))) {
    throw new DomainError(
      ErrorCode.DnsRecordNotDeletable,
      'The SOA record of a zone cannot be deleted; delete the zone instead.',
      { field },
    );
  }

  if (nodeName !== '@') {
    return;
  }

  const nameServers = live.filter((value) => value.type === DnsType.NS);
  if (nameServers.length > 0 && nameServers.every(isRemoved)) {
    throw new DomainError(
      ErrorCode.DnsRecordNotDeletable,
      'The last NS record of a zone cannot be removed; add another NS record first.',
      { field },
    );
  }
}
