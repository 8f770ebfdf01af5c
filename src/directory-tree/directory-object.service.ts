import { Injectable } from '@nestjs/common';

import { Principal } from '../auth/principal';
import { blameField, DomainError, ErrorCode } from '../common/errors';
import { UAC } from '../ldap/codecs/user-account-control';
import { DirectoryContainers } from '../ldap/directory-containers';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { AttributeValues, LdapGateway } from '../ldap/ldap-gateway';
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
import { checkRdnValue, computerAccountName, renameValue } from './object-names';
import {
  Change,
  ObjectProtectionService,
  protectedDescendantReason,
  protectionReason,
  PROTECTION_RULE_ATTRIBUTES,
} from './object-protection';

/** Attributes read from an object before it is moved, renamed or deleted. */
const OBJECT_ATTRIBUTES = [...PROTECTION_RULE_ATTRIBUTES, 'sAMAccountName'];

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
    private readonly protection: ObjectProtectionService,
  ) {}

  /**
   * Moves an object below `destination`, keeping its RDN. The destination is first resolved
   * through the directory, and every check and the new DN use the DN the server returns. So a
   * destination spelled differently (`OU=x\20` for `OU=x`, other case or escaping) is still
   * recognized as the current parent or as part of the object's own subtree. The new RDN is
   * rebuilt from the parsed RDN, so escaped commas and other metacharacters survive the move.
   * Moving to the current parent is rejected with 400, because nothing would change.
   */
  async move(request: MoveRequest, actor: string): Promise<string> {
    const entry = await this.findObject(request.distinguishedName, 'ldapObject.distinguishedName');
    await this.assertChangeable(entry, 'move', 'ldapObject.distinguishedName');
    const found = await this.gateway.read(request.destination, ['1.1']);
    // A missing destination keeps the DN as given, so checkParent reports 400 or 404 on it.
    const destination = found?.dn ?? request.destination;
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

    return this.serverDn(newDn);
  }

  /**
   * Renames an object in place. `newRdn` is the new value, and the RDN keeps its attribute type
   * (CN, OU…). A leading `<type>=` of the current type is removed (renameValue). A value equal
   * to the current one is rejected with 400, but a change of case only is a rename.
   */
  async rename(request: RenameRequest, actor: string): Promise<string> {
    const entry = await this.findObject(request.distinguishedName, 'ldapObject.distinguishedName');
    await this.assertChangeable(entry, 'rename', 'ldapObject.distinguishedName');
    const leaf = singleRdn(entry.dn, 'ldapObject.distinguishedName');
    const value = checkRdnValue(
      renameValue(request.newRdn, leaf.type),
      leaf.type,
      'ldapObject.newRDN',
    );
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

    return this.serverDn(newDn);
  }

  /**
   * Creates an organizational unit (`OU=<name>`) or a computer account (`CN=<name>`, with
   * sAMAccountName `NAME$` and userAccountControl WORKSTATION_TRUST_ACCOUNT) below `path`.
   * Returns the new DN as the server spells it, like move and rename.
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

    return this.serverDn(dn);
  }

  /**
   * Deletes an object. One that has children is deleted only with `recursive`, and then with
   * the tree-delete control. The caller's own account, and with `recursive` a subtree that
   * contains it, is rejected with 400 user_anti_lockout. A refusal by the DC (insufficient
   * rights, or an object protected from accidental deletion, which is a deny entry in its ACL)
   * is reported as object_protected.
   */
  async delete(body: DeleteObjectDto, principal: Principal): Promise<string> {
    const entry = await this.findObject(body.distinguishedName, 'distinguishedName');
    await this.assertChangeable(entry, 'delete', 'distinguishedName');
    if (isCallerAccount(entry, principal)) {
      throw new DomainError(
        ErrorCode.AntiLockout,
        'Your own account cannot be deleted; ask another administrator.',
        { field: 'distinguishedName' },
      );
    }

    const recursive = body.recursive === true;
    const removed = recursive
      ? await this.checkSubtree(entry, principal)
      : await this.checkNoChildren(entry);
    await this.change(
      {
        actor: principal.username,
        action: 'DELETE',
        objectClass: auditClassOf(entry),
        affectedObject: entry.dn,
        extraMessage: recursive ? `recursive, ${removed} objects including the subtree` : undefined,
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

  /** Rejects a non-recursive delete of an object with children (409 object_not_empty). */
  private async checkNoChildren(entry: LdapEntry): Promise<number> {
    const children = await this.gateway.search(entry.dn, { scope: 'one', attributes: ['1.1'] });
    if (children.length > 0) {
      throw new DomainError(
        ErrorCode.ObjectNotEmpty,
        `"${entry.dn}" has ${children.length} child objects. Delete them first, or send recursive: true to delete the whole subtree.`,
        { field: 'distinguishedName', extra: { children: children.length } },
      );
    }

    return 1;
  }

  /**
   * Reads the DNs of the whole subtree in one paged search and rejects a recursive delete that
   * would remove the caller's own account (400) or a well-known object or partition head (403).
   * Returns the number of objects the delete removes, the object itself included.
   */
  private async checkSubtree(entry: LdapEntry, principal: Principal): Promise<number> {
    const subtree = await this.gateway.search(entry.dn, { scope: 'sub', attributes: ['1.1'] });
    // NOTE: the DN comes from the access token, so an account moved after the caller logged in
    // is not recognized inside the subtree. delete() also compares sAMAccountName, but only for
    // the target itself.
    const callerDn = principal.isLocal ? undefined : principal.dn;
    if (callerDn !== undefined && subtree.some((object) => dnEquals(object.dn, callerDn))) {
      throw new DomainError(
        ErrorCode.AntiLockout,
        `"${entry.dn}" contains your own account, so it cannot be deleted with its subtree; move your account elsewhere or ask another administrator.`,
        { field: 'distinguishedName' },
      );
    }

    const context = await this.protection.context();
    const reason = protectedDescendantReason(
      subtree.map((object) => object.dn),
      context,
    );
    if (reason !== undefined) {
      throw new DomainError(
        ErrorCode.ObjectProtected,
        `"${entry.dn}" cannot be deleted with its subtree: ${reason}.`,
        { field: 'distinguishedName' },
      );
    }

    return subtree.length;
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

    if (!isDescendantOrSelf(entry.dn, base)) {
      throw invalid(field, 'must lie inside the search base');
    }

    return entry;
  }

  /** Returns the DN of an entry as the server spells it, or `dn` when it cannot be read. */
  private async serverDn(dn: string): Promise<string> {
    return (await this.gateway.read(dn, ['1.1']))?.dn ?? dn;
  }

  /** Rejects a change the protection rules forbid (403 object_protected); see protectionReason. */
  private async assertChangeable(entry: LdapEntry, change: Change, field: string): Promise<void> {
    const reason = protectionReason(entry, change, await this.protection.context());
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

/** Returns the audit class: USER for users (not computers), GROUP, OU, and LDAP for the rest. */
function auditClassOf(entry: LdapEntry): AuditObjectClass {
  const classes = entry.texts('objectClass').map((name) => name.toLowerCase());
  if (classes.includes('organizationalunit')) {
    return 'OU';
  }

  if (classes.includes('group')) {
    return 'GROUP';
  }

  return classes.includes('user') && !classes.includes('computer') ? 'USER' : 'LDAP';
}

/**
 * True when the entry is the caller's own account, by DN or, for a token issued before the
 * account was moved or renamed, by sAMAccountName. The local admin has no directory account.
 */
function isCallerAccount(entry: LdapEntry, principal: Principal): boolean {
  if (principal.isLocal) {
    return false;
  }

  if (principal.dn !== undefined && dnEquals(principal.dn, entry.dn)) {
    return true;
  }

  return entry.text('sAMAccountName')?.toLowerCase() === principal.username.toLowerCase();
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
