import { DomainError, ErrorCode } from '../common/errors';
import { decodeDnsRecord } from '../ldap/codecs/dns-record';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapGateway } from '../ldap/ldap-gateway';
import { RootDseService } from '../ldap/root-dse';
import { AuditService } from '../logs/audit.service';
import { canonicalZoneName, DnsZoneDirectory, DnsZoneLocation } from './dns-zone-directory';
import { DnsZonesService } from './dns-zones.service';

const CONTAINER = 'CN=MicrosoftDNS,DC=DomainDnsZones,DC=example,DC=lan';
const DOMAIN_ZONE: DnsZoneLocation = {
  name: 'example.lan',
  dn: `DC=example.lan,${CONTAINER}`,
  partition: 'domain',
};
const BRANCH_ZONE: DnsZoneLocation = {
  name: 'branch.example',
  dn: `DC=branch.example,${CONTAINER}`,
  partition: 'domain',
};

function ldapFailure(resultCode: LdapResultCode): LdapOperationError {
  return new LdapOperationError({ operation: 'add', resultCode, diagnostic: 'failed' });
}

function setup(zones: DnsZoneLocation[] = [DOMAIN_ZONE, BRANCH_ZONE]) {
  const search = jest.fn<Promise<LdapEntry[]>, [string, unknown]>().mockResolvedValue([]);
  const gateway = {
    search,
    limitBulkRead: jest.fn((work: () => Promise<unknown>) => work()),
    searchEach: jest.fn(
      async (base: string, options: unknown, map: (entry: LdapEntry) => unknown) =>
        (await search(base, options)).map(map),
    ),
    add: jest.fn().mockResolvedValue(undefined),
    delete: jest.fn().mockResolvedValue(undefined),
  };
  const directory = {
    zones: jest.fn().mockResolvedValue(zones),
    find: jest.fn((name: string) =>
      Promise.resolve(zones.find((zone) => zone.name === canonicalZoneName(name))),
    ),
    defaultContainer: jest.fn().mockResolvedValue({ partition: 'domain', dn: CONTAINER }),
  };
  const rootDse = { get: jest.fn().mockResolvedValue({ dnsHostName: 'dc1.example.lan' }) };
  const settings = { current: () => ({ domain: 'example.lan', dnsLegacy: false }) };
  const audit = {
    record: jest.fn().mockResolvedValue(undefined),
    begin: jest.fn().mockResolvedValue({ id: 7 }),
    complete: jest.fn().mockResolvedValue(undefined),
  };
  const service = new DnsZonesService(
    gateway as unknown as LdapGateway,
    directory as unknown as DnsZoneDirectory,
    rootDse as unknown as RootDseService,
    settings as unknown as DirectorySettings,
    audit as unknown as AuditService,
  );

  return { service, gateway, directory, rootDse, audit };
}

async function caught(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }

  throw new Error('expected the promise to reject');
}

