import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { buildDnsRecord, encodeDnsRecord, validateDnsHostName } from '../ldap/codecs/dns-record';
import { primaryZoneProperties } from '../ldap/codecs/dns-property';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { RootDseService } from '../ldap/root-dse';
import { childDn } from '../ldap/syntax/dn';
import { eq } from '../ldap/syntax/filter-builder';
import { AuditService, PendingAudit } from '../logs/audit.service';
import { canonicalZoneName, DnsZoneDirectory, DnsZoneLocation, nodeDn } from './dns-zone-directory';
import { isReservedZoneName, toStoredZoneName, undeletableReason } from './dns-zone-name';
import {
  DnsZoneListing,
  NODE_ATTRIBUTES,
  toZoneListing,
  numberZoneRows,
  toZoneNodeRows,
} from './dns-zone.mapper';

/**
 * SOA timers and TTL of a new zone, in seconds: the values `samba-tool dns zonecreate` writes
 * (checked against Samba 4.17).
 */
const NEW_ZONE_SOA = {
  dwSerialNo: 1,
  dwRefresh: 900,
  dwRetry: 600,
  dwExpire: 86400,
  dwMinimumTtl: 3600,
} as const;
const NEW_ZONE_TTL_SECONDS = 3600;

export interface ListZoneOptions {
  /** Zone name from the request; undefined or empty lists the domain zone. */
  dnsZone?: string;
  includeTombstoned?: boolean;
}

export interface CreatedZone {
  dnsZone: string;
  distinguishedName: string;
}

@Injectable()
export class DnsZonesService {
  private readonly logger = new Logger(DnsZonesService.name);

  constructor(
    private readonly gateway: LdapGateway,
    private readonly zones: DnsZoneDirectory,
    private readonly rootDse: RootDseService,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
  ) {}

  /**
   * Lists every zone name and the records of one zone. The nodes are read with one paged
   * one-level search, because every `dnsNode` of a zone is a direct child of its `dnsZone`.
   * Nodes whose names start with `_` (SRV locators) are listed like any other.
   */
  async list(options: ListZoneOptions, actor: string): Promise<DnsZoneListing> {
    const requested = options.dnsZone ?? '';
    const name = requested === '' ? this.settings.current().domain : toStoredZoneName(requested);
    const zones = await this.zones.zones();
    const zone = zones.find((candidate) => sameZone(candidate.name, name));
    if (zone === undefined) {
      throw zoneNotFound(name, 'filter.dnsZone');
    }

    // A zone can hold thousands of nodes, so the listing counts as a bulk read. Each node
    // becomes its rows as its page arrives, so the entries themselves are not kept.
    const includeTombstoned = options.includeTombstoned === true;
    const records = await this.gateway.limitBulkRead(async () => {
      const nodes = await this.gateway.searchEach(
        zone.dn,
        { scope: 'one', filter: eq('objectClass', 'dnsNode'), attributes: NODE_ATTRIBUTES },
        (entry) => toZoneNodeRows(zone, entry, includeTombstoned),
      );

      return numberZoneRows(nodes.filter((node) => node !== undefined));
    });
    await this.audit.record({
      actor,
      action: 'READ',
      objectClass: 'DNSZ',
      affectedObject: zone.name,
    });

    return toZoneListing(zones, records, this.settings.current().dnsLegacy);
  }

  /**
   * Creates a primary zone in the domain DNS partition, as `samba-tool dns zonecreate` does:
   * the `dnsZone` with Samba's `dNSProperty` values, then the apex node with the SOA and NS
   * records, both naming this DC. If the apex cannot be written, the zone is deleted again.
   */
  async create(requested: string, actor: string): Promise<CreatedZone> {
    const name = canonicalZoneName(requested);
    if (isReservedZoneName(name)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `The zone name "${requested}" is reserved for a zone Active Directory maintains.`,
        { field: 'dnsZone' },
      );
    }

    const existing = await this.zones.find(name);
    if (existing !== undefined) {
      throw zoneExists(existing.name);
    }

    const container = await this.zones.defaultContainer();
    if (container === undefined) {
      throw new DomainError(
        ErrorCode.ObjectNotFound,
        'The directory advertises no DNS partition to create the zone in.',
      );
    }

