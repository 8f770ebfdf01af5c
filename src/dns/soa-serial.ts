import { decodeDnsRecord, DnsRecord, DnsType, encodeDnsRecord } from '../ldap/codecs/dns-record';
import { LdapChange } from '../ldap/ldap-gateway';

const SERIAL_MODULUS = 2 ** 32;
/** 2^31: serials this far apart or more are incomparable under RFC 1982 serial arithmetic. */
const SERIAL_HALF_RANGE = 2 ** 31;

/**
 * Returns the serial that follows `serial`: one more, modulo 2^32 (RFC 1982 section 3.1). 0 is
 * skipped, so 4294967295 is followed by 1, as BIND 9 does when it bumps a serial, because some
 * secondaries treat serial 0 as "no zone loaded". 1 is still greater than 4294967295 under
 * RFC 1982 comparison, so secondaries see the change.
 */
export function nextSoaSerial(serial: number): number {
  checkSerial(serial);
  const next = (serial + 1) % SERIAL_MODULUS;

  return next === 0 ? 1 : next;
}

/**
 * Checks whether `candidate` is greater than `current` under RFC 1982 section 3.2: the forward
 * distance is between 1 and 2^31 - 1. Equal serials and serials exactly 2^31 apart are not.
 */
export function isSerialGreater(candidate: number, current: number): boolean {
  checkSerial(candidate);
  checkSerial(current);
  const distance = (candidate - current + SERIAL_MODULUS) % SERIAL_MODULUS;

  return distance > 0 && distance < SERIAL_HALF_RANGE;
}

function checkSerial(serial: number): void {
  if (!Number.isInteger(serial) || serial < 0 || serial >= SERIAL_MODULUS) {
    throw new RangeError(`A zone serial is an integer from 0 to 4294967295, got ${serial}`);
  }
}

/** The zone's SOA value as stored at the `@` node, with its decoded record. */
export interface StoredSoa {
  bytes: Buffer;
  record: DnsRecord & { data: { kind: 'SOA' } };
}

/** Finds the SOA among the values of a zone's `@` node; undefined when the zone has none. */
export function findSoa(values: Buffer[]): StoredSoa | undefined {
  for (const bytes of values) {
    if (bytes.length < 4 || bytes.readUInt16LE(2) !== DnsType.SOA) {
      continue;
    }

    const record = decodeDnsRecord(bytes);
    if (record.data.kind === 'SOA') {
      return { bytes, record: record as StoredSoa['record'] };
    }
  }

  return undefined;
}

/**
 * Builds the SOA value with serial `serial`, keeping every other header and data field. The
 * header Serial is set to the new serial as well, as Samba 4.17 writes it.
 */
export function withSoaSerial(soa: StoredSoa, serial: number): Buffer {
  const { record } = soa;

  return encodeDnsRecord({ ...record, serial, data: { ...record.data, dwSerialNo: serial } });
}

/**
 * Returns the one modify that replaces the stored SOA value with `replacement`: a delete of the
 * exact old value and an add of the new one. Because the delete names the old value, the modify
 * fails with noSuchAttribute when another writer changed the SOA in between, instead of
 * overwriting that writer's serial.
 */
export function replaceSoaChanges(soa: StoredSoa, replacement: Buffer): LdapChange[] {
  return [
    { operation: 'delete', attribute: 'dnsRecord', values: [soa.bytes] },
    { operation: 'add', attribute: 'dnsRecord', values: [replacement] },
  ];
}
