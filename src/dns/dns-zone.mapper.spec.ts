import { buildDnsRecord, buildDnsTombstone, encodeDnsRecord } from '../ldap/codecs/dns-record';
import { LdapEntry } from '../ldap/ldap-entry';
import { DnsZoneLocation } from './dns-zone-directory';
import { toZoneNameLists, toZoneRecordRows } from './dns-zone.mapper';

const ZONE: DnsZoneLocation = {
  name: 'example.lan',
  dn: 'DC=example.lan,CN=MicrosoftDNS,DC=DomainDnsZones,DC=example,DC=lan',
  partition: 'domain',
};

function aRecord(address: string): Buffer {
  return encodeDnsRecord(buildDnsRecord({ kind: 'A', address }, { ttlSeconds: 900, serial: 3 }));
}

function node(name: string, values: Buffer[], tombstoned?: string): LdapEntry {
  const attributes: Record<string, string | Buffer[]> = { name, dnsRecord: values };
  if (tombstoned !== undefined) {
    attributes.dNSTombstoned = tombstoned;
  }

  return new LdapEntry(`DC=${name},${ZONE.dn}`, attributes);
}

describe(toZoneRecordRows.name, () => {
  it('numbers every value across nodes with the apex first', () => {
    const nodes = [
      node('www', [aRecord('192.0.2.1'), aRecord('192.0.2.2')]),
      node('@', [aRecord('192.0.2.9')]),
      node('_ldap._tcp', [aRecord('192.0.2.3')]),
    ];

    const rows = toZoneRecordRows(ZONE, nodes, false);

    expect(rows.map((row) => [row.id, row.name, row.index, row.address])).toEqual([
      [1, '@', 0, '192.0.2.9'],
      [2, '_ldap._tcp', 0, '192.0.2.3'],
      [3, 'www', 0, '192.0.2.1'],
      [4, 'www', 1, '192.0.2.2'],
    ]);
    expect(rows[0].displayName).toBe('example.lan');
    expect(rows[3].displayName).toBe('www.example.lan');
  });

  it('hides tombstoned nodes unless asked', () => {
    const tombstone = encodeDnsRecord(buildDnsTombstone(new Date('2024-01-01T00:00:00Z'), 4));
    const nodes = [
      node('gone', [tombstone], 'TRUE'),
      node('kept', [aRecord('192.0.2.1')], 'FALSE'),
    ];

    const hidden = toZoneRecordRows(ZONE, nodes, false);
    const withTombstones = toZoneRecordRows(ZONE, nodes, true);

    expect(hidden.map((row) => [row.name, row.ts])).toEqual([['kept', false]]);
    expect(withTombstones.map((row) => [row.name, row.ts])).toEqual([
      ['gone', true],
      ['kept', false],
    ]);
  });

  it('names root hints without the zone suffix', () => {
    const rootHints = { ...ZONE, name: 'RootDNSServers' };

    const rows = toZoneRecordRows(
      rootHints,
      [node('@', [aRecord('192.0.2.1')]), node('a.root-servers.net', [aRecord('198.41.0.4')])],
      false,
    );

    expect(rows.map((row) => row.displayName)).toEqual(['.', 'a.root-servers.net']);
  });
});

describe(toZoneNameLists.name, () => {
  it('splits partitions and shows the root hints once by display name', () => {
    const zones: DnsZoneLocation[] = [
      ZONE,
      { name: 'RootDNSServers', dn: 'DC=RootDNSServers,x', partition: 'domain' },
      { name: 'RootDNSServers', dn: 'DC=RootDNSServers,y', partition: 'legacy' },
      { name: '_msdcs.example.lan', dn: 'DC=_msdcs.example.lan,z', partition: 'forest' },
    ];

    expect(toZoneNameLists(zones)).toEqual({
      dnsZones: ['example.lan', 'Root DNS Servers'],
      forestZones: ['_msdcs.example.lan'],
    });
  });
});
