import { randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';

import { buildDnsTombstone, encodeDnsRecord } from '../src/ldap/codecs/dns-record';
import { LdapGateway } from '../src/ldap/ldap-gateway';
import { login, startTestApp, TestApp } from './support/app';
import { sambaToolDns, sambaZoneNames } from './support/samba-tool';

const DOMAIN = 'interlock.test';
const DC_HOST = 'sandbox-dc.interlock.test';
const DOMAIN_ZONES = 'CN=MicrosoftDNS,DC=DomainDnsZones,DC=interlock,DC=test';

interface Row {
  id: number;
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

interface Listing {
  headers: string[];
  dnsZones: string[];
  forestZones: string[];
  legacy: boolean;
  records: Row[];
}

function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** The SOA the DC's own DNS server returns for a zone, asked over UDP on 127.0.0.1:53. */
async function servedSoa(zone: string) {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers(['127.0.0.1']);

  return resolver.resolveSoa(zone);
}

describe('DNS zones (e2e)', () => {
  let app: TestApp;
  let admin: string;
  /** Zones this suite may have created. afterAll deletes those that still exist. */
  const created = new Set<string>();

  beforeAll(async () => {
    // READ rows are off by default, and the audit test checks that the listing writes one.
    app = await startTestApp({ LDAP_LOG_READ: 'true' });
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
  });

  afterAll(async () => {
    const remaining = await sambaZoneNames();
    for (const zone of created) {
      if (remaining.includes(zone.toLowerCase())) {
        await sambaToolDns('zonedelete', zone);
      }
    }

    await app.close();
  });

  function listZone(body: unknown) {
    return app.http
      .post('/api/domain/zones/')
      .set('Authorization', admin)
      .send(body as object);
  }

  function insertZone(dnsZone: unknown) {
    return app.http.post('/api/domain/insert/').set('Authorization', admin).send({ dnsZone });
  }

  function deleteZone(dnsZone: unknown) {
    return app.http.post('/api/domain/delete/').set('Authorization', admin).send({ dnsZone });
  }

  async function listRecords(zone: string): Promise<Row[]> {
    const response = await listZone({ filter: { dnsZone: zone } }).expect(200);

    return (response.body.data as Listing).records;
  }

  async function createZone(zone: string): Promise<void> {
    created.add(zone);
    await insertZone(zone).expect(200);
  }

  describe('POST api/domain/zones/', () => {
    it('lists the domain zone by default', async () => {
      const response = await listZone({}).expect(200);
      const data = response.body.data as Listing;

      expect(response.body.code).toBe(0);
      expect(data.headers).toEqual(['name', 'value', 'ttl', 'typeName', 'serial']);
      expect(data.dnsZones).toEqual(expect.arrayContaining([DOMAIN, 'Root DNS Servers']));
      expect(data.dnsZones).not.toContain('RootDNSServers');
      expect(data.forestZones).toEqual(expect.arrayContaining([`_msdcs.${DOMAIN}`]));
      expect(data.legacy).toBe(false);
      expect(data.records.every((row) => row.displayName.endsWith(DOMAIN))).toBe(true);
    });

    it('lists the DC host record', async () => {
      const records = await listRecords(DOMAIN);
      const hostRecord = records.find((row) => row.name === 'sandbox-dc' && row.type === 1);

      expect(hostRecord).toMatchObject({
        name: 'sandbox-dc',
        displayName: DC_HOST,
        distinguishedName: `DC=sandbox-dc,DC=${DOMAIN},${DOMAIN_ZONES}`,
        typeName: 'A',
        address: '127.0.0.1',
        ts: false,
      });
    });

    it('lists the domain SOA with its fields', async () => {
      const records = await listRecords(DOMAIN);
      const soa = records.filter((row) => row.type === 6);

      expect(soa).toHaveLength(1);
      expect(soa[0]).toMatchObject({
        name: '@',
        displayName: DOMAIN,
        typeName: 'SOA',
        ttl: 3600,
        dwRefresh: 900,
        dwRetry: 600,
        dwExpire: 86400,
        dwMinimumTtl: 3600,
        namePrimaryServer: DC_HOST,
        zoneAdminEmail: `hostmaster.${DOMAIN}`,
      });
      expect(soa[0].dwSerialNo).toBe((await servedSoa(DOMAIN)).serial);
    });

    it('lists SRV locator records', async () => {
      const records = await listRecords(DOMAIN);
      const ldap = records.find((row) => row.name === '_ldap._tcp' && row.typeName === 'SRV');

      expect(ldap).toMatchObject({ wPort: 389, nameTarget: DC_HOST });
    });

    it('numbers rows with unique ids', async () => {
      const records = await listRecords(DOMAIN);
      const ids = records.map((row) => row.id);

      expect(ids).toEqual(records.map((_row, position) => position + 1));
      expect(records[0].name).toBe('@');
    });

    it.each([
      ['a null filter', { filter: null }],
      ['an empty filter', { filter: {} }],
      ['an empty zone name', { filter: { dnsZone: '' } }],
      ['the upper-case name with a trailing dot', { filter: { dnsZone: 'INTERLOCK.TEST.' } }],
    ])('reads %s as the domain zone', async (_case, body) => {
      const response = await listZone(body).expect(200);
      const records = (response.body.data as Listing).records;

      expect(records.some((row) => row.name === 'sandbox-dc')).toBe(true);
    });

    it('lists the root hints by their display name', async () => {
      const records = await listRecords('Root DNS Servers');
      const rootNs = records.filter((row) => row.name === '@' && row.typeName === 'NS');

      expect(rootNs.length).toBeGreaterThan(0);
      expect(records.find((row) => row.name === 'a.root-servers.net')?.displayName).toBe(
        'a.root-servers.net',
      );
    });

    it('lists the forest _msdcs zone', async () => {
      const records = await listRecords(`_msdcs.${DOMAIN}`);

      expect(records.some((row) => row.typeName === 'SOA')).toBe(true);
    });

    it('answers 404 for an unknown zone', async () => {
      const response = await listZone({ filter: { dnsZone: `zt-${uniqueSuffix()}.example` } });

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        code: 'dns_zone_not_found',
        field: 'filter.dnsZone',
        status_code: 404,
      });
    });

    it.each([
      ['a number', { filter: { dnsZone: 5 } }],
      ['a wildcard', { filter: { dnsZone: '*.example' } }],
      ['a filter injection', { filter: { dnsZone: 'x)(dc=*' } }],
      ['a non-boolean include_tombstoned', { filter: { include_tombstoned: 'yes' } }],
      ['an unknown filter key', { filter: { dnsZone: DOMAIN, extra: 1 } }],
      ['a string filter', { filter: DOMAIN }],
    ])('rejects %s with 400', async (_case, body) => {
      const response = await listZone(body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_input');
      expect(response.body.field).toMatch(/^filter/);
    });

    it('answers 403 to an end user', async () => {
      const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);

      await app.http
        .post('/api/domain/zones/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .send({})
        .expect(403);
    });
  });

  describe('POST api/domain/insert/', () => {
    it('creates a zone the DC serves', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      created.add(zone);

      const response = await insertZone(zone).expect(200);

      expect(response.body).toEqual({
        code: 0,
        code_msg: 'ok',
        data: { dnsZone: zone, distinguishedName: `DC=${zone},${DOMAIN_ZONES}` },
      });
      expect(await sambaZoneNames()).toContain(zone);
      expect(await servedSoa(zone)).toEqual({
        nsname: DC_HOST,
        hostmaster: `hostmaster.${DOMAIN}`,
        serial: 1,
        refresh: 900,
        retry: 600,
        expire: 86400,
        minttl: 3600,
      });
    });

    it('writes the apex SOA and NS as samba-tool does', async () => {
      const ours = `zt-${uniqueSuffix()}.example`;
      const theirs = `zt-${uniqueSuffix()}.example`;
      created.add(theirs);
      await createZone(ours);
      await sambaToolDns('zonecreate', theirs);

      const apex = (rows: Row[]) =>
        rows.map((row) => [row.name, row.typeName, row.ttl, row.serial, row.record_bytes]);

      expect(apex(await listRecords(ours))).toEqual(apex(await listRecords(theirs)));
      expect((await listRecords(ours)).map((row) => [row.typeName, row.nameNode])).toEqual([
        ['SOA', undefined],
        ['NS', DC_HOST],
      ]);
    });

    it('lower-cases the name and drops a trailing dot', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      created.add(zone);

      const response = await insertZone(`${zone.toUpperCase()}.`).expect(200);

      expect(response.body.data.dnsZone).toBe(zone);
      expect(await sambaZoneNames()).toContain(zone);
    });

    it('answers 409 for an existing zone in any case', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      await createZone(zone);

      const again = await insertZone(zone.toUpperCase());
      const domainZone = await insertZone(DOMAIN);
      const forestZone = await insertZone(`_msdcs.${DOMAIN}`);

      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'dns_zone_exists', field: 'dnsZone' });
      expect(domainZone.body.code).toBe('dns_zone_exists');
      expect(forestZone.body.code).toBe('dns_zone_exists');
    });

    it('rejects the root hints zone name', async () => {
      const response = await insertZone('RootDNSServers');

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_input', field: 'dnsZone' });
    });

    it.each([
      ['missing', undefined],
      ['a number', 42],
      ['null', null],
      ['empty', ''],
      ['oversized', `${'a'.repeat(60)}.`.repeat(5) + 'example'],
      ['a wildcard', '*.zt-bad.example'],
      ['only dots', '..'],
      ['an empty label', 'zt-bad..example'],
      ['a leading dot', '.zt-bad.example'],
      ['a trailing label of 64 characters', `zt-bad.${'x'.repeat(64)}`],
      ['a space', 'zt bad.example'],
      ['a comma', 'zt-bad,dc=example'],
      ['a leading hyphen', '-zt-bad.example'],
      ['the root hints display name', 'Root DNS Servers'],
      ['the trust anchors', '..TrustAnchors'],
      ['an octet of 300', '300.10.in-addr.arpa'],
      ['an octet with a leading zero', '010.10.in-addr.arpa'],
      ['five octets', '1.2.3.4.10.in-addr.arpa'],
      ['no octet', 'in-addr.arpa'],
      ['a two-digit nibble', '10.8.b.d.0.1.0.0.2.ip6.arpa'],
      ['a non-hex nibble', 'g.8.b.d.0.1.0.0.2.ip6.arpa'],
      ['33 nibbles', `${'0.'.repeat(33)}ip6.arpa`],
    ])('rejects a name that is %s with 400', async (_case, dnsZone) => {
      const before = await sambaZoneNames();

      const response = await insertZone(dnsZone);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_input', field: 'dnsZone' });
      expect(await sambaZoneNames()).toEqual(before);
    });

    it('rejects an unknown property', async () => {
      const response = await app.http
        .post('/api/domain/insert/')
        .set('Authorization', admin)
        .send({ dnsZone: `zt-${uniqueSuffix()}.example`, forest: true });

      expect(response.status).toBe(400);
      expect(response.body.field).toBe('forest');
    });

    it('answers 403 to an end user', async () => {
      const tokens = await login(app, 'demo.user', app.sandbox.SANDBOX_DEMO_PASSWORD);
      const zone = `zt-${uniqueSuffix()}.example`;

      await app.http
        .post('/api/domain/insert/')
        .set('Authorization', `Bearer ${tokens.access}`)
        .send({ dnsZone: zone })
        .expect(403);

      expect(await sambaZoneNames()).not.toContain(zone);
    });

    it('writes CREATE, READ and DELETE audit rows', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      await createZone(zone);
      await listRecords(zone);
      await deleteZone(zone).expect(200);

      const response = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);
      const rows = (response.body.logs as Record<string, unknown>[]).filter(
        (row) => row.objectClass === 'DNSZ' && row.affectedObject === zone,
      );

      expect(rows.map((row) => row.actionType).sort()).toEqual(['CREATE', 'DELETE', 'READ']);
      expect(rows.map((row) => row.outcome)).toEqual(['success', 'success', 'success']);
    });
  });

  describe('POST api/domain/delete/', () => {
    it('deletes a zone created through the API', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      await createZone(zone);

      const response = await deleteZone(zone).expect(200);

      expect(response.body).toEqual({ code: 0, code_msg: 'ok', data: { dnsZone: zone } });
      expect(await sambaZoneNames()).not.toContain(zone);
      await listZone({ filter: { dnsZone: zone } }).expect(404);
    });

    it('deletes a samba-tool zone with its records', async () => {
      const zone = `zt-${uniqueSuffix()}.example`;
      created.add(zone);
      await sambaToolDns('zonecreate', zone);
      await sambaToolDns('add', zone, 'www', 'A', '192.0.2.10');

      await deleteZone(zone.toUpperCase()).expect(200);

      expect(await sambaZoneNames()).not.toContain(zone);
    });

    it('answers 404 for an unknown zone', async () => {
      const response = await deleteZone(`zt-${uniqueSuffix()}.example`);

      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'dns_zone_not_found', field: 'dnsZone' });
    });

    it.each([
      DOMAIN,
      'INTERLOCK.TEST.',
      `_msdcs.${DOMAIN}`,
      '_msdcs.zt-other.example',
      'RootDNSServers',
      'Root DNS Servers',
      '..TrustAnchors',
    ])('refuses to delete %s', async (dnsZone) => {
      const response = await deleteZone(dnsZone);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        code: 'dns_zone_not_deletable',
        field: 'dnsZone',
        status_code: 400,
      });
    });

    it('keeps the protected zones', async () => {
      const zones = await sambaZoneNames();
      const listing = (await listZone({}).expect(200)).body.data as Listing;

      expect(zones).toEqual(expect.arrayContaining([DOMAIN, `_msdcs.${DOMAIN}`]));
      expect(listing.dnsZones).toContain('Root DNS Servers');
      await listZone({ filter: { dnsZone: 'RootDNSServers' } }).expect(200);
    });

    it('calls a missing name required', async () => {
      const response = await app.http
        .post('/api/domain/delete/')
        .set('Authorization', admin)
        .send({})
        .expect(400);

      expect(response.body).toMatchObject({ code: 'invalid_input', field: 'dnsZone' });
      expect(response.body.detail).toContain('dnsZone is required');
    });

    it.each([
      ['a number', 7],
      ['a wildcard', '*'],
      ['an empty label', 'a..b'],
    ])('rejects a name that is %s with 400', async (_case, dnsZone) => {
      const response = await deleteZone(dnsZone);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'invalid_input', field: 'dnsZone' });
    });
  });

  describe('records written by samba-tool', () => {
    const zone = `zt-${uniqueSuffix()}.example`;

    beforeAll(async () => {
      created.add(zone);
      await sambaToolDns('zonecreate', zone);
      await sambaToolDns('add', zone, 'host', 'A', '192.0.2.7');
      await sambaToolDns('add', zone, 'host', 'AAAA', '2001:db8::7');
      await sambaToolDns('add', zone, '@', 'MX', `mail.${zone} 10`);
      await sambaToolDns('add', zone, '_sip._tcp', 'SRV', `sip.${zone} 5060 10 20`);
      await sambaToolDns('add', zone, 'txt', 'TXT', '"hello world" "second"');
      await sambaToolDns('add', zone, 'alias', 'CNAME', `host.${zone}`);
    });

    function rowsOf(records: Row[], name: string, typeName: string): Row[] {
      return records.filter((row) => row.name === name && row.typeName === typeName);
    }

    it('lists the SOA and NS of the new zone', async () => {
      const records = await listRecords(zone);

      expect(rowsOf(records, '@', 'SOA')[0]).toMatchObject({
        namePrimaryServer: DC_HOST,
        zoneAdminEmail: `hostmaster.${DOMAIN}`,
      });
      expect(rowsOf(records, '@', 'NS')[0]).toMatchObject({ nameNode: DC_HOST, ttl: 3600 });
    });

    it('lists A and AAAA at one name', async () => {
      const records = await listRecords(zone);

      expect(rowsOf(records, 'host', 'A')[0]).toMatchObject({
        address: '192.0.2.7',
        displayName: `host.${zone}`,
        ttl: 900,
      });
      expect(rowsOf(records, 'host', 'AAAA')[0]).toMatchObject({ address: '2001:db8::7' });
    });

    it('lists MX, SRV, TXT and CNAME', async () => {
      const records = await listRecords(zone);

      expect(rowsOf(records, '@', 'MX')[0]).toMatchObject({
        wPreference: 10,
        nameExchange: `mail.${zone}`,
      });
      expect(rowsOf(records, '_sip._tcp', 'SRV')[0]).toMatchObject({
        wPriority: 10,
        wWeight: 20,
        wPort: 5060,
        nameTarget: `sip.${zone}`,
        displayName: `_sip._tcp.${zone}`,
      });
      expect(rowsOf(records, 'txt', 'TXT')[0]).toMatchObject({
        stringData: 'hello worldsecond',
        strings: ['hello world', 'second'],
      });
      expect(rowsOf(records, 'alias', 'CNAME')[0]).toMatchObject({ nameNode: `host.${zone}` });
    });

    it('hides tombstoned nodes unless asked', async () => {
      const tombstone = encodeDnsRecord(buildDnsTombstone(new Date(), 1));
      await app.app.get(LdapGateway).add(`DC=gone,DC=${zone},${DOMAIN_ZONES}`, {
        objectClass: ['top', 'dnsNode'],
        dnsRecord: [tombstone],
        dNSTombstoned: 'TRUE',
      });

      const hidden = await listRecords(zone);
      const withTombstones = await listZone({
        filter: { dnsZone: zone, include_tombstoned: true },
      });
      const tombstoned = (withTombstones.body.data as Listing).records.filter(
        (row) => row.name === 'gone',
      );

      expect(hidden.some((row) => row.name === 'gone')).toBe(false);
      expect(tombstoned).toHaveLength(1);
      expect(tombstoned[0]).toMatchObject({ ts: true, typeName: 'ZERO' });
    });
  });

  describe('reverse zones', () => {
    const octet = () => String(randomBytes(1)[0]);
    const ipv4Zone = `${octet()}.${octet()}.10.in-addr.arpa`;
    const ipv6Zone = `${[...uniqueSuffix()].join('.')}.8.b.d.0.1.0.0.2.ip6.arpa`;

    it('creates, lists and deletes an in-addr.arpa zone', async () => {
      await createZone(ipv4Zone);
      await sambaToolDns('add', ipv4Zone, '5', 'PTR', `host5.${DOMAIN}`);

      const records = await listRecords(ipv4Zone);
      const ptr = records.find((row) => row.typeName === 'PTR');

      expect(await sambaZoneNames()).toContain(ipv4Zone);
      expect((await servedSoa(ipv4Zone)).nsname).toBe(DC_HOST);
      expect(ptr).toMatchObject({
        type: 12,
        name: '5',
        displayName: `5.${ipv4Zone}`,
        nameNode: `host5.${DOMAIN}`,
      });
      await deleteZone(ipv4Zone).expect(200);
      expect(await sambaZoneNames()).not.toContain(ipv4Zone);
    });

    it('creates, lists and deletes an ip6.arpa zone', async () => {
      await createZone(ipv6Zone);

      const records = await listRecords(ipv6Zone);

      expect(await sambaZoneNames()).toContain(ipv6Zone);
      expect((await servedSoa(ipv6Zone)).serial).toBe(1);
      expect(records.map((row) => row.typeName)).toEqual(['SOA', 'NS']);
      await deleteZone(ipv6Zone).expect(200);
      expect(await sambaZoneNames()).not.toContain(ipv6Zone);
    });
  });
});
