import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { foldDnsCase } from '../common/validation/dns-zone-name';
import {
  buildDnsRecord,
  DNS_RANK_NS_GLUE,
  DNS_RANK_ZONE,
  DnsType,
  dnsTypeName,
  encodeDnsRecord,
  NewDnsRecordData,
} from '../ldap/codecs/dns-record';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { AuditService, PendingAudit } from '../logs/audit.service';
import { DnsRecordRow, toRecordRow } from './dns-record.mapper';
import {
  MAX_RECORDS_PER_DELETE,
  parseRecordInput,
  parseStoredReference,
  RecordInput,
  StoredRecordReference,
} from './dns-record-input';
import {
  checkRecordConflicts,
  checkRemovalAllowed,
  liveValues,
  rdataKey,
  StoredValue,
  storedValues,
} from './dns-record-rules';
import { canonicalZoneName, DnsZoneDirectory, DnsZoneLocation, nodeDn } from './dns-zone-directory';
import { KeyedMutex } from './keyed-mutex';
import { findReverseLocation, reverseLookupName } from './reverse-zone';
import {
  findSoa,
  isSerialGreater,
  nextSoaSerial,
  replaceSoaChanges,
  StoredSoa,
  withSoaSerial,
} from './soa-serial';

const NODE_ATTRIBUTES = ['dnsRecord', 'dNSTombstoned', 'name', 'objectGUID'];
/** Zones that hold root hints and trust anchors; `samba-tool dns` edits them, this API does not. */
const READ_ONLY_ZONES = new Set(['rootdnsservers', '..trustanchors']);
/**
 * Attempts at the SOA serial bump. Writers in this process take turns per zone, so a retry is
 * needed only when another process (another replica, samba-tool, the DNS server) changed the
 * SOA between the read and the modify.
 */
const SOA_BUMP_ATTEMPTS = 8;
/** Backoff ceiling before the first retry of the SOA bump. It doubles with each attempt. */
const SOA_BUMP_BACKOFF_MS = 20;
const SOA_BUMP_MAX_BACKOFF_MS = 1000;

/** A row written by insert or update, with `warning` when the zone's serial was not incremented. */
export type WrittenRecordRow = DnsRecordRow & { warning?: string };

/** A `dnsNode` as read before a change; `exists` is false when the node is not there yet. */
interface NodeSnapshot {
  zone: DnsZoneLocation;
  /** Node name relative to the zone, as the request spelled it. */
  name: string;
  dn: string;
  /** The node's `objectGUID`, which shows whether two names lead to the same node. */
  guid: Buffer | undefined;
  exists: boolean;
  tombstoned: boolean;
  values: StoredValue[];
}

/** Target of the PTR record of an A or AAAA record, checked before anything is written. */
interface PtrTarget {
  zone: DnsZoneLocation;
  nodeName: string;
  /** The host name the PTR points at: the A or AAAA record's full name. */
  target: string;
  address: string;
  ttl: number;
}

/** A row deleted by `delete`, as the response lists it. */
export interface DeletedRecord {
  name: string;
  typeName: string;
  zone: string;
  /** Set when the row was deleted but the zone's SOA serial could not be incremented. */
  warning?: string;
}

/** The rows of one delete request that live in one node. */
interface NodeDeletion {
  node: NodeSnapshot;
  references: StoredRecordReference[];
}

function fullName(nodeName: string, zone: string): string {
  return nodeName === '@' ? zone : `${nodeName}.${zone}`;
}

function auditName(nodeName: string, zone: string, type: number): string {
  return `${fullName(nodeName, zone)} (${dnsTypeName(type)})`;
}

function isLdapError(error: unknown, resultCode: LdapResultCode): boolean {
  return error instanceof LdapOperationError && error.resultCode === resultCode;
}

/** Compares node names as DNS does: ASCII letters without case, every other character exactly. */
function sameNodeName(left: string, right: string): boolean {
  return foldDnsCase(left) === foldDnsCase(right);
}

/** Tells whether two snapshots are the same `dnsNode` object. */
function sameNode(left: NodeSnapshot, right: NodeSnapshot): boolean {
  return left.guid !== undefined && right.guid !== undefined && left.guid.equals(right.guid);
}

