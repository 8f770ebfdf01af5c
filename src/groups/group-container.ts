import { DomainError, ErrorCode } from '../common/errors';
import { LdapGateway } from '../ldap/ldap-gateway';
import { childDn, dnEquals, isDescendantOrSelf } from '../ldap/syntax/dn';

/** GUID of the Users container in the domain head's wellKnownObjects (GUID_USERS_CONTAINER_W). */
const USERS_CONTAINER_GUID = 'A9D1CA15768811D1ADED00C04FD8D5CD';

/**
 * Returns the domain's Users container, where AD creates groups by default, from the
 * wellKnownObjects of the search base (the domain head). Values read `B:32:<GUID>:<DN>`.
 */
export async function defaultGroupContainer(gateway: LdapGateway, base: string): Promise<string> {
  const head = await gateway.read(base, ['wellKnownObjects']);
  const prefix = `B:32:${USERS_CONTAINER_GUID}:`;
  const value = head
    ?.texts('wellKnownObjects')
    .find((item) => item.toUpperCase().startsWith(prefix));

  // NOTE: a search base below the domain head has no wellKnownObjects; CN=Users under it is a guess.
  return value === undefined ? childDn(base, 'CN', 'Users') : value.slice(prefix.length);
}

/**
 * Checks that `parent` can contain a new group: it lies inside the search base, exists, and is an
 * OU or plain container of the domain partition, not System and not an application partition
 * such as DC=DomainDnsZones, which sits below the domain's DN but is a separate naming context.
 * The same rules apply to users created by api/users/insert/.
 */
export async function checkGroupContainer(
  gateway: LdapGateway,
  base: string,
  parent: string,
  field: string,
): Promise<void> {
  if (!isDescendantOrSelf(parent, base)) {
    throw new DomainError(ErrorCode.InvalidInput, `${field} must lie inside the search base.`, {
      field,
    });
  }

  const container = await gateway.read(parent, ['objectClass']);
  if (container === undefined) {
    throw new DomainError(ErrorCode.ObjectNotFound, `The container "${parent}" does not exist.`, {
      field,
    });
  }

  const classes = container.texts('objectClass').map((name) => name.toLowerCase());
  const rootDse = await gateway.read('', ['namingContexts']);
  const partitions = (rootDse?.texts('namingContexts') ?? []).filter(
    (context) => !dnEquals(context, base) && isDescendantOrSelf(context, base),
  );
  if (
    !(classes.includes('organizationalunit') || classes.includes('container')) ||
    isDescendantOrSelf(parent, childDn(base, 'CN', 'System')) ||
    partitions.some((partition) => isDescendantOrSelf(parent, partition))
  ) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${field} must be an organizational unit or container of the domain (not System, Builtin or an application partition).`,
      { field },
    );
  }
}
