import { childDn, dnEquals, firstRdnValue, isDescendantOrSelf, parentDn } from '../ldap/syntax/dn';

/**
 * Names of the containers a new domain creates directly below its head. The tree flags them
 * `builtin`, and move, rename and delete reject them even where isCriticalSystemObject is unset
 * (Program Data and Managed Service Accounts carry no such flag).
 */
export const WELL_KNOWN_CONTAINER_NAMES: ReadonlySet<string> = new Set(
  [
    'Domain Controllers',
    'Computers',
    'Program Data',
    'System',
    'Builtin',
    'ForeignSecurityPrincipals',
    'Users',
    'Managed Service Accounts',
    'LostAndFound',
    'Infrastructure',
    'NTDS Quotas',
  ].map((name) => name.toLowerCase()),
);

/** Returns the lower-cased name when `dn` is a well-known container directly below `base`. */
export function wellKnownContainerName(dn: string, base: string): string | undefined {
  if (dnEquals(dn, base) || !dnEquals(parentDn(dn), base)) {
    return undefined;
  }

  const name = firstRdnValue(dn).toLowerCase();

  return WELL_KNOWN_CONTAINER_NAMES.has(name) ? name : undefined;
}

/** Returns the DN of the System container. Neither tree shows its contents, and no endpoint here changes them. */
export function systemContainerDn(base: string): string {
  return childDn(base, 'CN', 'System');
}

export function isInSystemContainer(dn: string, base: string): boolean {
  return isDescendantOrSelf(dn, systemContainerDn(base));
}