describe(DnsZonesService.name, () => {
  describe('list', () => {
    it('searches the domain zone one level deep by default', async () => {
      const { service, gateway, audit } = setup();

      await service.list({}, 'boss');

      expect(gateway.search).toHaveBeenCalledWith(DOMAIN_ZONE.dn, {
        scope: 'one',
        filter: '(objectClass=dnsNode)',
        attributes: ['name', 'dnsRecord', 'dNSTombstoned'],
      });
      expect(audit.record).toHaveBeenCalledWith({
        actor: 'boss',
        action: 'READ',
        objectClass: 'DNSZ',
        affectedObject: 'example.lan',
      });
    });

    it('raises dns_zone_not_found for an unknown zone', async () => {
      const { service, gateway } = setup();

      const error = await caught(service.list({ dnsZone: 'other.example' }, 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneNotFound);
      expect(error.field).toBe('filter.dnsZone');
      expect(gateway.search).not.toHaveBeenCalled();
    });

    it('finds the root hints by their display name', async () => {
      const rootHints = { name: 'RootDNSServers', dn: `DC=RootDNSServers,${CONTAINER}` };
      const { service, gateway } = setup([{ ...rootHints, partition: 'domain' }]);

      const listing = await service.list({ dnsZone: 'Root DNS Servers' }, 'boss');

      expect(gateway.search.mock.calls[0][0]).toBe(rootHints.dn);
      expect(listing.dnsZones).toEqual(['Root DNS Servers']);
    });
  });

  describe('create', () => {
    it('adds the zone and an apex with SOA and NS in two adds', async () => {
      const { service, gateway, audit } = setup();

      const created = await service.create('New.Example.', 'boss');

      expect(created).toEqual({
        dnsZone: 'new.example',
        distinguishedName: `DC=new.example,${CONTAINER}`,
      });
      expect(gateway.add).toHaveBeenCalledTimes(2);
      expect(gateway.add.mock.calls[0][0]).toBe(`DC=new.example,${CONTAINER}`);
      expect(gateway.add.mock.calls[0][1].objectClass).toEqual(['top', 'dnsZone']);
      expect(gateway.add.mock.calls[0][1].dNSProperty).toHaveLength(7);
      expect(gateway.add.mock.calls[1][0]).toBe(`DC=@,DC=new.example,${CONTAINER}`);
      expect(audit.complete).toHaveBeenCalledWith({ id: 7 }, 'success');
    });

    it('writes the SOA and NS that samba-tool writes', async () => {
      const { service, gateway } = setup();

      await service.create('new.example', 'boss');
      const [soa, ns] = (gateway.add.mock.calls[1][1].dnsRecord as Buffer[]).map(decodeDnsRecord);

      expect(soa).toMatchObject({ serial: 1, ttlSeconds: 3600, rank: 0xf0, flags: 0 });
      expect(soa.data).toEqual({
        kind: 'SOA',
        dwSerialNo: 1,
        dwRefresh: 900,
        dwRetry: 600,
        dwExpire: 86400,
        dwMinimumTtl: 3600,
        namePrimaryServer: 'dc1.example.lan',
        zoneAdminEmail: 'hostmaster.example.lan',
      });
      expect(ns).toMatchObject({ serial: 1, ttlSeconds: 3600 });
      expect(ns.data).toEqual({ kind: 'NS', nameNode: 'dc1.example.lan' });
    });

    it('raises dns_zone_exists for a zone found in any case', async () => {
      const { service, gateway, audit } = setup();

      const error = await caught(service.create('BRANCH.example', 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneExists);
      expect(gateway.add).not.toHaveBeenCalled();
      expect(audit.begin).not.toHaveBeenCalled();
    });

    it('raises dns_zone_exists when the add races another request', async () => {
      const { service, gateway, audit } = setup();
      gateway.add.mockRejectedValueOnce(ldapFailure(LdapResultCode.EntryAlreadyExists));

      const error = await caught(service.create('new.example', 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneExists);
      expect(gateway.delete).not.toHaveBeenCalled();
      expect(audit.complete).toHaveBeenCalledWith({ id: 7 }, 'failure');
    });

    it('deletes the zone again when the apex add fails', async () => {
      const { service, gateway, audit } = setup();
      const failure = ldapFailure(LdapResultCode.InsufficientAccessRights);
      gateway.add.mockResolvedValueOnce(undefined).mockRejectedValueOnce(failure);

      const error = await caught(service.create('new.example', 'boss'));

      expect(error).toBe(failure);
      expect(gateway.delete).toHaveBeenCalledWith(`DC=new.example,${CONTAINER}`, {
        recursive: true,
      });
      expect(audit.complete).toHaveBeenCalledWith({ id: 7 }, 'failure');
    });

    it('reports the apex error when the rollback fails too', async () => {
      const { service, gateway } = setup();
      const failure = ldapFailure(LdapResultCode.InsufficientAccessRights);
      gateway.add.mockResolvedValueOnce(undefined).mockRejectedValueOnce(failure);
      gateway.delete.mockRejectedValueOnce(ldapFailure(LdapResultCode.UnwillingToPerform));

      const error = await caught(service.create('new.example', 'boss'));

      expect(error).toBe(failure);
    });

    it('rejects the root hints zone name', async () => {
      const { service, directory } = setup();

      const error = await caught(service.create('rootdnsservers', 'boss'));

      expect(error.code).toBe(ErrorCode.InvalidInput);
      expect(error.field).toBe('dnsZone');
      expect(directory.find).not.toHaveBeenCalled();
    });

    it('writes nothing when the server reports no dnsHostName', async () => {
      const { service, gateway, rootDse } = setup();
      rootDse.get.mockResolvedValue({ dnsHostName: '' });

      const error = await caught(service.create('new.example', 'boss'));

      expect(error.code).toBe(ErrorCode.InternalError);
      expect(gateway.add).not.toHaveBeenCalled();
    });
  });

  describe('delete', () => {
    it('deletes the zone subtree with one request', async () => {
      const { service, gateway, audit } = setup();

      const deleted = await service.delete('Branch.Example.', 'boss');

      expect(deleted).toEqual({ dnsZone: 'branch.example' });
      expect(gateway.delete).toHaveBeenCalledWith(BRANCH_ZONE.dn, { recursive: true });
      expect(audit.begin).toHaveBeenCalledWith({
        actor: 'boss',
        action: 'DELETE',
        objectClass: 'DNSZ',
        affectedObject: 'branch.example',
      });
      expect(audit.complete).toHaveBeenCalledWith({ id: 7 }, 'success');
    });

    it.each([
      'example.lan',
      'EXAMPLE.LAN.',
      '_msdcs.example.lan',
      '_msdcs.other.example',
      'RootDNSServers',
      'Root DNS Servers',
      '..TrustAnchors',
    ])('refuses to delete %s', async (name) => {
      const { service, gateway } = setup();

      const error = await caught(service.delete(name, 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneNotDeletable);
      expect(error.field).toBe('dnsZone');
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('raises dns_zone_not_found for an unknown zone', async () => {
      const { service, gateway } = setup();

      const error = await caught(service.delete('other.example', 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneNotFound);
      expect(gateway.delete).not.toHaveBeenCalled();
    });

    it('raises dns_zone_not_found when the zone goes away first', async () => {
      const { service, gateway, audit } = setup();
      gateway.delete.mockRejectedValueOnce(ldapFailure(LdapResultCode.NoSuchObject));

      const error = await caught(service.delete('branch.example', 'boss'));

      expect(error.code).toBe(ErrorCode.DnsZoneNotFound);
      expect(audit.complete).toHaveBeenCalledWith({ id: 7 }, 'failure');
    });
  });
});
