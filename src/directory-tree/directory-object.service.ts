import { Injectable } from '@nestjs/common';

import { blameField, DomainError, ErrorCode } from '../common/errors';
import { UAC } from '../ldap/codecs/user-account-control';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { AttributeValues, LdapGateway } from '../ldap/ldap-gateway';
import { isProtectedObject, PROTECTION_ATTRIBUTES } from '../ldap/protected-objects';
import {
  childDn,
  dnEquals,
  isDescendantOrSelf,
  parentDn,
  parseDn,
  RdnAttribute,
} from '../ldap/syntax/dn';
import { eq } from '../ldap/syntax/filter-builder';
import { AuditObjectClass } from '../logs/audit-log.entity';
import { AuditService } from '../logs/audit.service';
import { DeleteObjectDto } from './dto/delete-object.dto';
import { MoveRequest, RenameRequest } from './dto/change-object.dto';
import { INSERTABLE_TYPES, InsertableType, NewLdapObject } from './dto/insert-object.dto';
import { checkRdnValue, computerAccountName } from './object-names';
import { isInSystemContainer, wellKnownContainerName } from './well-known-containers';

/** Attributes read from an object before it is moved, renamed or deleted. */
const OBJECT_ATTRIBUTES = ['objectClass', 'systemFlags', ...PROTECTION_ATTRIBUTES];

type Change = 'move' | 'rename' | 'delete';

/** systemFlags bits (MS-ADTS 2.2.10) with which the DC itself forbids an operation. */
const SYSTEM_FLAG_FOR: Record<Change, number> = {
  delete: 0x80000000, // FLAG_DISALLOW_DELETE
  rename: 0x08000000, // FLAG_DOMAIN_DISALLOW_RENAME
  move: 0x04000000, // FLAG_DOMAIN_DISALLOW_MOVE
};

/** Object classes that may be a move destination; the search base is allowed too. */
const MOVE_PARENT_CLASSES = ['organizationalunit', 'container', 'builtindomain'];

/**
 * Moves, renames, creates and deletes directory objects for the tree view. Every check that
 * can be made before writing is made first, so a rejected request leaves the directory
 * unchanged, and every change writes a pending audit row before the directory is touched.
 */
