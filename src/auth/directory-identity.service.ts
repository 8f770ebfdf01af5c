import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import { DomainError, ErrorCode } from '../common/errors';
import { decodeAccountExpires } from '../ldap/codecs/filetime';
import { decodeGuid, encodeGuid } from '../ldap/codecs/guid';
import { decodeSid, domainSidOf } from '../ldap/codecs/sid';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapGateway } from '../ldap/ldap-gateway';
import { childDn } from '../ldap/syntax/dn';
import { and, eq, not, or } from '../ldap/syntax/filter-builder';
import { Identity } from './principal';

/** BUILTIN\Administrators. */
const BUILTIN_ADMINISTRATORS_SID = 'S-1-5-32-544';
/** Relative id of the domain's Domain Admins group. */
const DOMAIN_ADMINS_RID = 512;
const ACCOUNTDISABLE = 0x2;

export interface DirectoryAccount {
  dn: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  userAccountControl: number;
  objectSid?: string;
  objectGuid?: string;
  /** When the account expires; null for never. */
  accountExpires: Date | null;
}

/** Finds login accounts in the directory and decides whether they are administrators. */
@Injectable()
export class DirectoryIdentityService {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
  ) {}

  /**
   * Finds the account a login name refers to: its sAMAccountName (or the configured username
   * attribute), its userPrincipalName or its mail. An exact username match wins over the others;
   * several other matches are ambiguous and yield nothing.
   */
  async findByLoginName(login: string): Promise<DirectoryAccount | undefined> {
    const downLevel = this.downLevelUsername(login);
    const entries = await this.gateway.search(this.settings.current().searchBase, {
      scope: 'sub',
      filter: this.userFilter(
        downLevel === undefined
          ? or(
              eq(this.usernameAttribute(), login),
              eq('userPrincipalName', login),
              eq('mail', login),
            )
          : eq(this.usernameAttribute(), downLevel),
      ),
      attributes: this.accountAttributes(),
    });
    if (downLevel !== undefined) {
      return entries.length === 1 ? this.toAccount(entries[0]) : undefined;
    }

    const accounts = entries.map((entry) => this.toAccount(entry));
    const exact = accounts.filter(
      (account) => account.username.toLowerCase() === login.toLowerCase(),
    );
    if (exact.length === 1) {
      return exact[0];
    }

    return accounts.length === 1 ? accounts[0] : undefined;
  }

  /**
   * Binds with a DN that does not exist, and ignores the failure. Login calls it for unknown
   * names so that they take about as long to reject as a wrong password.
   */
  async bindAsNobody(password: string): Promise<void> {
    const dn = childDn(
      this.settings.current().searchBase,
      'CN',
      `interlock-no-such-user-${randomUUID()}`,
    );
    await this.gateway.withUserBind(dn, password).catch(() => undefined);
  }

  /**
   * Reads the account with this objectGUID again, for refresh-time checks. The `<GUID=…>` form
   * of the base DN (supported by AD and Samba) finds the entry after a rename or a move, and
   * never finds a new account created later under the same DN.
   */
  async findByGuid(guid: string): Promise<DirectoryAccount | undefined> {
    const entry = await this.gateway.read(
      `<GUID=${encodeGuid(guid).toString('hex')}>`,
      this.accountAttributes(),
    );

    return entry === undefined ? undefined : this.toAccount(entry);
  }

  /** Returns why the account can no longer log in, or undefined when it still can. */
  unusableReason(account: DirectoryAccount): string | undefined {
    if ((account.userAccountControl & ACCOUNTDISABLE) !== 0) {
      return 'disabled';
    }

    if (account.accountExpires !== null && account.accountExpires.getTime() <= Date.now()) {
      return 'expired';
    }

    return undefined;
  }

  /**
   * True when the account is a transitive member of the admin group (ADMIN_GROUP_TO_SEARCH,
   * default Domain Admins) or of BUILTIN\Administrators. It reads `tokenGroups`, which AD
   * computes with nesting and the primary group included.
   */
  async isAdmin(account: DirectoryAccount): Promise<boolean> {
    const entry = await this.gateway.read(account.dn, ['tokenGroups']);
    const groupSids = new Set((entry?.buffers('tokenGroups') ?? []).map(decodeSid));
    if (groupSids.has(BUILTIN_ADMINISTRATORS_SID)) {
      return true;
    }

    const adminSid = await this.adminGroupSid(account);

    return adminSid !== undefined && groupSids.has(adminSid);
  }

  toIdentity(account: DirectoryAccount, isAdmin: boolean): Identity {
    return {
      username: account.username,
      dn: account.dn,
      isAdmin,
      isLocal: false,
      guid: account.objectGuid,
      firstName: account.firstName,
      lastName: account.lastName,
      email: account.email,
    };
  }

  private async adminGroupSid(account: DirectoryAccount): Promise<string | undefined> {
    const groupDn = this.settings.current().adminGroupDn;
    if (groupDn === undefined) {
      return account.objectSid === undefined
        ? undefined
        : `${domainSidOf(account.objectSid)}-${DOMAIN_ADMINS_RID}`;
    }

    const group = await this.gateway.read(groupDn, ['objectSid']);
    const sid = group?.buffer('objectSid');
    if (sid === undefined) {
      throw new DomainError(
        ErrorCode.DirectoryUnconfigured,
        `The admin group ${groupDn} (ADMIN_GROUP_TO_SEARCH) does not exist in the directory.`,
      );
    }

    return decodeSid(sid);
  }

  /**
   * Returns the username of a down-level logon name (`INTERLOCK\\demo.user`) of this domain,
   * which AD administrators type by habit, or undefined for any other form.
   */
  private downLevelUsername(login: string): string | undefined {
    const separator = login.indexOf('\\');
    if (separator <= 0) {
      return undefined;
    }

    const domain = login.slice(0, separator).toLowerCase();
    const settings = this.settings.current();
    const known = [settings.realm.toLowerCase(), settings.domain.toLowerCase()];

    return known.includes(domain) ? login.slice(separator + 1) : undefined;
  }

  private userFilter(inner: string): string {
    const settings = this.settings.current();
    const parts = [eq('objectClass', settings.userObjectClass), inner];
    if (settings.excludeComputerAccounts) {
      parts.splice(1, 0, not(eq('objectClass', 'computer')));
    }

    return and(...parts);
  }

  private usernameAttribute(): string {
    return this.settings.current().userFields.username;
  }

  private accountAttributes(): string[] {
    const fields = this.settings.current().userFields;

    return [
      fields.username,
      fields.first_name,
      fields.last_name,
      fields.email,
      'userAccountControl',
      'objectSid',
      'objectGUID',
      'accountExpires',
    ];
  }

  private toAccount(entry: LdapEntry): DirectoryAccount {
    const fields = this.settings.current().userFields;
    const sid = entry.buffer('objectSid');
    const guid = entry.buffer('objectGUID');
    const expires = entry.text('accountExpires');

    return {
      dn: entry.dn,
      username: entry.text(fields.username) ?? '',
      firstName: entry.text(fields.first_name) ?? '',
      lastName: entry.text(fields.last_name) ?? '',
      email: entry.text(fields.email) ?? '',
      userAccountControl: entry.integer('userAccountControl') ?? 0,
      objectSid: sid === undefined ? undefined : decodeSid(sid),
      objectGuid: guid === undefined ? undefined : decodeGuid(guid),
      accountExpires: expires === undefined ? null : decodeAccountExpires(expires),
    };
  }
}
