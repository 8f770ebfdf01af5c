import { randomBytes } from 'node:crypto';

import { buildDnsRecord, encodeDnsRecord } from '../src/ldap/codecs/dns-record';
import { LdapGateway } from '../src/ldap/ldap-gateway';
import { login, startTestApp, TestApp } from './support/app';
import { sambaToolDns } from './support/samba-tool';

const DOMAIN_ZONES = 'CN=MicrosoftDNS,DC=DomainDnsZones,DC=interlock,DC=test';

/** Builds a HINFO value (type 13) of two character-strings, a type the API lists undecoded. */
function hinfoValue(): Buffer {
  const value = encodeDnsRecord(
    buildDnsRecord({ kind: 'TXT', strings: ['x86', 'Linux'] }, { ttlSeconds: 600, serial: 1 }),
  );
  value.writeUInt16LE(13, 2);

  return value;
}

/** Builds a TXT value whose data is cut short: its length byte promises more than follows. */
function truncatedTxtValue(): Buffer {
  const value = encodeDnsRecord(
    buildDnsRecord({ kind: 'A', address: '192.0.2.1' }, { ttlSeconds: 600, serial: 1 }),
  );
  value.writeUInt16LE(16, 2);

  return value;
}

interface Row {
  name: string;
  type: number;
  typeName: string;
  [field: string]: unknown;
}

describe('DNS listing of values other tools wrote (e2e)', () => {
  let app: TestApp;
  let admin: string;
  let gateway: LdapGateway;
  const zone = `dl-${randomBytes(3).toString('hex')}.example`;

  beforeAll(async () => {
    app = await startTestApp();
    admin = `Bearer ${(await login(app, 'demo.admin', app.sandbox.SANDBOX_DEMO_PASSWORD)).access}`;
    gateway = app.app.get(LdapGateway);
    await sambaToolDns('zonecreate', zone);
    await sambaToolDns('add', zone, 'www', 'A', '192.0.2.10');
    await gateway.add(`DC=odd,DC=${zone},${DOMAIN_ZONES}`, {
      objectClass: ['top', 'dnsNode'],
      dnsRecord: [hinfoValue(), truncatedTxtValue()],
    });
  });

  afterAll(async () => {
    await sambaToolDns('zonedelete', zone).catch(() => undefined);
    await app.close();
  });

  async function listZone(): Promise<Row[]> {
    const response = await app.http
      .post('/api/domain/zones/')
      .set('Authorization', admin)
      .send({ filter: { dnsZone: zone } })
      .expect(200);

    return response.body.data.records as Row[];
  }

  it('lists an undecoded type with its number and raw data', async () => {
    const rows = await listZone();
    const hinfo = rows.find((row) => row.name === 'odd' && row.type === 13);

    expect(hinfo).toMatchObject({ typeName: 'HINFO', data: expect.any(String) });
  });

  it('lists a malformed value without failing the listing', async () => {
    const rows = await listZone();

    expect(rows.find((row) => row.name === 'odd' && row.type === 16)).toMatchObject({
      typeName: 'TXT',
      malformed: true,
    });
    expect(rows.find((row) => row.name === 'www')).toMatchObject({ address: '192.0.2.10' });
    expect(rows.find((row) => row.name === '@' && row.typeName === 'SOA')).toBeDefined();
  });

  it('refuses an SOA outside the apex', async () => {
    const response = await app.http
      .post('/api/record/insert/')
      .set('Authorization', admin)
      .send({
        record: {
          name: 'www',
          type: 6,
          zone,
          ttl: 3600,
          dwSerialNo: 1,
          dwRefresh: 900,
          dwRetry: 600,
          dwExpire: 86400,
          dwMinimumTtl: 3600,
          namePrimaryServer: 'sandbox-dc.interlock.test',
          zoneAdminEmail: 'hostmaster.interlock.test',
        },
      });

    expect(response.status).toBe(400);
    expect(response.body.field).toMatch(/^record\./);
    expect((await listZone()).filter((row) => row.typeName === 'SOA')).toHaveLength(1);
  });
});