function joinWarnings(...warnings: (string | undefined)[]): string | undefined {
  const present = warnings.filter((warning) => warning !== undefined);

  return present.length === 0 ? undefined : present.join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Inserts, updates and deletes `dnsRecord` values the way Samba's DNS management does: a new
 * value carries the zone's next serial in its header, and every change increments the zone's
 * SOA serial once, so secondaries and caches see it. Every field is validated before the first
 * LDAP call.
 */
@Injectable()
export class DnsRecordsService {
  private readonly logger = new Logger(DnsRecordsService.name);
  /** Serialises the changes of one zone within this process, keyed by the zone's DN. */
  private readonly zoneLocks = new KeyedMutex();

  constructor(
    private readonly gateway: LdapGateway,
    private readonly zones: DnsZoneDirectory,
    private readonly audit: AuditService,
  ) {}

  /** Adds one record, and its PTR record when `createPtr` is set. Returns the new row. */
  async insert(body: Record<string, unknown>, actor: string): Promise<WrittenRecordRow> {
    const input = parseRecordInput(body.record, 'insert');
    const zone = await this.findZone(input.zone, 'record.zone');
    const ptr = input.createPtr ? await this.planPtr(input, zone, 'record.createPtr') : undefined;

    const { value, warning } = await this.zoneLocks.run(zone.dn, async () => {
      const node = await this.readNode(zone, input.name);
      checkRecordConflicts(fullName(input.name, zone.name), node.values, input, 'record');

      const soa = await this.readSoa(zone);
      const encoded = this.encode(input.data, input.ttl, soa, input.name);
      const pending = await this.audit.begin({
        actor,
        action: 'CREATE',
        objectClass: 'DNSR',
        affectedObject: auditName(input.name, zone.name, input.type),
      });
      try {
        await this.writeValue(node, encoded);
      } catch (error) {
        await this.audit.complete(pending, 'failure');
        throw error;
      }

      return { value: encoded, warning: await this.completeWithBump(pending, zone, soa) };
    });

    // NOTE: the PTR is checked before the A or AAAA record is written, but if writing it fails
    // anyway, the forward record stays and the request returns the PTR error.
    const ptrWarning = ptr === undefined ? undefined : await this.writePtr(ptr, actor);

    return this.writtenRow(zone, input.name, value, joinWarnings(warning, ptrWarning));
  }

  /**
   * Replaces the value `oldRecord.record_bytes` with the edited record. In the same node this is
   * one modify (delete old value, add new value). A rename writes the new node first and then
   * removes the old value, and takes the new value out again when that removal fails.
   */
  async update(body: Record<string, unknown>, actor: string): Promise<WrittenRecordRow> {
    const input = parseRecordInput(body.record, 'update');
    const old = parseStoredReference(body.oldRecord, 'oldRecord', input.zone);
    if (old.record === undefined || old.type === DnsType.ZERO) {
      throw new DomainError(
        ErrorCode.DnsRecordFieldInvalid,
        'oldRecord.record_bytes is not a valid record value; send the record_bytes the zone ' +
          'listing returned for the record.',
        { field: 'oldRecord.record_bytes' },
      );
    }

    const zone = await this.findZone(input.zone, 'record.zone');
    if (input.type === DnsType.SOA) {
      return this.zoneLocks.run(zone.dn, () => this.updateSoa(input, zone, old, actor));
    }

    const ptr = input.createPtr ? await this.planPtr(input, zone, 'record.createPtr') : undefined;
    const { name, value, warning } = await this.zoneLocks.run(zone.dn, () =>
      this.replaceRecord(input, zone, old, actor),
    );
    const ptrWarning =
      ptr === undefined ? undefined : await this.maintainPtrAfterUpdate(old, zone, ptr, actor);

    return this.writtenRow(zone, name, value, joinWarnings(warning, ptrWarning));
  }

  /**
   * Writes the edited record in place of the old value and increments the serial; the caller
   * holds the zone lock. Returns the node name the value now has.
   */
  private async replaceRecord(
    input: RecordInput,
    zone: DnsZoneLocation,
    old: StoredRecordReference,
    actor: string,
  ): Promise<{ name: string; value: Buffer; warning: string | undefined }> {
    const oldNode = await this.readNode(zone, old.name);
    this.requirePresent(oldNode, old);
    this.requireSameType(input, old);

    const others = oldNode.values.filter((value) => !value.bytes.equals(old.bytes));
    let newNode = sameNodeName(old.name, input.name)
      ? undefined
      : await this.readNode(zone, input.name);
    let name = input.name;
    if (newNode !== undefined && sameNode(oldNode, newNode)) {
      // The directory matched the new name to the old node, because Samba compares DN values
      // with a Unicode case folding that DNS does not use. The value stays in that node.
      newNode = undefined;
      name = old.name;
    }

    if (newNode === undefined) {
      checkRecordConflicts(fullName(name, zone.name), others, input, 'record');
    } else {
      checkRemovalAllowed(old.name, oldNode.values, [old.bytes], 'oldRecord');
      checkRecordConflicts(fullName(name, zone.name), newNode.values, input, 'record');
    }

    const soa = await this.readSoa(zone);
    const value = this.encode(input.data, input.ttl, soa, name);
    const pending = await this.audit.begin({
      actor,
      action: 'UPDATE',
      objectClass: 'DNSR',
      affectedObject: auditName(old.name, zone.name, old.type),
      extraMessage: newNode === undefined ? undefined : `renamed to ${fullName(name, zone.name)}`,
    });
    try {
      if (newNode === undefined) {
        await this.replaceValue(oldNode, old.bytes, value);
      } else {
        await this.moveValue(oldNode, old.bytes, newNode, value);
      }
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    return { name, value, warning: await this.completeWithBump(pending, zone, soa) };
  }

  private requireSameType(input: RecordInput, old: StoredRecordReference): void {
    if (old.type !== input.type) {
      throw new DomainError(
        ErrorCode.DnsRecordFieldInvalid,
        `record.type ${input.type} differs from the stored ${dnsTypeName(old.type)} record; ` +
          'delete the record and insert one of the new type instead.',
        { field: 'record.type' },
      );
    }
  }

  /**
   * Deletes the values named by `record` or `records`. Every row is checked (value present, no
   * SOA, not the last NS at the apex) before the first deletion. Each node gets one operation:
   * a modify that deletes its values, or a delete of the node when no other value is left. The
   * SOA serial is incremented once per zone.
   */
  async delete(body: Record<string, unknown>, actor: string): Promise<DeletedRecord[]> {
    const references = this.parseDeleteBody(body);
    const zones = new Map<string, DnsZoneLocation>();
    for (const reference of references) {
      const zoneKey = canonicalZoneName(reference.zone);
      if (!zones.has(zoneKey)) {
        zones.set(zoneKey, await this.findZone(reference.zone, `${reference.path}.zone`));
      }
    }

    const deleted = await this.withZoneLocks([...zones.values()], () =>
      this.deleteLocked(references, zones, actor),
    );
    for (const reference of references) {
      if (reference.createPtr && reference.record !== undefined) {
        const ptrWarning = await this.removePtrOf(
          reference,
          zones.get(canonicalZoneName(reference.zone))!,
          actor,
        );
        if (ptrWarning !== undefined) {
          deleted.forEach((row) => (row.warning = joinWarnings(row.warning, ptrWarning)));
        }
      }
    }

    return deleted;
  }

  /**
   * Deletes the rows of a delete request; the caller holds the locks of all their zones. Rows
   * are grouped by the node the directory finds for their name, so two spellings of one node
   * are deleted in one operation.
   */
  private async deleteLocked(
    references: StoredRecordReference[],
    zones: Map<string, DnsZoneLocation>,
    actor: string,
  ): Promise<DeletedRecord[]> {
    const nodes = new Map<string, NodeSnapshot>();
    const deletions = new Map<string, NodeDeletion>();
    for (const reference of references) {
      const zoneKey = canonicalZoneName(reference.zone);
      const nameKey = `${zoneKey}/${foldDnsCase(reference.name)}`;
      let node = nodes.get(nameKey);
      if (node === undefined) {
        node = await this.readNode(zones.get(zoneKey)!, reference.name);
        nodes.set(nameKey, node);
      }

      this.requirePresent(node, reference);
      const objectKey = node.guid?.toString('hex') ?? nameKey;
      let deletion = deletions.get(objectKey);
      if (deletion === undefined) {
        deletion = { node, references: [] };
        deletions.set(objectKey, deletion);
      }

      if (!deletion.references.some((known) => known.bytes.equals(reference.bytes))) {
        deletion.references.push(reference);
      }
    }

    for (const { node, references: removed } of deletions.values()) {
      checkRemovalAllowed(
        node.name,
        node.values,
        removed.map((reference) => reference.bytes),
        removed[0].path,
      );
    }

    const deleted: DeletedRecord[] = [];
    const changedZones = new Map<string, DnsZoneLocation>();
    for (const { node, references: removed } of deletions.values()) {
      const pendings = await Promise.all(
        removed.map((reference) =>
          this.audit.begin({
            actor,
            action: 'DELETE',
            objectClass: 'DNSR',
            affectedObject: auditName(node.name, node.zone.name, reference.type),
          }),
        ),
      );
      try {
        await this.removeValues(
          node,
          removed.map((reference) => reference.bytes),
        );
      } catch (error) {
        await Promise.all(pendings.map((pending) => this.audit.complete(pending, 'failure')));
        for (const zone of changedZones.values()) {
          await this.bumpSerial(zone, undefined);
        }

        throw error;
      }

      await Promise.all(pendings.map((pending) => this.audit.complete(pending, 'success')));
      changedZones.set(canonicalZoneName(node.zone.name), node.zone);
      deleted.push(
        ...removed.map((reference) => ({
          name: node.name,
          typeName: dnsTypeName(reference.type),
          zone: node.zone.name,
        })),
      );
    }

    for (const [zoneKey, zone] of changedZones) {
      const warning = await this.bumpSerial(zone, undefined);
      if (warning !== undefined) {
        deleted
          .filter((row) => canonicalZoneName(row.zone) === zoneKey)
          .forEach((row) => (row.warning = warning));
      }
    }

    return deleted;
  }

  /**
   * Runs `task` holding the locks of several zones. The locks are taken in the order of the zone
   * DNs, so two requests that need the same zones cannot wait for each other.
   */
  private async withZoneLocks<T>(zones: DnsZoneLocation[], task: () => Promise<T>): Promise<T> {
    const keys = [...new Set(zones.map((zone) => zone.dn))].sort();
    const runFrom = (index: number): Promise<T> =>
      index === keys.length ? task() : this.zoneLocks.run(keys[index], () => runFrom(index + 1));

    return runFrom(0);
  }

  private parseDeleteBody(body: Record<string, unknown>): StoredRecordReference[] {
    const { record, records } = body;
    if (record !== undefined && records !== undefined) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        'Send either record (one row) or records (several rows), not both.',
        { field: 'records' },
      );
    }

    if (records === undefined) {
      return [parseStoredReference(record, 'record')];
    }

    if (!Array.isArray(records) || records.length === 0) {
      throw new DomainError(
        ErrorCode.DnsRecordFieldInvalid,
        'records must be a non-empty array of listed rows.',
        { field: 'records' },
      );
    }

    if (records.length > MAX_RECORDS_PER_DELETE) {
      throw new DomainError(
        ErrorCode.DnsRecordFieldInvalid,
        `records holds ${records.length} rows; send at most ${MAX_RECORDS_PER_DELETE} per request.`,
        { field: 'records' },
      );
    }

    return records.map((row, index) => parseStoredReference(row, `records[${index}]`));
  }

  /**
   * Replaces the zone's SOA record with the edited fields in one modify. The serial the client
   * sent is kept when it is greater than the stored one (RFC 1982). Otherwise the stored serial
   * plus one is written, so every SOA edit increases the serial.
   */
  private async updateSoa(
    input: RecordInput,
    zone: DnsZoneLocation,
    old: StoredRecordReference,
    actor: string,
  ): Promise<WrittenRecordRow> {
    const apex = await this.readNode(zone, old.name);
    this.requirePresent(apex, old);
    this.requireSameType(input, old);
    const soa = findSoa([old.bytes]);
    if (soa === undefined || input.data.kind !== 'SOA') {
      throw new DomainError(ErrorCode.DnsRecordFieldInvalid, 'oldRecord is not a SOA record.', {
        field: 'oldRecord.record_bytes',
      });
    }

    const stored = soa.record.data.dwSerialNo;
    const requested = input.data.dwSerialNo;
    const serial = isSerialGreater(requested, stored) ? requested : nextSoaSerial(stored);
    const value = encodeDnsRecord(
      buildDnsRecord(
        { ...input.data, dwSerialNo: serial },
        { ttlSeconds: input.ttl, serial, rank: soa.record.rank },
      ),
    );
    const pending = await this.audit.begin({
      actor,
      action: 'UPDATE',
      objectClass: 'DNSR',
      affectedObject: auditName('@', zone.name, DnsType.SOA),
      extraMessage: `serial ${stored} -> ${serial}`,
    });
    try {
      await this.replaceValue(apex, soa.bytes, value);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return this.rowOf(zone, '@', value);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  private async findZone(name: string, field: string): Promise<DnsZoneLocation> {
    if (READ_ONLY_ZONES.has(canonicalZoneName(name))) {
      throw new DomainError(
        ErrorCode.DnsZoneReadOnly,
        `Zone ${name} holds root hints or trust anchors; change it with samba-tool dns.`,
        { field },
      );
    }

    const zone = await this.zones.find(name);
    if (zone === undefined) {
      throw new DomainError(ErrorCode.DnsZoneNotFound, `DNS zone ${name} does not exist.`, {
        field,
      });
    }

    return zone;
  }

  private async readNode(zone: DnsZoneLocation, name: string): Promise<NodeSnapshot> {
    const dn = nodeDn(zone, name);
    const entry = await this.gateway.read(dn, NODE_ATTRIBUTES);

    return {
      zone,
      name,
      dn,
      guid: entry?.buffer('objectGUID'),
      exists: entry !== undefined,
      tombstoned: entry?.text('dNSTombstoned')?.toUpperCase() === 'TRUE',
      values: storedValues(entry?.buffers('dnsRecord') ?? []),
    };
  }

  private async readSoa(zone: DnsZoneLocation): Promise<StoredSoa | undefined> {
    const apex = await this.gateway.read(nodeDn(zone, '@'), ['dnsRecord']);

    return findSoa(liveValues(storedValues(apex?.buffers('dnsRecord') ?? [])).map((v) => v.bytes));
  }

  private requirePresent(node: NodeSnapshot, reference: StoredRecordReference): void {
    if (!node.values.some((value) => value.bytes.equals(reference.bytes))) {
      throw new DomainError(
        ErrorCode.DnsRecordNotFound,
        `${auditName(reference.name, node.zone.name, reference.type)} has no record with these ` +
          'record_bytes; it was changed or deleted since it was listed. List the zone again.',
        { field: `${reference.path}.record_bytes` },
      );
    }
  }

  /** Returns the row of a value just written, with its position in the node as `index`. */
  private async rowOf(zone: DnsZoneLocation, name: string, value: Buffer): Promise<DnsRecordRow> {
    const node = await this.gateway.read(nodeDn(zone, name), NODE_ATTRIBUTES);
    const values = node?.buffers('dnsRecord') ?? [];
    const index = Math.max(
      0,
      values.findIndex((stored) => stored.equals(value)),
    );

    return toRecordRow(
      {
        zone: zone.name,
        name: node?.text('name') ?? name,
        distinguishedName: node?.dn ?? nodeDn(zone, name),
        tombstoned: false,
      },
      value,
      index,
    );
  }

  /** Returns the row of a value just written, with `warning` when one is given. */
  private async writtenRow(
    zone: DnsZoneLocation,
    name: string,
    value: Buffer,
    warning: string | undefined,
  ): Promise<WrittenRecordRow> {
    const row = await this.rowOf(zone, name, value);

    return warning === undefined ? row : { ...row, warning };
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /**
   * Encodes a new value as Samba 4.17 writes records it creates. The header Serial is the serial
   * the zone will have after this change (1 when the zone has no SOA). An NS record below the
   * apex is a delegation and gets the glue rank.
   */
  private encode(
    data: NewDnsRecordData,
    ttl: number,
    soa: StoredSoa | undefined,
    nodeName: string,
  ): Buffer {
    const serial = soa === undefined ? 1 : nextSoaSerial(soa.record.data.dwSerialNo);
    const rank = data.kind === 'NS' && nodeName !== '@' ? DNS_RANK_NS_GLUE : DNS_RANK_ZONE;

    return encodeDnsRecord(buildDnsRecord(data, { ttlSeconds: ttl, serial, rank }));
  }

  /**
   * Adds a value to a node: an add of the `dnsNode` when it does not exist, else one modify. A
   * tombstoned node is revived in that modify: its tombstone values are deleted and
   * `dNSTombstoned` is set to FALSE.
   */
  private async writeValue(node: NodeSnapshot, value: Buffer): Promise<void> {
    if (!node.exists) {
      try {
        await this.gateway.add(node.dn, {
          objectClass: ['top', 'dnsNode'],
          dnsRecord: [value],
          dNSTombstoned: 'FALSE',
        });
      } catch (error) {
        if (isLdapError(error, LdapResultCode.EntryAlreadyExists)) {
          throw this.concurrentChange(node);
        }

        throw error;
      }

      return;
    }

    const tombstones = node.values.filter((stored) => stored.type === DnsType.ZERO);
    const changes: LdapChange[] = [];
    if (tombstones.length > 0) {
      changes.push({
        operation: 'delete',
        attribute: 'dnsRecord',
        values: tombstones.map((stored) => stored.bytes),
      });
    }

    changes.push({ operation: 'add', attribute: 'dnsRecord', values: [value] });
    if (node.tombstoned || tombstones.length > 0) {
      changes.push({ operation: 'replace', attribute: 'dNSTombstoned', values: ['FALSE'] });
    }

    await this.modifyNode(node, changes);
  }

  /** Replaces one value of a node with another in one modify. */
  private async replaceValue(node: NodeSnapshot, oldValue: Buffer, value: Buffer): Promise<void> {
    await this.modifyNode(node, [
      { operation: 'delete', attribute: 'dnsRecord', values: [oldValue] },
      { operation: 'add', attribute: 'dnsRecord', values: [value] },
    ]);
  }

  /**
   * Moves a value to another node: writes the new value, then removes the old one. When the
   * removal fails, the new value is removed again so that the record exists once, at its old
   * name, and the removal's error is raised.
   */
  private async moveValue(
    oldNode: NodeSnapshot,
    oldValue: Buffer,
    newNode: NodeSnapshot,
    value: Buffer,
  ): Promise<void> {
    await this.writeValue(newNode, value);
    try {
      await this.removeValues(oldNode, [oldValue]);
    } catch (error) {
      try {
        await this.removeValues(await this.readNode(newNode.zone, newNode.name), [value]);
      } catch (restoreError) {
        this.logger.error(
          `Rename of a DNS record failed and its copy at ${newNode.dn} could not be removed: ` +
            String(restoreError),
        );
      }

      throw error;
    }
  }

  /** Removes values from a node: one modify, or a delete of the node when no live value is left. */
  private async removeValues(node: NodeSnapshot, removed: Buffer[]): Promise<void> {
    const remaining = liveValues(node.values).filter(
      (stored) => !removed.some((bytes) => bytes.equals(stored.bytes)),
    );
    if (remaining.length === 0) {
      try {
        await this.gateway.delete(node.dn);
      } catch (error) {
        if (isLdapError(error, LdapResultCode.NoSuchObject)) {
          throw this.concurrentChange(node);
        }

        throw error;
      }

      return;
    }

    await this.modifyNode(node, [{ operation: 'delete', attribute: 'dnsRecord', values: removed }]);
  }

  private async modifyNode(node: NodeSnapshot, changes: LdapChange[]): Promise<void> {
    try {
      await this.gateway.modify(node.dn, changes);
    } catch (error) {
      if (
        isLdapError(error, LdapResultCode.NoSuchAttribute) ||
        isLdapError(error, LdapResultCode.NoSuchObject) ||
        isLdapError(error, LdapResultCode.AttributeOrValueExists)
      ) {
        throw this.concurrentChange(node);
      }

      throw error;
    }
  }

  private concurrentChange(node: NodeSnapshot): DomainError {
    return new DomainError(
      ErrorCode.DnsRecordExists,
      `The records of ${fullName(node.name, node.zone.name)} changed while this request ran; ` +
        'list the zone again and retry.',
    );
  }

  // -------------------------------------------------------------------------------------------
  // SOA serial

  /**
   * Completes an audit row after the directory change, then increments the zone's serial.
   * Returns the warning of `bumpSerial`. The row records success either way, because the records
   * were changed.
   */
  private async completeWithBump(
    pending: PendingAudit | undefined,
    zone: DnsZoneLocation,
    soa: StoredSoa | undefined,
  ): Promise<string | undefined> {
    await this.audit.complete(pending, 'success');

    return this.bumpSerial(zone, soa);
  }

  /**
   * Increments the zone's SOA serial once with one modify that deletes the SOA value read and
   * adds its successor. Every caller in this service runs inside the zone's lock, so the delete
   * fails only when another process changed the SOA in between. The bump then starts again from
   * the new value after a jittered backoff. A zone without SOA is left as it is.
   *
   * The records are already changed when this runs, so a bump that still fails is no request
   * error: the failure is logged and returned as a warning for the response.
   */
  private async bumpSerial(
    zone: DnsZoneLocation,
    known: StoredSoa | undefined,
  ): Promise<string | undefined> {
    let soa = known;
    for (let attempt = 1; ; attempt++) {
      soa ??= await this.readSoa(zone);
      if (soa === undefined) {
        this.logger.warn(`DNS zone ${zone.name} has no SOA record, so its serial was not changed`);

        return undefined;
      }

      const next = withSoaSerial(soa, nextSoaSerial(soa.record.data.dwSerialNo));
      try {
        await this.gateway.modify(nodeDn(zone, '@'), replaceSoaChanges(soa, next));

        return undefined;
      } catch (error) {
        const changedMeanwhile = isLdapError(error, LdapResultCode.NoSuchAttribute);
        if (!changedMeanwhile || attempt === SOA_BUMP_ATTEMPTS) {
          this.logger.error(
            `Failed to increment the SOA serial of DNS zone ${zone.name} after ${attempt} ` +
              `attempt(s); the record change stays: ${String(error)}`,
          );

          return (
            `The records were changed, but the SOA serial of zone ${zone.name} could not be ` +
            'incremented, so secondary servers may not see the change until the next edit.'
          );
        }

        const ceiling = Math.min(SOA_BUMP_MAX_BACKOFF_MS, SOA_BUMP_BACKOFF_MS * 2 ** (attempt - 1));
        this.logger.warn(
          `The SOA of DNS zone ${zone.name} changed during the serial increment ` +
            `(attempt ${attempt} of ${SOA_BUMP_ATTEMPTS}); retrying`,
        );
        await sleep(Math.random() * ceiling);
        soa = undefined;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // PTR records

  /** Finds the reverse zone for an A or AAAA record's PTR and checks the PTR can be written there. */
  private async planPtr(
    input: RecordInput,
    zone: DnsZoneLocation,
    field: string,
  ): Promise<PtrTarget> {
    if (input.data.kind !== 'A' && input.data.kind !== 'AAAA') {
      throw new DomainError(
        ErrorCode.DnsRecordFieldInvalid,
        `${field} needs an A or AAAA record.`,
        {
          field,
        },
      );
    }

    const reverseName = reverseLookupName(input.data.address);
    const allZones = await this.zones.zones();
    const location = findReverseLocation(
      reverseName,
      allZones.map((candidate) => candidate.name),
    );
    if (location === undefined) {
      throw new DomainError(
        ErrorCode.DnsReverseZoneNotFound,
        `No reverse zone holds ${reverseName}, so no PTR record can be created for ` +
          `${input.data.address}. Create the reverse zone first, or send createPtr: false.`,
        { field },
      );
    }

    const reverseZone = allZones.find((candidate) => candidate.name === location.zone)!;
    const target: PtrTarget = {
      zone: reverseZone,
      nodeName: location.nodeName,
      target: fullName(input.name, zone.name),
      address: input.data.address,
      ttl: input.ttl,
    };
    const node = await this.readNode(reverseZone, location.nodeName);
    const data = { kind: 'PTR' as const, nameNode: target.target };
    const present = liveValues(node.values).some(
      (value) =>
        value.record !== undefined &&
        rdataKey(value.type, value.record.data) === rdataKey(DnsType.PTR, data),
    );
    if (!present) {
      checkRecordConflicts(
        fullName(location.nodeName, reverseZone.name),
        node.values,
        { type: DnsType.PTR, data },
        field,
      );
    }

    return target;
  }

  /**
   * Adds the planned PTR record unless it is already there, and increments that zone's serial.
   * Returns the warning of `bumpSerial`.
   */
  private async writePtr(target: PtrTarget, actor: string): Promise<string | undefined> {
    return this.zoneLocks.run(target.zone.dn, () => this.writePtrLocked(target, actor));
  }

  private async writePtrLocked(target: PtrTarget, actor: string): Promise<string | undefined> {
    const node = await this.readNode(target.zone, target.nodeName);
    const data: NewDnsRecordData = { kind: 'PTR', nameNode: target.target };
    const key = rdataKey(DnsType.PTR, data);
    if (
      liveValues(node.values).some(
        (value) => value.record !== undefined && rdataKey(value.type, value.record.data) === key,
      )
    ) {
      return undefined;
    }

    const soa = await this.readSoa(target.zone);
    const value = this.encode(data, target.ttl, soa, target.nodeName);
    const pending = await this.audit.begin({
      actor,
      action: 'CREATE',
      objectClass: 'DNSR',
      affectedObject: auditName(target.nodeName, target.zone.name, DnsType.PTR),
    });
    try {
      await this.writeValue(node, value);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    return this.completeWithBump(pending, target.zone, soa);
  }

  /**
   * Removes the PTR records that point at `target` for `address`, if a reverse zone contains any,
   * and increments that zone's serial. Nothing happens when there is none. Returns the warning
   * of `bumpSerial`.
   */
  private async removePtr(
    address: string,
    target: string,
    actor: string,
  ): Promise<string | undefined> {
    const allZones = await this.zones.zones();
    const location = findReverseLocation(
      reverseLookupName(address),
      allZones.map((zone) => zone.name),
    );
    if (location === undefined) {
      return undefined;
    }

    const zone = allZones.find((candidate) => candidate.name === location.zone)!;

    return this.zoneLocks.run(zone.dn, async () => {
      const node = await this.readNode(zone, location.nodeName);
      const key = rdataKey(DnsType.PTR, { kind: 'PTR', nameNode: target });
      const pointers = liveValues(node.values).filter(
        (value) => value.record !== undefined && rdataKey(value.type, value.record.data) === key,
      );
      if (pointers.length === 0) {
        return undefined;
      }

      const pending = await this.audit.begin({
        actor,
        action: 'DELETE',
        objectClass: 'DNSR',
        affectedObject: auditName(location.nodeName, zone.name, DnsType.PTR),
      });
      try {
        await this.removeValues(
          node,
          pointers.map((value) => value.bytes),
        );
      } catch (error) {
        await this.audit.complete(pending, 'failure');
        throw error;
      }

      return this.completeWithBump(pending, zone, undefined);
    });
  }

  private async removePtrOf(
    reference: StoredRecordReference,
    zone: DnsZoneLocation,
    actor: string,
  ): Promise<string | undefined> {
    const data = reference.record?.data;
    if (data?.kind === 'A' || data?.kind === 'AAAA') {
      return this.removePtr(data.address, fullName(reference.name, zone.name), actor);
    }

    return undefined;
  }

  /**
   * Keeps the PTR record in step with an updated A or AAAA record: the PTR of the old address
   * and name is removed when either changed, and the PTR of the new ones is added. Returns the
   * warnings of the serial increments.
   */
  private async maintainPtrAfterUpdate(
    old: StoredRecordReference,
    zone: DnsZoneLocation,
    target: PtrTarget,
    actor: string,
  ): Promise<string | undefined> {
    const oldData = old.record?.data;
    const oldTarget = fullName(old.name, zone.name);
    let removalWarning: string | undefined;
    if (
      (oldData?.kind === 'A' || oldData?.kind === 'AAAA') &&
      (foldDnsCase(oldTarget) !== foldDnsCase(target.target) || oldData.address !== target.address)
    ) {
      removalWarning = await this.removePtr(oldData.address, oldTarget, actor);
    }

    return joinWarnings(removalWarning, await this.writePtr(target, actor));
  }
}
