import { Injectable } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { DirectorySettings } from './directory-settings';
import { LdapGateway } from './ldap-gateway';
import { RootDseService } from './root-dse';
import { childDn, dnEquals, isDescendantOrSelf } from './syntax/dn';

/** GUID of the Users container in the domain head's wellKnownObjects (GUID_USERS_CONTAINER_W). */
const USERS_CONTAINER_GUID = 'A9D1CA15768811D1ADED00C04FD8D5CD';

/** Object classes (lower case) that may hold new users, groups, OUs and computers. */
export const PARENT_CLASSES: readonly string[] = ['organizationalunit', 'container'];

/**
 * The rules for where new objects may go. Every endpoint that creates or moves an object
 * checks its parent here, so users, groups, OUs and computers follow one rule.
 */
@Injectable()
export class DirectoryContainers {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly rootDse: RootDseService,
  ) {}

  /**
   * Returns the domain's Users container, where AD puts new users and groups by default, from
   * the wellKnownObjects of the search base. Values read `B:32:<GUID>:<DN>`.
   */
  async usersContainer(): Promise<string> {
    const base = this.settings.current().searchBase;
    const head = await this.gateway.read(base, ['wellKnownObjects']);
    const prefix = `B:32:${USERS_CONTAINER_GUID}:`;
    const value = head
      ?.texts('wellKnownObjects')
      .find((item) => item.toUpperCase().startsWith(prefix));

    // NOTE: a search base below the domain head has no wellKnownObjects; CN=Users under it is a guess.
    return value === undefined ? childDn(base, 'CN', 'Users') : value.slice(prefix.length);
  }

  /**
   * Checks that `parent` can hold a new or moved object: it lies inside the search base, outside
   * CN=System and outside application partitions such as DC=DomainDnsZones (naming contexts
   * below the domain's DN), exists (404 otherwise), and is the search base or of one of
   * `classes`. Other failures are 400 naming `field`. Returns the parent's DN as the server
   * spells it, which new DNs should be built from.
   */
  async checkParent(
    parent: string,
    field: string | undefined,
    classes: readonly string[] = PARENT_CLASSES,
  ): Promise<string> {
    const base = this.settings.current().searchBase;
    const label = field ?? 'The default container';
    if (!isDescendantOrSelf(parent, base)) {
      throw new DomainError(ErrorCode.InvalidInput, `${label} must lie inside the search base.`, {
        field,
      });
    }

    // The checks below use the DN as the server spells it, because the server folds case and
    // spaces in ways a caller can use to disguise CN=System or a partition (`CN=System\20`).
    const container = await this.gateway.read(parent, ['objectClass']);
    if (container === undefined) {
      throw new DomainError(ErrorCode.ObjectNotFound, `The container "${parent}" does not exist.`, {
        field,
      });
    }

    const actual = container.dn;
    const { namingContexts } = await this.rootDse.get();
    const inPartition = namingContexts.some(
      (context) =>
        !dnEquals(context, base) &&
        isDescendantOrSelf(context, base) &&
        isDescendantOrSelf(actual, context),
    );
    if (
      !isDescendantOrSelf(actual, base) ||
      inPartition ||
      isDescendantOrSelf(actual, childDn(base, 'CN', 'System'))
    ) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `${label} must lie inside the search base, outside the System container and outside application partitions.`,
        { field },
      );
    }

    const found = container.texts('objectClass').map((name) => name.toLowerCase());
    if (!dnEquals(actual, base) && !classes.some((name) => found.includes(name))) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `${label} must be an organizational unit, a container or the search base.`,
        { field },
      );
    }

    return actual;
  }
}
