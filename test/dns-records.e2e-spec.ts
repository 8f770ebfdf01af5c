import { randomBytes, randomInt } from 'node:crypto';
import { Resolver } from 'node:dns/promises';

import { buildDnsTombstone, encodeDnsRecord } from '../src/ldap/codecs/dns-record';
import { LdapGateway } from '../src/ldap/ldap-gateway';
import { DnsRecordRow, toRecordRow } from '../src/dns/dns-record.mapper';
import { login, startTestApp, TestApp } from './support/app';
import { sambaToolDns, sambaZoneNames } from './support/samba-tool';

const DOMAIN_ZONES = 'CN=MicrosoftDNS,DC=DomainDnsZones,DC=interlock,DC=test';

/** Answers of the DC's own DNS server on 127.0.0.1:53, which serves the directory directly. */
const resolver = new Resolver({ timeout: 3000, tries: 2 });
resolver.setServers(['127.0.0.1']);

async function servedSerial(zone: string): Promise<number> {
  return (await resolver.resolveSoa(zone)).serial;
}

/** Resolves to the DNS error code (`ENOTFOUND`, `ENODATA`…) of a failed lookup. */
async function lookupError(lookup: Promise<unknown>): Promise<string | undefined> {
  try {
    await lookup;

    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}

describe('DNS records (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let gateway: LdapGateway;
  const suffix = randomBytes(4).toString('hex');
  const zone = `rt-${suffix}.example`;
  const reverseOctet = randomInt(1, 255);
  const reverseZone = `${reverseOctet}.10.in-addr.arpa`;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    gateway = app.app.get(LdapGateway);
    await sambaToolDns('zonecreate', zone);
    await sambaToolDns('zonecreate', reverseZone);
  });

  afterAll(async () => {
    const remaining = await sambaZoneNames();
    for (const created of [zone, reverseZone]) {
      if (remaining.includes(created)) {
        await sambaToolDns('zonedelete', created);
      }
    }

    await app.close();
  });

  function insert(record: Record<string, unknown>) {
    return app.http.post('/api/record/insert/').set('Authorization', admin).send({ record });
  }

  function update(record: Record<string, unknown>, oldRecord: Record<string, unknown>) {
    return app.http
      .put('/api/record/update/')
      .set('Authorization', admin)
      .send({ record, oldRecord });
  }

  function remove(body: Record<string, unknown>) {
    return app.http.post('/api/record/delete/').set('Authorization', admin).send(body);
  }

  function nodeDnOf(zoneName: string, name: string): string {
    return `DC=${name},DC=${zoneName},${DOMAIN_ZONES}`;
  }

  /** Reads the rows of one node straight from the directory, in the zone listing's shape. */
  async function rowsOf(name: string, zoneName = zone): Promise<DnsRecordRow[]> {
    const entry = await gateway.read(nodeDnOf(zoneName, name), [
      'dnsRecord',
      'dNSTombstoned',
      'name',
    ]);
    if (entry === undefined) {
      return [];
    }

    const node = {
      zone: zoneName,
      name,
      distinguishedName: entry.dn,
      tombstoned: entry.text('dNSTombstoned') === 'TRUE',
    };

    return entry.buffers('dnsRecord').map((value, index) => toRecordRow(node, value, index));
  }

  async function onlyRow(name: string, zoneName = zone): Promise<DnsRecordRow> {
    const rows = await rowsOf(name, zoneName);
    expect(rows).toHaveLength(1);

    return rows[0];
  }

  /** Runs a request and checks that it changed the zone's served SOA serial by `increments`. */
  async function expectSerialStep<T>(
    work: () => Promise<T>,
    increments = 1,
    zoneName = zone,
  ): Promise<T> {
    const before = await servedSerial(zoneName);
    const result = await work();

    expect(await servedSerial(zoneName)).toBe(before + increments);

    return result;
  }

  describe('POST api/record/insert/', () => {
    it('adds an A record that the DC serves at once', async () => {
      const before = await servedSerial(zone);

      const response = await insert({
        zone,
        name: 'web',
        type: 1,
        ttl: 1234,
        address: '10.9.0.1',
      }).expect(200);

      expect(response.body).toMatchObject({
        code: 0,
        data: {
          index: 0,
          name: 'web',
          displayName: `web.${zone}`,
          distinguishedName: nodeDnOf(zone, 'web'),
          type: 1,
          typeName: 'A',
          serial: before + 1,
          ttl: 1234,
          ts: false,
          address: '10.9.0.1',
        },
      });
      expect(await resolver.resolve4(`web.${zone}`, { ttl: true })).toEqual([
        { address: '10.9.0.1', ttl: 1234 },
      ]);
      expect(await servedSerial(zone)).toBe(before + 1);
    });

    it('writes the header serial samba-tool writes', async () => {
      await sambaToolDns('add', zone, 'tool', 'A', '10.9.0.2');
      const toolRow = await onlyRow('tool');
      const response = await insert({
        zone,
        name: 'api',
        type: 1,
        ttl: 900,
        address: '10.9.0.3',
      }).expect(200);

      expect(toolRow.serial).toBe((await servedSerial(zone)) - 1);
      expect(response.body.data.serial).toBe(await servedSerial(zone));
    });

    it('adds an AAAA record', async () => {
      await expectSerialStep(() =>
        insert({ zone, name: 'six', type: 28, ttl: 600, address: '2001:DB8:0::5' }).expect(200),
      );

      expect(await resolver.resolve6(`six.${zone}`, { ttl: true })).toEqual([
        { address: '2001:db8::5', ttl: 600 },
      ]);
    });

    it('adds an A and an AAAA record at one name', async () => {
      await insert({ zone, name: 'dual', type: 1, ttl: 600, address: '10.9.0.4' }).expect(200);
      await insert({ zone, name: 'dual', type: 28, ttl: 600, address: '2001:db8::4' }).expect(200);

      expect(await resolver.resolve4(`dual.${zone}`)).toEqual(['10.9.0.4']);
      expect(await resolver.resolve6(`dual.${zone}`)).toEqual(['2001:db8::4']);
    });

    it('adds a CNAME record', async () => {
      await expectSerialStep(() =>
        insert({ zone, name: 'alias', type: 5, ttl: 300, nameNode: `web.${zone}.` }).expect(200),
      );

      expect(await resolver.resolveCname(`alias.${zone}`)).toEqual([`web.${zone}`]);
    });

    it('adds an NS record at the apex', async () => {
      await expectSerialStep(() =>
        insert({ zone, name: '@', type: 2, ttl: 3600, nameNode: `ns2.${zone}` }).expect(200),
      );

      expect(await resolver.resolveNs(zone)).toEqual(
        expect.arrayContaining([`ns2.${zone}`, 'sandbox-dc.interlock.test']),
      );
    });

    it('adds a delegation NS record with the rank samba-tool writes', async () => {
      await sambaToolDns('add', zone, 'toolsub', 'NS', `ns.toolsub.${zone}`);
      await insert({
        zone,
        name: 'apisub',
        type: 2,
        ttl: 3600,
        nameNode: `ns.apisub.${zone}`,
      }).expect(200);
      const rankOf = (row: DnsRecordRow) => Buffer.from(row.record_bytes, 'base64')[5];

      expect(rankOf(await onlyRow('apisub'))).toBe(rankOf(await onlyRow('toolsub')));
    });

    it('adds an MX record with numbers sent as strings', async () => {
      await expectSerialStep(() =>
        insert({
          zone,
          name: '@',
          type: '15',
          ttl: '900',
          wPreference: '10',
          nameExchange: `mail.${zone}`,
        }).expect(200),
      );

      expect(await resolver.resolveMx(zone)).toEqual([{ priority: 10, exchange: `mail.${zone}` }]);
    });

    it('adds TXT records of one, several and long strings', async () => {
      const long = 'x'.repeat(300);
      await insert({ zone, name: 'txt1', type: 16, ttl: 60, stringData: 'v=spf1 -all' }).expect(
        200,
      );
      await insert({ zone, name: 'txt2', type: 16, ttl: 60, stringData: ['a b', 'c'] }).expect(200);
      await insert({ zone, name: 'txt3', type: 16, ttl: 60, stringData: long }).expect(200);

      expect(await resolver.resolveTxt(`txt1.${zone}`)).toEqual([['v=spf1 -all']]);
      expect(await resolver.resolveTxt(`txt2.${zone}`)).toEqual([['a b', 'c']]);
      expect(await resolver.resolveTxt(`txt3.${zone}`)).toEqual([
        ['x'.repeat(255), 'x'.repeat(45)],
      ]);
      expect(await onlyRow('txt3')).toMatchObject({ stringData: long });
    });

    it('adds an SRV record', async () => {
      await expectSerialStep(() =>
        insert({
          zone,
          name: '_sip._tcp',
          type: 33,
          ttl: 900,
          wPriority: 10,
          wWeight: 20,
          wPort: 5060,
          nameTarget: `web.${zone}`,
        }).expect(200),
      );

      expect(await resolver.resolveSrv(`_sip._tcp.${zone}`)).toEqual([
        { priority: 10, weight: 20, port: 5060, name: `web.${zone}` },
      ]);
    });

    it('adds a PTR record sent as type 35', async () => {
      const response = await expectSerialStep(
        () =>
          insert({
            zone: reverseZone,
            name: '7.0',
            type: 35,
            ttl: 900,
            nameNode: `web.${zone}`,
          }).expect(200),
        1,
        reverseZone,
      );

      expect(response.body.data).toMatchObject({ type: 12, typeName: 'PTR' });
      expect(await resolver.resolvePtr(`7.0.${reverseZone}`)).toEqual([`web.${zone}`]);
    });

    it('adds the PTR record of an A record with createPtr', async () => {
      const zoneSerial = await servedSerial(zone);
      const reverseSerial = await servedSerial(reverseZone);

      await insert({
        zone,
        name: 'withptr',
        type: 1,
        ttl: 900,
        address: `10.${reverseOctet}.1.2`,
        createPtr: true,
      }).expect(200);

      expect(await resolver.resolve4(`withptr.${zone}`)).toEqual([`10.${reverseOctet}.1.2`]);
      expect(await resolver.resolvePtr(`2.1.${reverseZone}`)).toEqual([`withptr.${zone}`]);
      expect(await servedSerial(zone)).toBe(zoneSerial + 1);
      expect(await servedSerial(reverseZone)).toBe(reverseSerial + 1);
    });

    it('rejects createPtr without a covering reverse zone', async () => {
      const response = await expectSerialStep(
        () =>
          insert({
            zone,
            name: 'noptr',
            type: 1,
            ttl: 900,
            address: '192.0.2.1',
            createPtr: true,
          }).expect(400),
        0,
      );

      expect(response.body).toMatchObject({
        code: 'dns_reverse_zone_not_found',
        field: 'record.createPtr',
      });
      expect(await rowsOf('noptr')).toEqual([]);
    });

    it('shows in samba-tool dns query', async () => {
      await insert({
        zone,
        name: 'q',
        type: 15,
        ttl: 900,
        wPreference: 5,
        nameExchange: `mx.${zone}`,
      }).expect(200);

      const output = await sambaToolDns('query', zone, 'q', 'ALL');

      expect(output).toContain(`MX: mx.${zone}. (5)`);
      expect(output).toMatch(/ttl=900/);
    });

    it('revives a tombstoned node', async () => {
      const dn = nodeDnOf(zone, 'revived');
      await gateway.add(dn, {
        objectClass: ['top', 'dnsNode'],
        dnsRecord: [encodeDnsRecord(buildDnsTombstone(new Date(), 1))],
        dNSTombstoned: 'TRUE',
      });

      await insert({ zone, name: 'revived', type: 5, ttl: 900, nameNode: `web.${zone}` }).expect(
        200,
      );

      const entry = await gateway.read(dn, ['dnsRecord', 'dNSTombstoned']);
      expect(entry?.text('dNSTombstoned')).toBe('FALSE');
      expect(await onlyRow('revived')).toMatchObject({ typeName: 'CNAME', ts: false });
      expect(await resolver.resolveCname(`revived.${zone}`)).toEqual([`web.${zone}`]);
    });

    it.each([
      ['a short IPv4 address', { type: 1, address: '10.1' }, 'record.address'],
      ['an octet over 255', { type: 1, address: '300.1.1.1' }, 'record.address'],
      ['a bad IPv6 address', { type: 28, address: '::g' }, 'record.address'],
      [
        'port 70000',
        { type: 33, wPriority: 0, wWeight: 0, wPort: 70000, nameTarget: `web.${zone}` },
        'record.wPort',
      ],
      ['TTL -1', { type: 1, address: '10.9.0.9', ttl: -1 }, 'record.ttl'],
      ['a name with a space', { type: 1, address: '10.9.0.9', name: 'a b' }, 'record.name'],
      ['a name with two dots', { type: 1, address: '10.9.0.9', name: 'a..b' }, 'record.name'],
      ['a DN in the name', { type: 1, address: '10.9.0.9', name: 'x,DC=evil' }, 'record.name'],
      ['filter characters', { type: 1, address: '10.9.0.9', name: '*)(' }, 'record.name'],
      ['no zone', { type: 1, address: '10.9.0.9', zone: undefined }, 'record.zone'],
      ['an unknown field', { type: 1, address: '10.9.0.9', extra: 1 }, 'record.extra'],
    ])('rejects %s with 400', async (_case, fields, field) => {
      const before = await servedSerial(zone);

      const response = await insert({ zone, name: 'bad', ttl: 900, ...fields }).expect(400);

      expect(response.body.field).toBe(field);
      expect(await rowsOf('bad')).toEqual([]);
      expect(await servedSerial(zone)).toBe(before);
    });

    it('rejects an unknown zone with 404', async () => {
      const response = await insert({
        zone: `missing-${suffix}.example`,
        name: 'x',
        type: 1,
        ttl: 900,
        address: '10.9.0.9',
      }).expect(404);

      expect(response.body).toMatchObject({ code: 'dns_zone_not_found', field: 'record.zone' });
    });

    it('rejects a duplicate with 409', async () => {
      const response = await expectSerialStep(
        () => insert({ zone, name: 'web', type: 1, ttl: 60, address: '10.9.0.1' }).expect(409),
        0,
      );

      expect(response.body.code).toBe('dns_record_exists_conflict');
    });

    it('rejects a CNAME next to other records with 409', async () => {
      const response = await insert({
        zone,
        name: 'web',
        type: 5,
        ttl: 60,
        nameNode: `alias.${zone}`,
      }).expect(409);

      expect(response.body.code).toBe('dns_record_type_conflict');
    });

    it('rejects a record next to a CNAME with 409', async () => {
      const response = await insert({
        zone,
        name: 'alias',
        type: 16,
        ttl: 60,
        stringData: 'x',
      }).expect(409);

      expect(response.body.code).toBe('dns_record_type_conflict');
      expect(await onlyRow('alias')).toMatchObject({ typeName: 'CNAME' });
    });
  });

  describe('PUT api/record/update/', () => {
    it('changes only the TTL of a samba-tool record', async () => {
      await sambaToolDns('add', zone, 'ttlonly', 'A', '10.9.1.1');
      const row = await onlyRow('ttlonly');

      const response = await expectSerialStep(() =>
        update({ ...row, zone, ttl: 120 }, row).expect(200),
      );

      expect(response.body.data).toMatchObject({ name: 'ttlonly', ttl: 120, address: '10.9.1.1' });
      expect(await resolver.resolve4(`ttlonly.${zone}`, { ttl: true })).toEqual([
        { address: '10.9.1.1', ttl: 120 },
      ]);
      expect(await rowsOf('ttlonly')).toHaveLength(1);
    });

    it('changes only the MX preference', async () => {
      const row = (await rowsOf('@')).find((candidate) => candidate.typeName === 'MX')!;

      await expectSerialStep(() => update({ ...row, zone, wPreference: '20' }, row).expect(200));

      expect(await resolver.resolveMx(zone)).toEqual([{ priority: 20, exchange: `mail.${zone}` }]);
    });

    it('changes only the SRV port', async () => {
      const row = await onlyRow('_sip._tcp');

      await update({ ...row, zone, wPort: 5061 }, row).expect(200);

      expect(await resolver.resolveSrv(`_sip._tcp.${zone}`)).toEqual([
        { priority: 10, weight: 20, port: 5061, name: `web.${zone}` },
      ]);
    });

    it('keeps the strings of an unchanged TXT record', async () => {
      const row = await onlyRow('txt2');

      await update({ ...row, zone, ttl: 30 }, row).expect(200);

      expect(await resolver.resolveTxt(`txt2.${zone}`)).toEqual([['a b', 'c']]);
    });

    it('moves a record to another name', async () => {
      await sambaToolDns('add', zone, 'before', 'A', '10.9.1.2');
      const row = await onlyRow('before');

      const response = await expectSerialStep(() =>
        update({ ...row, zone, name: 'after' }, row).expect(200),
      );

      expect(response.body.data).toMatchObject({ name: 'after', address: '10.9.1.2' });
      expect(await rowsOf('before')).toEqual([]);
      expect(await resolver.resolve4(`after.${zone}`)).toEqual(['10.9.1.2']);
      expect(await lookupError(resolver.resolve4(`before.${zone}`))).toBe('ENOTFOUND');
    });

    it('moves one of several values and keeps the others', async () => {
      await sambaToolDns('add', zone, 'multi', 'A', '10.9.1.3');
      await sambaToolDns('add', zone, 'multi', 'A', '10.9.1.4');
      const row = (await rowsOf('multi')).find((candidate) => candidate.address === '10.9.1.4')!;

      await update({ ...row, zone, name: 'moved' }, row).expect(200);

      expect(await resolver.resolve4(`multi.${zone}`)).toEqual(['10.9.1.3']);
      expect(await resolver.resolve4(`moved.${zone}`)).toEqual(['10.9.1.4']);
    });

    it('rejects a rename onto a CNAME with 409 and keeps the record', async () => {
      const row = await onlyRow('after');

      const response = await update({ ...row, zone, name: 'alias' }, row).expect(409);

      expect(response.body.code).toBe('dns_record_type_conflict');
      expect(await onlyRow('after')).toMatchObject({ address: '10.9.1.2' });
    });

    it('rejects an update to a value another record has with 409', async () => {
      const row = (await rowsOf('dual')).find((candidate) => candidate.typeName === 'A')!;
      await insert({ zone, name: 'dual', type: 1, ttl: 600, address: '10.9.0.5' }).expect(200);

      const response = await update({ ...row, zone, address: '10.9.0.5' }, row).expect(409);

      expect(response.body.code).toBe('dns_record_exists_conflict');
    });

    it('rejects record_bytes that are no longer stored with 404', async () => {
      const row = await onlyRow('ttlonly');
      const stale = { ...row, record_bytes: (await onlyRow('web')).record_bytes };

      const response = await expectSerialStep(
        () => update({ ...row, zone, ttl: 5 }, stale).expect(404),
        0,
      );

      expect(response.body).toMatchObject({
        code: 'dns_record_not_found',
        field: 'oldRecord.record_bytes',
      });
    });

    it('edits the SOA and raises its serial once', async () => {
      const row = (await rowsOf('@')).find((candidate) => candidate.typeName === 'SOA')!;
      const stored = row.dwSerialNo as number;

      const response = await update(
        { ...row, zone, dwRefresh: '1800', serial: stored },
        row,
      ).expect(200);

      expect(response.body.data).toMatchObject({ dwRefresh: 1800, dwSerialNo: stored + 1 });
      expect(await resolver.resolveSoa(zone)).toMatchObject({
        serial: stored + 1,
        refresh: 1800,
      });
    });

    it('keeps a greater SOA serial the client sent', async () => {
      const row = (await rowsOf('@')).find((candidate) => candidate.typeName === 'SOA')!;
      const requested = (row.dwSerialNo as number) + 100;

      await update({ ...row, zone, dwSerialNo: requested }, row).expect(200);

      expect(await servedSerial(zone)).toBe(requested);
    });
  });

  describe('concurrent changes', () => {
    it('increments the serial once per concurrent insert', async () => {
      const count = 16;
      const before = await servedSerial(zone);

      const responses = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          insert({ zone, name: `burst${index}`, type: 1, ttl: 60, address: `10.9.5.${index + 1}` }),
        ),
      );

      expect(responses.map((response) => response.status)).toEqual(new Array(count).fill(200));
      const warnings = responses.map(
        (response) => (response.body as { data: { warning?: string } }).data.warning,
      );
      expect(warnings).toEqual(new Array(count).fill(undefined));
      expect(await servedSerial(zone)).toBe(before + count);
      for (let index = 0; index < count; index++) {
        expect(await rowsOf(`burst${index}`)).toHaveLength(1);
      }
    });

    it('adds concurrent values to one new name', async () => {
      const count = 12;
      const before = await servedSerial(zone);

      const responses = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          insert({ zone, name: 'crowd', type: 1, ttl: 60, address: `10.9.6.${index + 1}` }),
        ),
      );

      expect(responses.map((response) => response.status)).toEqual(new Array(count).fill(200));
      expect(await rowsOf('crowd')).toHaveLength(count);
      expect(await servedSerial(zone)).toBe(before + count);
    });
  });

  describe('TXT size', () => {
    it('serves a TXT record of 8192 bytes', async () => {
      const text = 'a'.repeat(8160);

      await insert({ zone, name: 'txtmax', type: 16, ttl: 60, stringData: text }).expect(200);

      expect(
        (await resolver.resolveTxt(`txtmax.${zone}`)).map((chunks) => chunks.join('')),
      ).toEqual([text]);
    });

    it.each([8161, 30_000, 65_000])('rejects %d bytes with 400', async (size) => {
      const response = await insert({
        zone,
        name: `txt${size}`,
        type: 16,
        ttl: 60,
        stringData: 'b'.repeat(size),
      }).expect(400);

      expect(response.body).toMatchObject({
        code: 'dns_field_validator_failed',
        field: 'record.stringData',
      });
      expect(await rowsOf(`txt${size}`)).toEqual([]);
    });

    it('rejects TXT records over 8192 bytes at one name', async () => {
      await insert({
        zone,
        name: 'txtpair',
        type: 16,
        ttl: 60,
        stringData: 'c'.repeat(5000),
      }).expect(200);

      const response = await insert({
        zone,
        name: 'txtpair',
        type: 16,
        ttl: 60,
        stringData: 'd'.repeat(5000),
      }).expect(400);

      expect(response.body.field).toBe('record.stringData');
      expect(await rowsOf('txtpair')).toHaveLength(1);
      expect(await resolver.resolveTxt(`txtpair.${zone}`)).toHaveLength(1);
    });

    it('stores an empty string as one empty TXT string', async () => {
      const response = await insert({ zone, name: 'txtempty', type: 16, ttl: 60, stringData: '' });

      expect(response.status).toBe(200);
      expect(response.body.data.strings).toEqual(['']);
    });
  });

  describe('names that differ beyond ASCII case', () => {
    const kelvin = '\u212a';

    it('renames k to the Kelvin sign as a new node', async () => {
      await insert({ zone, name: 'kr', type: 1, ttl: 60, address: '10.9.7.1' }).expect(200);
      const row = await onlyRow('kr');

      const response = await update({ ...row, zone, name: `${kelvin}r` }, row).expect(200);

      expect(response.body.data.name).toBe(`${kelvin}r`);
      expect(await rowsOf('kr')).toEqual([]);
      expect(await rowsOf(`${kelvin}r`)).toHaveLength(1);
    });

    it('deletes k and the Kelvin sign in one request', async () => {
      await insert({ zone, name: 'kd', type: 1, ttl: 60, address: '10.9.7.2' }).expect(200);
      await insert({ zone, name: `${kelvin}d`, type: 1, ttl: 60, address: '10.9.7.3' }).expect(200);
      const rows = [await onlyRow('kd'), await onlyRow(`${kelvin}d`)];

      const response = await remove({ records: rows.map((row) => ({ ...row, zone })) }).expect(200);

      expect(response.body.data).toHaveLength(2);
      expect(await rowsOf('kd')).toEqual([]);
      expect(await rowsOf(`${kelvin}d`)).toEqual([]);
    });

    it('renames a name to its upper case in place', async () => {
      await insert({ zone, name: 'case', type: 1, ttl: 60, address: '10.9.7.4' }).expect(200);
      const row = await onlyRow('case');

      await update({ ...row, zone, name: 'CASE', ttl: 61 }, row).expect(200);

      expect(await onlyRow('case')).toMatchObject({ ttl: 61, address: '10.9.7.4' });
    });
  });

  describe('input checks', () => {
    it('rejects a CNAME that points at itself', async () => {
      const response = await insert({
        zone,
        name: 'loop',
        type: 5,
        ttl: 60,
        nameNode: `LOOP.${zone}.`,
      }).expect(400);

      expect(response.body.field).toBe('record.nameNode');
      expect(await rowsOf('loop')).toEqual([]);
    });

    it('names the TTL range up to 2147483647', async () => {
      const response = await insert({
        zone,
        name: 'ttlmax',
        type: 1,
        ttl: 2 ** 32,
        address: '10.9.8.1',
      }).expect(400);

      expect(response.body.field).toBe('record.ttl');
      expect(response.body.detail).toContain('from 0 to 2147483647');
    });

    it('calls garbage record_bytes an invalid value', async () => {
      await insert({ zone, name: 'garbage', type: 1, ttl: 60, address: '10.9.8.2' }).expect(200);
      const row = await onlyRow('garbage');

      for (const bytes of [Buffer.alloc(24), randomBytes(40)]) {
        const response = await update(
          { ...row, zone, ttl: 61 },
          { ...row, record_bytes: bytes.toString('base64') },
        ).expect(400);

        expect(response.body.field).toBe('oldRecord.record_bytes');
        expect(response.body.detail).toContain('is not a valid record value');
      }
    });

    it('rejects an SOA minimum TTL over 2147483647', async () => {
      const row = (await rowsOf('@')).find((candidate) => candidate.typeName === 'SOA')!;

      const response = await update({ ...row, zone, dwMinimumTtl: 2 ** 32 - 1 }, row).expect(400);

      expect(response.body.field).toBe('record.dwMinimumTtl');
      expect(response.body.detail).toContain('from 0 to 2147483647');
    });
  });

  describe('POST api/record/delete/', () => {
    it('deletes one of several values', async () => {
      const rows = await rowsOf('multi');
      await insert({ zone, name: 'multi', type: 1, ttl: 900, address: '10.9.1.5' }).expect(200);
      const row = (await rowsOf('multi')).find((candidate) => candidate.address === '10.9.1.5')!;

      const response = await expectSerialStep(() =>
        remove({ record: { ...row, zone } }).expect(200),
      );

      expect(response.body.data).toEqual([{ name: 'multi', typeName: 'A', zone }]);
      expect(await rowsOf('multi')).toEqual(rows);
    });

    it('deletes the node with its last value', async () => {
      const row = await onlyRow('multi');

      await remove({ record: { ...row, zone } }).expect(200);

      expect(await gateway.read(nodeDnOf(zone, 'multi'))).toBeUndefined();
      expect(await lookupError(resolver.resolve4(`multi.${zone}`))).toBe('ENOTFOUND');
    });

    it('deletes an A record and its PTR with createPtr', async () => {
      const row = await onlyRow('withptr');

      await expectSerialStep(() =>
        remove({ record: { ...row, zone, createPtr: true } }).expect(200),
      );

      expect(await rowsOf('withptr')).toEqual([]);
      expect(await rowsOf('2.1', reverseZone)).toEqual([]);
    });

    it('deletes several rows with one serial increment per zone', async () => {
      const rows = [await onlyRow('txt1'), await onlyRow('txt2'), await onlyRow('moved')];

      const response = await expectSerialStep(() =>
        remove({ records: rows.map((row) => ({ ...row, zone })) }).expect(200),
      );

      expect(response.body.data).toHaveLength(3);
      for (const name of ['txt1', 'txt2', 'moved']) {
        expect(await rowsOf(name)).toEqual([]);
      }
    });

    it('deletes nothing when one row of several is invalid', async () => {
      const good = await onlyRow('txt3');
      const stale = { ...(await onlyRow('ttlonly')), record_bytes: good.record_bytes };

      const response = await expectSerialStep(
        () =>
          remove({
            records: [
              { ...good, zone },
              { ...stale, zone },
            ],
          }).expect(404),
        0,
      );

      expect(response.body.field).toBe('records[1].record_bytes');
      expect(await rowsOf('txt3')).toHaveLength(1);
    });

    it('refuses to delete the SOA or the last apex NS', async () => {
      const apex = await rowsOf('@');
      const soa = apex.find((row) => row.typeName === 'SOA')!;
      const nameServers = apex.filter((row) => row.typeName === 'NS');

      const soaResponse = await remove({ record: { ...soa, zone } }).expect(400);
      const nsResponse = await remove({
        records: nameServers.map((row) => ({ ...row, zone })),
      }).expect(400);

      expect(soaResponse.body.code).toBe('dns_record_not_deletable');
      expect(nsResponse.body.code).toBe('dns_record_not_deletable');
      expect(await rowsOf('@')).toHaveLength(apex.length);
    });

    it('rejects a hostile name without touching another node', async () => {
      const row = await onlyRow('txt3');

      const response = await remove({ record: { ...row, zone, name: 'x,DC=evil' } }).expect(400);

      expect(response.body.field).toBe('record.name');
      expect(await rowsOf('txt3')).toHaveLength(1);
    });

    it('writes audit rows for each change', async () => {
      await insert({ zone, name: 'audited', type: 1, ttl: 900, address: '10.9.2.1' }).expect(200);
      const row = await onlyRow('audited');
      await remove({ record: { ...row, zone } }).expect(200);

      const response = await app.http.get('/api/logs/').set('Authorization', admin).expect(200);
      const logs = (response.body.logs as Record<string, unknown>[]).filter(
        (log) => log.affectedObject === `audited.${zone} (A)`,
      );

      expect(logs).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            actionType: 'CREATE',
            objectClass: 'DNSR',
            outcome: 'success',
          }),
          expect.objectContaining({
            actionType: 'DELETE',
            objectClass: 'DNSR',
            outcome: 'success',
          }),
        ]),
      );
    });

    it('rejects a body without record', async () => {
      const response = await remove({}).expect(400);

      expect(response.body.code).toBe('dns_record_not_in_request');
    });
  });
});
