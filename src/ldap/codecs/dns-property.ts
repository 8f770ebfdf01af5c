import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when a `dNSProperty` value is shorter than its header declares. */
export class InvalidDnsPropertyError extends LdapSyntaxError {}

/** Property ids of `dNSProperty` values on a `dnsZone` (MS-DNSP 2.3.2.1). */
export const DNS_PROPERTY_ID = {
  ZONE_TYPE: 0x01,
  ALLOW_UPDATE: 0x02,
  SECURE_TIME: 0x08,
  NOREFRESH_INTERVAL: 0x10,
  AGING_ENABLED_TIME: 0x12,
  REFRESH_INTERVAL: 0x20,
  AGING_STATE: 0x40,
} as const;

/** A decoded `dNSProperty` value: its id and the raw data. */
export interface DnsProperty {
  id: number;
  data: Buffer;
}

// DataLength, NameLength, Flag, Version and Id, each a little-endian uint32.
const HEADER_LENGTH = 20;
const PROPERTY_VERSION = 1;
// The unused Name field that follows the data; Samba and Windows store it as four zero bytes.
const NAME_LENGTH = 4;

/**
 * Encodes a `dNSProperty` value: the 20-byte header, the data, and the unused Name field.
 * NameLength is written as 0, as Samba stores it.
 */
export function encodeDnsProperty({ id, data }: DnsProperty): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt32LE(data.length, 0);
  header.writeUInt32LE(PROPERTY_VERSION, 12);
  header.writeUInt32LE(id, 16);

  return Buffer.concat([header, data, Buffer.alloc(NAME_LENGTH)]);
}

export function decodeDnsProperty(bytes: Buffer): DnsProperty {
  if (bytes.length < HEADER_LENGTH) {
    throw new InvalidDnsPropertyError(
      `A dNSProperty value has a ${HEADER_LENGTH}-byte header, got ${bytes.length} bytes`,
    );
  }

  const dataLength = bytes.readUInt32LE(0);
  if (bytes.length < HEADER_LENGTH + dataLength) {
    throw new InvalidDnsPropertyError(
      `A dNSProperty value declares ${dataLength} data bytes but has ${bytes.length - HEADER_LENGTH}`,
    );
  }

  return {
    id: bytes.readUInt32LE(16),
    data: Buffer.from(bytes.subarray(HEADER_LENGTH, HEADER_LENGTH + dataLength)),
  };
}

function uint32(value: number): Buffer {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(value, 0);

  return data;
}

/**
 * Builds the properties of a new primary zone that accepts only secure dynamic updates, with aging off
 * and 168-hour refresh intervals: the values Samba writes for `samba-tool dns zonecreate`.
 */
export function primaryZoneProperties(): Buffer[] {
  return [
    { id: DNS_PROPERTY_ID.ZONE_TYPE, data: uint32(1) },
    { id: DNS_PROPERTY_ID.ALLOW_UPDATE, data: Buffer.from([2]) },
    { id: DNS_PROPERTY_ID.SECURE_TIME, data: Buffer.alloc(8) },
    { id: DNS_PROPERTY_ID.NOREFRESH_INTERVAL, data: uint32(168) },
    { id: DNS_PROPERTY_ID.REFRESH_INTERVAL, data: uint32(168) },
    { id: DNS_PROPERTY_ID.AGING_STATE, data: uint32(0) },
    { id: DNS_PROPERTY_ID.AGING_ENABLED_TIME, data: uint32(0) },
  ].map(encodeDnsProperty);
}
