import { Injectable } from '@nestjs/common';

import { foldDnsCase } from '../common/validation/dns-zone-name';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { RootDse, RootDseService } from '../ldap/root-dse';
import { childDn, dnEquals } from '../ldap/syntax/dn';
import { eq } from '../ldap/syntax/filter-builder';

/** Storage location of a zone: the domain or forest DNS partition, or the legacy System container. */
export type ZonePartition = 'domain' | 'forest' | 'legacy';

/** A `CN=MicrosoftDNS` container of `dnsZone` objects. */
export interface ZoneContainer {
  partition: ZonePartition;
  dn: string;
}

/** A `dnsZone` object found in one of the zone containers. */
export interface DnsZoneLocation {
  /** The zone's DNS name as stored in `dc`, such as `example.lan` or `_msdcs.example.lan`. */
  name: string;
  dn: string;
  partition: ZonePartition;
}

/**
 * Finds the DNS zones stored in the directory. The containers come from the naming contexts the
 * server advertises (`DC=DomainDnsZones` and `DC=ForestDnsZones`), and from `CN=System` of the
 * domain partition when LDAP_DNS_LEGACY is set, so a search base below the domain head does not
 * change where zones are looked for.
 */
@Injectable()
export class DnsZoneDirectory {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly rootDse: RootDseService,
    private readonly settings: DirectorySettings,
  ) {}

  async containers(): Promise<ZoneContainer[]> {
    return zoneContainers(await this.rootDse.get(), this.settings.current().dnsLegacy);
  }

  /** Lists every zone with one one-level search per container, domain partition first. */
  async zones(): Promise<DnsZoneLocation[]> {
    const containers = await this.containers();
    const found = await Promise.all(
      containers.map(async (container) => {
        const entries = await this.searchMissingAsEmpty(container.dn);

        return entries.map((entry) => ({
          name: entry.text('dc') ?? entry.text('name') ?? '',
          dn: entry.dn,
          partition: container.partition,
        }));
      }),
    );

    return found.flat();
  }

  /** Finds a zone by DNS name, ignoring case and a trailing dot. */
  async find(name: string): Promise<DnsZoneLocation | undefined> {
    const wanted = canonicalZoneName(name);

    return (await this.zones()).find((zone) => canonicalZoneName(zone.name) === wanted);
  }

  /** Returns the container for new zones: the domain DNS partition when the server has one. */
  async defaultContainer(): Promise<ZoneContainer | undefined> {
    return (await this.containers())[0];
  }

  private async searchMissingAsEmpty(containerDn: string) {
    try {
      return await this.gateway.search(containerDn, {
        scope: 'one',
        filter: eq('objectClass', 'dnsZone'),
        attributes: ['dc', 'name'],
      });
    } catch (error) {
      // A partition can be advertised before its MicrosoftDNS container exists.
      if (error instanceof LdapOperationError && error.resultCode === LdapResultCode.NoSuchObject) {
        return [];
      }

      throw error;
    }
  }
}

/**
 * Lower-cases the ASCII letters of a zone name and drops one trailing dot, the form zone names
 * are compared in.
 */
export function canonicalZoneName(name: string): string {
  return foldDnsCase(name.replace(/\.$/, ''));
}

/** Returns the DN of the `dnsNode` for `nodeName` (`@` for the apex) in a zone. */
export function nodeDn(zone: DnsZoneLocation, nodeName: string): string {
  return childDn(zone.dn, 'DC', nodeName);
}

/** Works out the zone containers from the RootDSE. */
export function zoneContainers(rootDse: RootDse, includeLegacy: boolean): ZoneContainer[] {
  const advertised = (dn: string) =>
    rootDse.namingContexts.some((context) => dnEquals(context, dn));
  const containers: ZoneContainer[] = [];

  const domainZones = childDn(rootDse.defaultNamingContext, 'DC', 'DomainDnsZones');
  if (advertised(domainZones)) {
    containers.push({ partition: 'domain', dn: childDn(domainZones, 'CN', 'MicrosoftDNS') });
  }

  const forestZones = childDn(rootDse.rootDomainNamingContext, 'DC', 'ForestDnsZones');
  if (advertised(forestZones)) {
    containers.push({ partition: 'forest', dn: childDn(forestZones, 'CN', 'MicrosoftDNS') });
  }

  if (includeLegacy) {
    const system = childDn(rootDse.defaultNamingContext, 'CN', 'System');
    containers.push({ partition: 'legacy', dn: childDn(system, 'CN', 'MicrosoftDNS') });
  }

  return containers;
}
