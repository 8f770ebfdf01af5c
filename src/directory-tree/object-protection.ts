import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapGateway } from '../ldap/ldap-gateway';
import { isProtectedObject, PROTECTION_ATTRIBUTES } from '../ldap/protected-objects';
import { RootDseService } from '../ldap/root-dse';
import { SettingsScopedCache } from '../ldap/settings-cache';
import {
  ancestorKeys,
  dnEquals,
  isDescendantOrSelf,
  isKeyDescendantOrSelf,
  normalizeDn,
} from '../ldap/syntax/dn';
import {
  isInSystemContainer,
  systemContainerDn,
  WELL_KNOWN_CONTAINER_NAMES,
  wellKnownContainerName,
} from './well-known-containers';

export type Change = 'move' | 'rename' | 'delete';

export const CHANGES: readonly Change[] = ['move', 'rename', 'delete'];

/** Attributes an entry must carry for protectionReason to judge it. */
export const PROTECTION_RULE_ATTRIBUTES = ['objectClass', 'systemFlags', ...PROTECTION_ATTRIBUTES];

/** systemFlags bits (MS-ADTS 2.2.10) with which the DC itself forbids an operation. */
const SYSTEM_FLAG_FOR: Record<Change, number> = {
  delete: 0x80000000, // FLAG_DISALLOW_DELETE
  rename: 0x08000000, // FLAG_DOMAIN_DISALLOW_RENAME
  move: 0x04000000, // FLAG_DOMAIN_DISALLOW_MOVE
};

/** Prefix of a DN-Binary value with a 16-byte GUID, such as `B:32:<GUID>:<DN>`. */
const WELL_KNOWN_VALUE = /^B:32:[0-9A-F]{32}:(.+)$/is;

/** Facts about the domain that the protection rules need beside the entry itself. */
export interface ProtectionContext {
  searchBase: string;
  /** Normalized DNs of the targets of the search base's wellKnownObjects and otherWellKnownObjects. */
  wellKnownTargets: ReadonlySet<string>;
  /**
   * Naming contexts other than the search base's that lie below it, such as
   * DC=DomainDnsZones, DC=ForestDnsZones and CN=Configuration when the base is the domain head.
   */
  partitions: readonly string[];
}

/**
 * Returns why the API rejects `change` of the entry, or undefined when it allows it. The entry
 * must carry PROTECTION_RULE_ATTRIBUTES and its DN as the server returned it.
 *
 * Protected are the search base, the well-known containers directly below it, every target of
 * its wellKnownObjects and otherWellKnownObjects and every ancestor of one, anything inside
 * CN=System, every object of an application partition and the partition heads (DNS zones and
 * records change through the DNS endpoints), critical system objects and built-in principals,
 * and objects whose systemFlags forbid the change.
 */
export function protectionReason(
  entry: LdapEntry,
  change: Change,
  context: ProtectionContext,
): string | undefined {
  const base = context.searchBase;
  const key = normalizeDn(entry.dn);
  if (dnEquals(entry.dn, base)) {
    return 'it is the search base';
  }

  if (wellKnownContainerName(entry.dn, base) !== undefined || context.wellKnownTargets.has(key)) {
    return 'it is a well-known object of the domain';
  }

  if ([...context.wellKnownTargets].some((target) => isDescendantOrSelf(target, entry.dn))) {
    return 'it contains a well-known object of the domain';
  }

  if (isInSystemContainer(entry.dn, base)) {
    return 'it lies in the System container';
  }

  if (context.partitions.some((partition) => isDescendantOrSelf(entry.dn, partition))) {
    return 'it belongs to an application partition, such as the DNS zones, which change through the DNS endpoints';
  }

  if (isProtectedObject(entry)) {
    return 'it is a critical system object or a built-in principal';
  }

  const systemFlags = (entry.integer('systemFlags') ?? 0) >>> 0;
  if ((systemFlags & SYSTEM_FLAG_FOR[change]) !== 0) {
    return `its systemFlags forbid the ${change}`;
  }

  return undefined;
}