@Injectable()
export class DirectoryObjectService {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
    private readonly containers: DirectoryContainers,
  ) {}

  /**
   * Moves an object below `destination`, keeping its RDN. The new DN is rebuilt from the
   * parsed RDN, so escaped commas and other metacharacters in the name survive the move.
   * Moving to the current parent is rejected with 400, because nothing would change.
   */
  async move(request: MoveRequest, actor: string): Promise<string> {
    const entry = await this.findObject(request.distinguishedName, 'ldapObject.distinguishedName');
    this.assertChangeable(entry, 'move', 'ldapObject.distinguishedName');
    const destination = request.destination;
    if (isDescendantOrSelf(destination, entry.dn)) {
      throw invalid(
        'ldapObject.destination',
        'cannot be the object itself or lie below it; an object cannot be moved into its own subtree',
      );
    }

    if (dnEquals(parentDn(entry.dn), destination)) {
      throw invalid('ldapObject.destination', 'is already the parent of the object');
    }

    await this.containers.checkParent(destination, 'ldapObject.destination', MOVE_PARENT_CLASSES);
    const leaf = singleRdn(entry.dn, 'ldapObject.distinguishedName');
    const newDn = childDn(destination, leaf.type, leaf.value);
    await this.change(
      {
        actor,
        action: 'UPDATE',
        objectClass: auditClassOf(entry),
        affectedObject: entry.dn,
        extraMessage: `MOVE to ${newDn}`,
      },
      () => this.gateway.modifyDn(entry.dn, newDn),
      'ldapObject.destination',
    );

    return newDn;
  }

  /**
   * Renames an object in place. `newRdn` is the new value only, and the RDN keeps its attribute
   * type (CN, OU…). A value equal to the current one is rejected with 400, but a change of case
   * only is a rename.
   */
  async rename(request: RenameRequest, actor: string): Promise<string> {
    const entry = await this.findObject(request.distinguishedName, 'ldapObject.distinguishedName');
    this.assertChangeable(entry, 'rename', 'ldapObject.distinguishedName');
    const leaf = singleRdn(entry.dn, 'ldapObject.distinguishedName');
    const value = checkRdnValue(request.newRdn, leaf.type, 'ldapObject.newRDN');
    if (value === leaf.value) {
      throw invalid('ldapObject.newRDN', 'is the current name of the object');
    }

    const newDn = childDn(parentDn(entry.dn), leaf.type, value);
    await this.change(
      {
        actor,
        action: 'UPDATE',
        objectClass: auditClassOf(entry),
        affectedObject: entry.dn,
        extraMessage: `RENAME to ${newDn}`,
      },
      () => this.gateway.modifyDn(entry.dn, newDn),
      'ldapObject.newRDN',
    );

    return newDn;
  }

  /**
   * Creates an organizational unit (`OU=<name>`) or a computer account (`CN=<name>`, with
   * sAMAccountName `NAME$` and userAccountControl WORKSTATION_TRUST_ACCOUNT) below `path`.
   */
  async insert(object: NewLdapObject, actor: string): Promise<string> {
    const type = checkType(object.type);
    const rdnType = type === 'ou' ? 'OU' : 'CN';
    const name = checkRdnValue(object.name, rdnType, 'ldapObject.name');
    if (object.ou !== undefined && object.ou !== name) {
      throw invalid('ldapObject.ou', 'must equal ldapObject.name when given');
    }

    const accountName =
      type === 'computer' ? computerAccountName(name, 'ldapObject.name') : undefined;
    await this.containers.checkParent(object.path, 'ldapObject.path');
    const dn = childDn(object.path, rdnType, name);
    if ((await this.gateway.read(dn, ['1.1'])) !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An object named "${name}" already exists there.`,
        {
          field: 'ldapObject.name',
        },
      );
    }

    if (accountName !== undefined) {
      await this.checkAccountNameFree(accountName);
    }

    const attributes: Record<string, AttributeValues> =
      accountName === undefined
        ? { objectClass: ['top', 'organizationalUnit'], ou: name }
        : {
            objectClass: ['top', 'person', 'organizationalPerson', 'user', 'computer'],
            cn: name,
            sAMAccountName: accountName,
            userAccountControl: String(UAC.WORKSTATION_TRUST_ACCOUNT),
          };
    await this.change(
      {
        actor,
        action: 'CREATE',
        objectClass: type === 'ou' ? 'OU' : 'LDAP',
        affectedObject: name,
        extraMessage: `dn=${dn}`,
      },
      () => this.gateway.add(dn, attributes),
      'ldapObject.name',
    );

    return dn;
  }

  /**
   * Deletes an object. One that has children is deleted only with `recursive`, and then with
   * the tree-delete control. A refusal by the DC (insufficient rights, or an object protected
   * from accidental deletion, which is a deny entry in its ACL) is reported as object_protected.
   */
  async delete(body: DeleteObjectDto, actor: string): Promise<string> {
    const entry = await this.findObject(body.distinguishedName, 'distinguishedName');
    this.assertChangeable(entry, 'delete', 'distinguishedName');
    const children = await this.gateway.search(entry.dn, { scope: 'one', attributes: ['1.1'] });
    const recursive = body.recursive === true;
    if (children.length > 0 && !recursive) {
      throw new DomainError(
        ErrorCode.ObjectNotEmpty,
        `"${entry.dn}" has ${children.length} child objects. Delete them first, or send recursive: true to delete the whole subtree.`,
        { field: 'distinguishedName', extra: { children: children.length } },
      );
    }

    await this.change(
      {
        actor,
        action: 'DELETE',
        objectClass: auditClassOf(entry),
        affectedObject: entry.dn,
        extraMessage: recursive ? `recursive, ${children.length} children` : undefined,
      },
      async () => {
        try {
          await this.gateway.delete(entry.dn, { recursive });
        } catch (error) {
          throw asProtectionError(error, entry.dn);
        }
      },
      'distinguishedName',
    );

    return entry.dn;
  }

  /** Runs one directory write between a pending audit row and its outcome. */
  private async change(
    event: Parameters<AuditService['begin']>[0],
    write: () => Promise<void>,
    existsField: string,
  ): Promise<void> {
    const pending = await this.audit.begin(event);
    try {
      await write();
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw blameField(error, ErrorCode.ObjectExists, existsField);
    }

    await this.audit.complete(pending, 'success');
  }

  private async findObject(dn: string, field: string): Promise<LdapEntry> {
    const base = this.settings.current().searchBase;
    if (!isDescendantOrSelf(dn, base)) {
      throw invalid(field, 'must lie inside the search base');
    }

    const entry = await this.gateway.read(dn, OBJECT_ATTRIBUTES);
    if (entry === undefined) {
      throw new DomainError(ErrorCode.ObjectNotFound, `The object "${dn}" does not exist.`, {
        field,
      });
    }

    return entry;
  }

  /**
   * Rejects changes to the search base, the well-known containers below it, anything inside
   * CN=System, critical system objects and built-in principals, and objects whose systemFlags
   * forbid the change.
   */
  private assertChangeable(entry: LdapEntry, change: Change, field: string): void {
    const base = this.settings.current().searchBase;
    const systemFlags = (entry.integer('systemFlags') ?? 0) >>> 0;
    const reason = dnEquals(entry.dn, base)
      ? 'it is the search base'
      : wellKnownContainerName(entry.dn, base) !== undefined
        ? 'it is a well-known container of the domain'
        : isInSystemContainer(entry.dn, base)
          ? 'it lies in the System container'
          : isProtectedObject(entry)
            ? 'it is a critical system object or a built-in principal'
            : (systemFlags & SYSTEM_FLAG_FOR[change]) !== 0
              ? `its systemFlags forbid the ${change}`
              : undefined;
    if (reason !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectProtected,
        `"${entry.dn}" cannot be ${change === 'move' ? 'moved' : `${change}d`}: ${reason}.`,
        { field },
      );
    }
  }

  private async checkAccountNameFree(accountName: string): Promise<void> {
    const [existing] = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: eq('sAMAccountName', accountName),
      attributes: ['1.1'],
      sizeLimit: 1,
    });
    if (existing !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectExists,
        `An account named "${accountName}" already exists.`,
        { field: 'ldapObject.name' },
      );
    }
  }
}

function invalid(field: string, problem: string): DomainError {
  return new DomainError(ErrorCode.InvalidInput, `${field} ${problem}.`, { field });
}

function checkType(type: string): InsertableType {
  const known = INSERTABLE_TYPES.find((candidate) => candidate === type);
  if (known === undefined) {
    throw new DomainError(
      ErrorCode.ObjectTypeUnsupported,
      `ldapObject.type "${type.slice(0, 64)}" is not supported; use ${INSERTABLE_TYPES.join(' or ')}.`,
      { field: 'ldapObject.type' },
    );
  }

  return known;
}

/** Returns the type and value of a DN's first RDN. AD names no object with a multi-valued RDN. */
function singleRdn(dn: string, field: string): RdnAttribute {
  const [first] = parseDn(dn);
  if (first === undefined || first.attributes.length !== 1) {
    throw invalid(field, 'must have a single-valued first RDN');
  }

  return first.attributes[0];
}

function auditClassOf(entry: LdapEntry): AuditObjectClass {
  const classes = entry.texts('objectClass').map((name) => name.toLowerCase());

  return classes.includes('organizationalunit') ? 'OU' : 'LDAP';
}

/** Maps the DC's refusal to delete (result codes 50 and 53) to object_protected. */
function asProtectionError(error: unknown, dn: string): unknown {
  if (
    !(error instanceof LdapOperationError) ||
    (error.resultCode !== LdapResultCode.InsufficientAccessRights &&
      error.resultCode !== LdapResultCode.UnwillingToPerform)
  ) {
    return error;
  }

  return new DomainError(
    ErrorCode.ObjectProtected,
    `The directory refused to delete "${dn}" (${error.detail.replace(/\.$/, '')}). The object may be protected from accidental deletion, or the service account lacks the right.`,
    { field: 'distinguishedName', cause: error },
  );
}
