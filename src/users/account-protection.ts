import { Principal } from '../auth/principal';
import { DomainError, ErrorCode } from '../common/errors';
import { LdapEntry } from '../ldap/ldap-entry';
import { isProtectedObject } from '../ldap/protected-objects';
import { dnEquals } from '../ldap/syntax/dn';

/** A change to the state of an account that the protection rules govern. */
export type AccountStateChange = 'delete' | 'disable' | 'enable' | 'expire' | 'flags';

const VERB: Record<AccountStateChange, string> = {
  delete: 'deleted',
  disable: 'disabled',
  enable: 'enabled',
  expire: 'given an expiry date',
  flags: 'given other userAccountControl flags',
};

/** Changes that would shut the caller out if aimed at their own account. */
const LOCKING_CHANGES = new Set<AccountStateChange>(['delete', 'disable', 'expire']);

/**
 * Rejects a state change of a protected account (403 `object_protected`), and a change that
 * would lock the caller out of their own account (400 `user_anti_lockout`).
 */
export function assertAccountChangeAllowed(
  entry: LdapEntry,
  change: AccountStateChange,
  principal: Principal,
  field: string,
): void {
  if (isProtectedObject(entry)) {
    throw new DomainError(
      ErrorCode.ObjectProtected,
      `A critical system account cannot be ${VERB[change]} through the API.`,
      { field },
    );
  }

  if (LOCKING_CHANGES.has(change) && isCaller(entry, principal)) {
    throw new DomainError(
      ErrorCode.AntiLockout,
      `Your own account cannot be ${VERB[change]}; ask another administrator.`,
      { field },
    );
  }
}

/** True when the entry is the caller's own, by DN or (for a token older than a rename) by name. */
function isCaller(entry: LdapEntry, principal: Principal): boolean {
  if (principal.isLocal) {
    return false;
  }

  if (principal.dn !== undefined && dnEquals(principal.dn, entry.dn)) {
    return true;
  }

  return entry.text('sAMAccountName')?.toLowerCase() === principal.username.toLowerCase();
}
