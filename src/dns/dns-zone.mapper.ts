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

/**
 * Maps the nodes of a zone to listing rows, one per `dnsRecord` value, with `id` counting from
 * 1 across the whole listing. Nodes are sorted by name with the apex `@` first. Nodes whose
 * `dNSTombstoned` is TRUE are left out unless `includeTombstoned` is set.
 */
export function toZoneRecordRows(
  zone: DnsZoneLocation,
  nodes: LdapEntry[],
  includeTombstoned: boolean,
): DnsRecordRow[] {
  const named = nodes.map((entry) => ({
    entry,
    name: entry.text('name') ?? firstRdnValue(entry.dn),
    tombstoned: entry.text('dNSTombstoned')?.toUpperCase() === 'TRUE',
  }));
  const visible = named
    .filter((node) => includeTombstoned || !node.tombstoned)
    .sort((left, right) => compareNodeNames(left.name, right.name));

  const rows: DnsRecordRow[] = [];
  for (const node of visible) {
    const context = {
      zone: zone.name,
      name: node.name,
      distinguishedName: node.entry.dn,
      tombstoned: node.tombstoned,
    };
    node.entry.buffers('dnsRecord').forEach((value, index) => {
      const row = toRecordRow(context, value, index);
      rows.push({ ...row, id: rows.length + 1, displayName: displayNameOf(zone, row) });
    });
  }

  return rows;
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
