import { Injectable } from '@nestjs/common';

import { DomainError, ErrorCode } from '../common/errors';
import { encodeSid, sidWithRid, domainSidOf, decodeSid } from '../ldap/codecs/sid';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapGateway } from '../ldap/ldap-gateway';
import { eq, eqBytes, or } from '../ldap/syntax/filter-builder';
import { dnEquals } from '../ldap/syntax/dn';
import { AuditService } from '../logs/audit.service';
import {
  GroupReference,
  toGroupReference,
  toUserDetails,
  toUserListItem,
  USER_FETCH_ATTRIBUTES,
  USER_LIST_ATTRIBUTES,
  UserDetails,
  UserListItem,
} from './user.mapper';
import { userFilter, userSearchFilter } from './user-search';
import { decodeCursor, encodeCursor, sortKeyOf } from './user-cursor';

export interface ListUsersQuery {
  pageSize?: number;
  cursor?: string;
  search?: string;
}

export interface UserPage {
  users: UserListItem[];
  /** Present only when paging was requested; null on the last page. */
  nextCursor?: string | null;
}

const GROUP_ATTRIBUTES = ['cn', 'objectSid', 'objectCategory', 'objectClass'];
/** DNs per OR filter when resolving memberOf, to keep filters well below server limits. */
const GROUP_LOOKUP_BATCH = 100;

@Injectable()
export class UsersService {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
  ) {}

  /**
   * Lists users sorted by username. The whole result is read with a paged LDAP search. The API's
   * own paging then cuts it with an opaque cursor that contains the last sort key. Unlike the
   * LDAP paged-results cookie, that cursor stays valid on any replica and pooled connection.
   */
  async list(query: ListUsersQuery, actor: string): Promise<UserPage> {
    const settings = this.settings.current();
    const filter =
      query.search === undefined || query.search === ''
        ? userFilter(settings)
        : userFilter(settings, userSearchFilter(query.search));
    const sorted = await this.gateway.limitBulkRead(async () => {
      const items = await this.gateway.searchEach(
        settings.searchBase,
        { scope: 'sub', filter, attributes: USER_LIST_ATTRIBUTES },
        toSortedUser,
      );

      return items.sort(compareSortKeys);
    });
    await this.audit.record({ actor, action: 'READ', objectClass: 'USER', affectedObject: 'ALL' });

    const paging = query.pageSize !== undefined || query.cursor !== undefined;
    if (!paging) {
      return { users: sorted.map(({ user }) => user) };
    }

    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const start = after === undefined ? 0 : sorted.findIndex(({ key }) => key > after);
    const from = start === -1 ? sorted.length : start;
    const size = query.pageSize ?? 100;
    const page = sorted.slice(from, from + size);
    const hasMore = from + size < sorted.length;

    return {
      users: page.map(({ user }) => user),
      nextCursor: hasMore ? encodeCursor(page[page.length - 1].key) : null,
    };
  }

  /** Fetches one user by username with its groups; unknown users are a 404. */
  async fetch(username: string, actor: string): Promise<UserDetails> {
    const entry = await this.findEntry(username);
    const groups = await this.groupsOf(entry);
    await this.audit.record({
      actor,
      action: 'READ',
      objectClass: 'USER',
      affectedObject: username,
    });

    return toUserDetails(entry, groups);
  }

  /**
   * Finds a user's entry by sAMAccountName. The subtree search only locates the DN; the base
   * read that follows returns constructed attributes such as
   * msDS-User-Account-Control-Computed, which AD computes for base-scope reads.
   */
  async findEntry(username: string): Promise<LdapEntry> {
    const settings = this.settings.current();
    const matches = await this.gateway.search(settings.searchBase, {
      scope: 'sub',
      filter: userFilter(settings, eq(settings.userFields.username, username)),
      attributes: ['1.1'],
    });
    if (matches.length !== 1) {
      throw new DomainError(ErrorCode.UserNotFound, `User "${username}" does not exist.`, {
        field: 'username',
      });
    }

    const entry = await this.gateway.read(matches[0].dn, USER_FETCH_ATTRIBUTES);
    if (entry === undefined) {
      throw new DomainError(ErrorCode.UserNotFound, `User "${username}" does not exist.`, {
        field: 'username',
      });
    }

    return entry;
  }

  /**
   * Resolves memberOf into group summaries with one search per batch of DNs, then appends the
   * primary group (which AD never lists in memberOf), found by its SID. Groups the search base
   * does not contain are listed by DN alone.
   */
  async groupsOf(entry: LdapEntry): Promise<GroupReference[]> {
    const dns = entry.texts('memberOf');
    // The two lookups are independent, so they run at the same time on two pooled connections.
    const [found, primary] = await Promise.all([this.findGroups(dns), this.primaryGroupOf(entry)]);
    const groups = dns.map((dn) => {
      const match = found.find((group) => dnEquals(group.dn, dn));

      return match === undefined
        ? { name: dn, distinguishedName: dn, type: 'Group' as const }
        : toGroupReference(match);
    });

    if (primary !== undefined) {
      groups.push(toGroupReference(primary, true));
    }

    return groups;
  }

  private async findGroups(dns: string[]): Promise<LdapEntry[]> {
    const settings = this.settings.current();
    const found: LdapEntry[] = [];
    for (let index = 0; index < dns.length; index += GROUP_LOOKUP_BATCH) {
      const batch = dns.slice(index, index + GROUP_LOOKUP_BATCH);
      found.push(
        ...(await this.gateway.search(settings.searchBase, {
          scope: 'sub',
          filter: or(...batch.map((dn) => eq('distinguishedName', dn))),
          attributes: GROUP_ATTRIBUTES,
        })),
      );
    }

    return found;
  }

  private async primaryGroupOf(entry: LdapEntry): Promise<LdapEntry | undefined> {
    const rid = entry.integer('primaryGroupID');
    const userSid = entry.buffer('objectSid');
    if (rid === undefined || userSid === undefined) {
      return undefined;
    }

    const groupSid = sidWithRid(domainSidOf(decodeSid(userSid)), rid);
    const [group] = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: eqBytes('objectSid', encodeSid(groupSid)),
      attributes: GROUP_ATTRIBUTES,
    });

    return group;
  }
}

/** A list item with its sort key, computed once because the key hashes the DN. */
interface SortedUser {
  key: string;
  user: UserListItem;
}

function toSortedUser(entry: LdapEntry): SortedUser {
  const user = toUserListItem(entry);

  return { key: sortKeyOf(user), user };
}

function compareSortKeys(left: SortedUser, right: SortedUser): number {
  if (left.key === right.key) {
    return 0;
  }

  return left.key < right.key ? -1 : 1;
}