/** True when the API rejects at least one of move, rename and delete of the entry. */
export function isProtectedFromChange(entry: LdapEntry, context: ProtectionContext): boolean {
  return CHANGES.some((change) => protectionReason(entry, change, context) !== undefined);
}

/** The entry, normalized DN of the entry and its parent, and first RDN value of a tree entry. */
export type TreeProtectionCheck = (
  entry: LdapEntry,
  key: string,
  parentKey: string,
  name: string,
) => boolean;

const ANY_FORBIDDING_FLAG = CHANGES.reduce((flags, change) => flags | SYSTEM_FLAG_FOR[change], 0);

/**
 * Returns a check that gives the same result as isProtectedFromChange for a whole tree of
 * entries. The DN rules are prepared once as normalized keys, so each entry costs set lookups
 * and suffix comparisons instead of parsing every protected DN again.
 */
export function treeProtectionCheck(context: ProtectionContext): TreeProtectionCheck {
  const baseKey = normalizeDn(context.searchBase);
  const systemKey = normalizeDn(systemContainerDn(context.searchBase));
  const partitionKeys = context.partitions.map(normalizeDn);
  const targetsAndAncestors = new Set([...context.wellKnownTargets].flatMap(ancestorKeys));

  return (entry, key, parentKey, name) =>
    key === baseKey ||
    (parentKey === baseKey && WELL_KNOWN_CONTAINER_NAMES.has(name.toLowerCase())) ||
    targetsAndAncestors.has(key) ||
    isKeyDescendantOrSelf(key, systemKey) ||
    partitionKeys.some((partitionKey) => isKeyDescendantOrSelf(key, partitionKey)) ||
    isProtectedObject(entry) ||
    (((entry.integer('systemFlags') ?? 0) >>> 0) & ANY_FORBIDDING_FLAG) !== 0;
}

/**
 * Returns the reason a recursive delete of a subtree would remove a protected object, judged by
 * DN alone: a well-known object or a partition head below it. Objects flagged in other ways
 * (isCriticalSystemObject, systemFlags) are left to the DC's own checks of the tree delete.
 */
export function protectedDescendantReason(
  subtree: readonly string[],
  context: ProtectionContext,
): string | undefined {
  const heads = new Set(context.partitions.map(normalizeDn));
  const found = subtree.find((dn) => {
    const key = normalizeDn(dn);

    return context.wellKnownTargets.has(key) || heads.has(key);
  });

  return found === undefined ? undefined : `it contains the protected object "${found}"`;
}

/** Returns the DNs of DN-Binary values such as wellKnownObjects; malformed values are skipped. */
export function wellKnownTargetDns(values: readonly string[]): string[] {
  return values.flatMap((value) => {
    const match = WELL_KNOWN_VALUE.exec(value);

    return match === null ? [] : [match[1]];
  });
}

/**
 * Loads the ProtectionContext of the current search base. The context is kept until the
 * directory settings change, because a domain's well-known objects and naming contexts do not
 * change while the API runs.
 */
@Injectable()
export class ObjectProtectionService implements OnModuleDestroy {
  private readonly cache: SettingsScopedCache<ProtectionContext>;

  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly rootDse: RootDseService,
  ) {
    this.cache = new SettingsScopedCache(settings, () => this.load());
  }

  context(): Promise<ProtectionContext> {
    return this.cache.get();
  }

  onModuleDestroy(): void {
    this.cache.close();
  }

  private async load(): Promise<ProtectionContext> {
    const searchBase = this.settings.current().searchBase;
    const [head, rootDse] = await Promise.all([
      this.gateway.read(searchBase, ['wellKnownObjects', 'otherWellKnownObjects']),
      this.rootDse.get(),
    ]);
    const values = [
      ...(head?.texts('wellKnownObjects') ?? []),
      ...(head?.texts('otherWellKnownObjects') ?? []),
    ];
    const partitions = rootDse.namingContexts.filter(
      (context) => !dnEquals(context, searchBase) && isDescendantOrSelf(context, searchBase),
    );

    return {
      searchBase,
      wellKnownTargets: new Set(wellKnownTargetDns(values).map(normalizeDn)),
      partitions,
    };
  }
}
