import { NAME_ORDER } from '../common/name-order';
import { foldDnsCase } from '../common/validation/dns-zone-name';
import { LdapEntry } from '../ldap/ldap-entry';
import { firstRdnValue } from '../ldap/syntax/dn';
import { DnsRecordRow, RECORD_HEADERS, toRecordRow } from './dns-record.mapper';
import { DnsZoneLocation } from './dns-zone-directory';
import { ROOT_HINTS_ZONE, toDisplayZoneName } from './dns-zone-name';

/** Attributes the zones listing reads from each `dnsNode`. */
export const NODE_ATTRIBUTES = ['name', 'dnsRecord', 'dNSTombstoned'];

/** The `data` of a `POST api/domain/zones/` response. */
export interface DnsZoneListing {
  headers: string[];
  /** Zones in the domain partition, and in the legacy System container when it is enabled. */
  dnsZones: string[];
  /** Zones in the forest partition. */
  forestZones: string[];
  legacy: boolean;
  records: DnsRecordRow[];
}

/** Builds the zone-name lists, with `RootDNSServers` shown as `Root DNS Servers`. */
export function toZoneNameLists(zones: DnsZoneLocation[]): {
  dnsZones: string[];
  forestZones: string[];
} {
  const namesIn = (partitions: string[]) => {
    const names = zones
      .filter((zone) => partitions.includes(zone.partition))
      .map((zone) => toDisplayZoneName(zone.name));
    // The root hints are stored both in DomainDnsZones and in the legacy container.
    const unique = new Map(names.map((name) => [foldDnsCase(name), name]));

    return [...unique.values()];
  };

  return { dnsZones: namesIn(['domain', 'legacy']), forestZones: namesIn(['forest']) };
}

/** The listing rows of one `dnsNode`, made as its search page arrives and numbered later. */
export interface ZoneNodeRows {
  /** Node name relative to the zone, `@` for the apex. */
  name: string;
  rows: DnsRecordRow[];
}

/**
 * Maps one `dnsNode` to its rows, one per `dnsRecord` value, without `id`. Returns undefined for
 * a node whose `dNSTombstoned` is TRUE unless `includeTombstoned` is set.
 */
export function toZoneNodeRows(
  zone: DnsZoneLocation,
  entry: LdapEntry,
  includeTombstoned: boolean,
): ZoneNodeRows | undefined {
  const name = entry.text('name') ?? firstRdnValue(entry.dn);
  const tombstoned = entry.text('dNSTombstoned')?.toUpperCase() === 'TRUE';
  if (tombstoned && !includeTombstoned) {
    return undefined;
  }

  const context = { zone: zone.name, name, distinguishedName: entry.dn, tombstoned };
  const rows = entry.buffers('dnsRecord').map((value, index) => {
    const row = toRecordRow(context, value, index);
    row.displayName = displayNameOf(zone, row);

    return row;
  });

  return { name, rows };
}

/**
 * Sorts nodes by name with the apex `@` first and numbers their rows with `id` counting from 1
 * across the whole listing.
 */
export function numberZoneRows(nodes: readonly ZoneNodeRows[]): DnsRecordRow[] {
  const rows: DnsRecordRow[] = [];
  const sorted = [...nodes].sort((left, right) => compareNodeNames(left.name, right.name));
  for (const node of sorted) {
    for (const row of node.rows) {
      row.id = rows.length + 1;
      rows.push(row);
    }
  }

  return rows;
}

/** Maps the nodes of a zone to numbered listing rows with toZoneNodeRows and numberZoneRows. */
export function toZoneRecordRows(
  zone: DnsZoneLocation,
  nodes: LdapEntry[],
  includeTombstoned: boolean,
): DnsRecordRow[] {
  return numberZoneRows(
    nodes.flatMap((entry) => toZoneNodeRows(zone, entry, includeTombstoned) ?? []),
  );
}

/** Builds the `data` of the listing response. */
export function toZoneListing(
  zones: DnsZoneLocation[],
  records: DnsRecordRow[],
  legacy: boolean,
): DnsZoneListing {
  return { headers: RECORD_HEADERS, ...toZoneNameLists(zones), legacy, records };
}

function compareNodeNames(left: string, right: string): number {
  if (left === right) {
    return 0;
  }

  if (left === '@') {
    return -1;
  }

  if (right === '@') {
    return 1;
  }

  return NAME_ORDER.compare(left, right);
}

// Root hints belong to the root zone, so their owners are the node names themselves and
// `RootDNSServers` is no suffix of them.
function displayNameOf(zone: DnsZoneLocation, row: DnsRecordRow): string {
  if (foldDnsCase(zone.name) !== foldDnsCase(ROOT_HINTS_ZONE)) {
    return row.displayName;
  }

  return row.name === '@' ? '.' : row.name;
}
