import {
  decodeDnsRecord,
  decodeDnsRecordHeader,
  DnsRecordData,
  dnsTypeName,
  InvalidDnsRecordError,
} from '../ldap/codecs/dns-record';
import { fileTimeToDate } from '../ldap/codecs/filetime';

export const RECORD_HEADERS = ['name', 'value', 'ttl', 'typeName', 'serial'];

/** A node and the zone it belongs to, as the listing and the record endpoints see them. */
export interface DnsNodeContext {
  zone: string;
  /** Node name relative to the zone, `@` for the apex. */
  name: string;
  distinguishedName: string;
  tombstoned: boolean;
}

/**
 * One `dnsRecord` value in the shape the web frontend's DNS table reads: the node, the header,
 * the type-specific fields, and the stored value as opaque base64 (`record_bytes`) that clients
 * send back unchanged to update or delete it.
 */
export interface DnsRecordRow {
  id?: number;
  /** Position of the value in the node's `dnsRecord` attribute. */
  index: number;
  name: string;
  displayName: string;
  distinguishedName: string;
  type: number;
  typeName: string;
  serial: number;
  ttl: number;
  ts: boolean;
  record_bytes: string;
  [field: string]: unknown;
}

/** Maps one stored value to a row. A value whose data cannot be decoded is listed with its raw bytes. */
export function toRecordRow(node: DnsNodeContext, value: Buffer, index: number): DnsRecordRow {
  const base = {
    index,
    name: node.name,
    displayName: node.name === '@' ? node.zone : `${node.name}.${node.zone}`,
    distinguishedName: node.distinguishedName,
    ts: node.tombstoned,
    record_bytes: value.toString('base64'),
  };

  try {
    const record = decodeDnsRecord(value);

    return {
      ...base,
      type: record.type,
      typeName: dnsTypeName(record.type),
      serial: record.serial,
      ttl: record.ttlSeconds,
      ...dataFields(record.data),
    };
  } catch (error) {
    if (!(error instanceof InvalidDnsRecordError)) {
      throw error;
    }

    const header = decodeDnsRecordHeader(value);

    return {
      ...base,
      type: header.type,
      typeName: dnsTypeName(header.type),
      serial: header.serial,
      ttl: header.ttlSeconds,
      data: header.rawData.toString('base64'),
      malformed: true,
    };
  }
}

/** Returns the API fields of a record's data, named as the web frontend reads them. */
export function dataFields(data: DnsRecordData): Record<string, unknown> {
  switch (data.kind) {
    case 'ZERO':
      return { tstime: fileTimeToDate(data.entombedTime)?.toISOString() ?? null };
    case 'TXT':
      return { stringData: data.strings.join(''), strings: data.strings };
    case 'UNKNOWN':
      return { data: data.bytes.toString('base64') };
    case 'A':
    case 'AAAA':
      return { address: data.address };
    case 'NS':
    case 'CNAME':
    case 'PTR':
      return { nameNode: data.nameNode };
    case 'MX':
      return { wPreference: data.wPreference, nameExchange: data.nameExchange };
    case 'SRV':
      return {
        wPriority: data.wPriority,
        wWeight: data.wWeight,
        wPort: data.wPort,
        nameTarget: data.nameTarget,
      };
    case 'SOA':
      return {
        dwSerialNo: data.dwSerialNo,
        dwRefresh: data.dwRefresh,
        dwRetry: data.dwRetry,
        dwExpire: data.dwExpire,
        dwMinimumTtl: data.dwMinimumTtl,
        namePrimaryServer: data.namePrimaryServer,
        zoneAdminEmail: data.zoneAdminEmail,
      };
  }
}
