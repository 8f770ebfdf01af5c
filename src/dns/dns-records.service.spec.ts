import { buildDnsRecord, encodeDnsRecord } from '../ldap/codecs/dns-record';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import { DnsRecordsService } from './dns-records.service';
import { DnsZoneDirectory, DnsZoneLocation } from './dns-zone-directory';

const ZONE: DnsZoneLocation = {
  name: 'example.lan',
  dn: 'DC=example.lan,CN=MicrosoftDNS,DC=DomainDnsZones,DC=example,DC=lan',
  partition: 'domain',
};
const APEX_DN = `DC=@,${ZONE.dn}`;
const SOA = encodeDnsRecord(
  buildDnsRecord(
    {
      kind: 'SOA',
      dwSerialNo: 5,
      dwRefresh: 900,
      dwRetry: 600,
      dwExpire: 86400,
      dwMinimumTtl: 3600,
      namePrimaryServer: 'dc.example.lan',
      zoneAdminEmail: 'hostmaster.example.lan',
    },
    { ttlSeconds: 3600, serial: 5 },
  ),
);

/** Builds a gateway whose node `www` is new and whose SOA modify always fails with `soaError`. */
function fakeGateway(soaError: Error) {
  const written = new Map<string, Buffer[]>();

  return {
    written,
    gateway: {
      read: jest.fn((dn: string) => {
        if (dn === APEX_DN) {
          return Promise.resolve(new LdapEntry(dn, { dnsRecord: [SOA] }));
        }

        const values = written.get(dn);

        return Promise.resolve(values && new LdapEntry(dn, { dnsRecord: values, name: 'www' }));
      }),
      add: jest.fn((dn: string, attributes: { dnsRecord: Buffer[] }) => {
        written.set(dn, attributes.dnsRecord);

        return Promise.resolve();
      }),
      modify: jest.fn(() => Promise.reject(soaError)),
    },
  };
}

function serviceWith(gateway: object) {
  const outcomes: string[] = [];
  const audit = {
    begin: jest.fn(() => Promise.resolve({})),
    complete: jest.fn((_pending: unknown, outcome: string) => {
      outcomes.push(outcome);

      return Promise.resolve();
    }),
  };
  const zones = { find: jest.fn(() => Promise.resolve(ZONE)) };
  const service = new DnsRecordsService(
    gateway as unknown as LdapGateway,
    zones as unknown as DnsZoneDirectory,
    audit as unknown as AuditService,
  );

  return { service, outcomes };
}

const RECORD = { zone: ZONE.name, name: 'www', type: 1, ttl: 900, address: '10.0.0.1' };

describe(DnsRecordsService.name, () => {
  beforeEach(() => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('returns a warning when the SOA keeps changing', async () => {
    const changed = new LdapOperationError({
      operation: 'modify',
      resultCode: LdapResultCode.NoSuchAttribute,
      diagnostic: 'value not found',
    });
    const { gateway, written } = fakeGateway(changed);
    const { service, outcomes } = serviceWith(gateway);

    const row = await service.insert({ record: RECORD }, 'admin');

    expect(row.warning).toContain('SOA serial of zone example.lan could not be incremented');
    expect(gateway.modify).toHaveBeenCalledTimes(8);
    expect(written.get(`DC=www,${ZONE.dn}`)).toHaveLength(1);
    expect(outcomes).toEqual(['success']);
  });

  it('returns a warning without retrying other errors', async () => {
    const denied = new LdapOperationError({
      operation: 'modify',
      resultCode: LdapResultCode.InsufficientAccessRights,
      diagnostic: 'access denied',
    });
    const { gateway } = fakeGateway(denied);
    const { service, outcomes } = serviceWith(gateway);

    const row = await service.insert({ record: RECORD }, 'admin');

    expect(row.warning).toBeDefined();
    expect(gateway.modify).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual(['success']);
  });
});