    const zone: DnsZoneLocation = {
      name,
      dn: childDn(container.dn, 'DC', name),
      partition: container.partition,
    };
    const apexRecords = await this.newApexRecords();
    const pending = await this.audit.begin({
      actor,
      action: 'CREATE',
      objectClass: 'DNSZ',
      affectedObject: name,
    });
    try {
      await this.addZoneObject(zone);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    try {
      await this.gateway.add(nodeDn(zone, '@'), {
        objectClass: ['top', 'dnsNode'],
        dnsRecord: apexRecords,
      });
    } catch (error) {
      await this.rollBackZone(zone, pending);
      throw error;
    }

    await this.audit.complete(pending, 'success');
    this.logger.log(`Created DNS zone ${name} at ${zone.dn}`);

    return { dnsZone: name, distinguishedName: zone.dn };
  }

  /**
   * Deletes a zone with all its nodes in one request, with the tree-delete control. The domain
   * zone, `_msdcs` zones, the root hints and the trust anchors are rejected.
   */
  async delete(requested: string, actor: string): Promise<{ dnsZone: string }> {
    const reason = undeletableReason(requested, this.settings.current().domain);
    if (reason !== undefined) {
      throw new DomainError(
        ErrorCode.DnsZoneNotDeletable,
        `The zone "${requested}" cannot be deleted, because ${reason}.`,
        { field: 'dnsZone' },
      );
    }

    const name = toStoredZoneName(requested);
    const zone = await this.zones.find(name);
    if (zone === undefined) {
      throw zoneNotFound(name, 'dnsZone');
    }

    const pending = await this.audit.begin({
      actor,
      action: 'DELETE',
      objectClass: 'DNSZ',
      affectedObject: zone.name,
    });
    try {
      await this.gateway.delete(zone.dn, { recursive: true });
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      if (isResult(error, LdapResultCode.NoSuchObject)) {
        throw zoneNotFound(name, 'dnsZone');
      }

      throw error;
    }

    await this.audit.complete(pending, 'success');
    this.logger.log(`Deleted DNS zone ${zone.name} at ${zone.dn}`);

    return { dnsZone: zone.name };
  }

  /**
   * Builds the apex SOA and NS values. The primary server and the NS target are this DC's
   * `dnsHostName`, and the SOA mailbox is `hostmaster.<domain>`, as Samba 4.17 writes them.
   */
  private async newApexRecords(): Promise<Buffer[]> {
    const { dnsHostName } = await this.rootDse.get();
    if (dnsHostName === '') {
      throw new DomainError(
        ErrorCode.InternalError,
        'The directory server did not report its dnsHostName, which the new zone needs for its SOA and NS records.',
      );
    }

    const server = validateDnsHostName(dnsHostName, 'dnsHostName');
    const domain = this.settings.current().domain || server.slice(server.indexOf('.') + 1);
    const header = { ttlSeconds: NEW_ZONE_TTL_SECONDS, serial: NEW_ZONE_SOA.dwSerialNo };
    const soa = buildDnsRecord(
      {
        kind: 'SOA',
        ...NEW_ZONE_SOA,
        namePrimaryServer: server,
        zoneAdminEmail: `hostmaster.${canonicalZoneName(domain)}`,
      },
      header,
    );
    const ns = buildDnsRecord({ kind: 'NS', nameNode: server }, header);

    return [encodeDnsRecord(soa), encodeDnsRecord(ns)];
  }

  private async addZoneObject(zone: DnsZoneLocation): Promise<void> {
    try {
      await this.gateway.add(zone.dn, {
        objectClass: ['top', 'dnsZone'],
        dNSProperty: primaryZoneProperties(),
      });
    } catch (error) {
      // Another request created the zone after the existence check.
      if (isResult(error, LdapResultCode.EntryAlreadyExists)) {
        throw zoneExists(zone.name);
      }

      throw error;
    }
  }

  /** Deletes a half-created zone. A failure here is logged, and the original error is reported. */
  private async rollBackZone(zone: DnsZoneLocation, pending: PendingAudit | undefined) {
    try {
      await this.gateway.delete(zone.dn, { recursive: true });
    } catch (error) {
      this.logger.error(
        `Failed to delete the half-created DNS zone ${zone.dn}. Delete it by hand: ${String(error)}`,
      );
    }

    await this.audit.complete(pending, 'failure');
  }
}

function sameZone(stored: string, requested: string): boolean {
  return canonicalZoneName(stored) === canonicalZoneName(requested);
}

function isResult(error: unknown, resultCode: LdapResultCode): boolean {
  return error instanceof LdapOperationError && error.resultCode === resultCode;
}

function zoneNotFound(name: string, field: string): DomainError {
  return new DomainError(ErrorCode.DnsZoneNotFound, `The DNS zone "${name}" does not exist.`, {
    field,
  });
}

function zoneExists(name: string): DomainError {
  return new DomainError(ErrorCode.DnsZoneExists, `The DNS zone "${name}" already exists.`, {
    field: 'dnsZone',
  });
}
