import { Injectable } from '@nestjs/common';

import { LoginThrottleService } from '../auth/login-throttle.service';
import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { DomainError, ErrorCode, blameField } from '../common/errors';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import { applyUacChanges } from '../ldap/codecs/user-account-control';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { dnEquals } from '../ldap/syntax/dn';
import { AuditService } from '../logs/audit.service';
import { assertAccountChangeAllowed } from './account-protection';
import { UsersService } from './users.service';

/** The user an action targets. It is found by username and optionally checked against a DN. */
export interface UserTarget {
  username: string;
  distinguishedName?: string | null;
}

interface ResolvedUser {
  entry: LdapEntry;
  /** The stored username, which sessions and the login throttle are keyed by. */
  username: string;
}

export interface PasswordReset extends UserTarget {
  password: string;
  passwordConfirm: string;
  mustChangeAtNextLogon?: boolean;
}

/**
 * Administrator actions on one user account's state: enable, disable, unlock and password reset.
 * Each acts only on a user object found by username, never on a DN taken from the request alone.
 */
@Injectable()
export class UserAccountService {
  constructor(
    private readonly users: UsersService,
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
  ) {}

  /**
   * Clears ACCOUNTDISABLE (0x2) and keeps every other userAccountControl bit. Protected accounts
   * are rejected: enabling krbtgt or Guest weakens the domain.
   */
  async enable(target: UserTarget, actor: Principal): Promise<string> {
    const user = await this.resolve(target);
    assertAccountChangeAllowed(user.entry, 'enable', actor, 'username');

    return this.writeDisabledBit(user, false, actor);
  }

  /**
   * Sets ACCOUNTDISABLE (0x2) and keeps every other bit. Protected accounts and the caller's own
   * account are rejected, so an administrator cannot lock everyone out of the domain.
   */
  async disable(target: UserTarget, actor: Principal): Promise<string> {
    const user = await this.resolve(target);
    assertAccountChangeAllowed(user.entry, 'disable', actor, 'username');

    return this.writeDisabledBit(user, true, actor);
  }

  /**
   * Writes lockoutTime = 0, the only value AD accepts, when the account has a lockout time, and
   * clears the API's own failed-login count of the username.
   */
  async unlock(target: UserTarget, actor: Principal): Promise<string> {
    const { entry, username } = await this.resolve(target);
    const lockoutTime = entry.text('lockoutTime');
    const changes: LdapChange[] =
      lockoutTime === undefined || lockoutTime === '0'
        ? []
        : [{ operation: 'replace', attribute: 'lockoutTime', values: ['0'] }];

    await this.audited(actor, username, 'UNLOCK', () => this.gateway.modify(entry.dn, changes));
    await this.throttle.clear(username);
    if (target.username !== username) {
      await this.throttle.clear(target.username);
    }

    return username;
  }

  /**
   * Resets the password with one REPLACE of unicodePwd, which AD treats as an administrator reset
   * that needs no old password. The domain's length and complexity rules still apply. The user's
   * sessions are revoked afterwards.
   */
  async resetPassword(request: PasswordReset, actor: Principal): Promise<string> {
    if (request.password !== request.passwordConfirm) {
      throw new DomainError(
        ErrorCode.PasswordsDoNotMatch,
        'The password and its confirmation are different.',
        { field: 'passwordConfirm' },
      );
    }

    const { entry, username } = await this.resolve(request);
    const changes: LdapChange[] = [
      {
        operation: 'replace',
        attribute: 'unicodePwd',
        values: [encodeUnicodePwd(request.password)],
      },
    ];
    // Written after unicodePwd in the same modify, because setting a password stamps pwdLastSet.
    if (request.mustChangeAtNextLogon === true) {
      changes.push({ operation: 'replace', attribute: 'pwdLastSet', values: ['0'] });
    }

    await this.audited(actor, username, 'CHANGED_PASSWORD', async () => {
      try {
        await this.gateway.modify(entry.dn, changes);
      } catch (error) {
        throw blameField(error, ErrorCode.PasswordPolicy, 'password');
      }
    });
    await this.tokens.revokeUserSessions(username, 'password_reset');

    return username;
  }

  /** Finds the user by username and checks that it is a user object with the expected DN. */
  private async resolve(target: UserTarget): Promise<ResolvedUser> {
    const entry = await this.users.findEntry(target.username);
    const expectedDn = target.distinguishedName;
    if (typeof expectedDn === 'string' && expectedDn !== '' && !dnEquals(expectedDn, entry.dn)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        `distinguishedName does not match the DN of user "${target.username}".`,
        { field: 'distinguishedName' },
      );
    }

    const classes = entry.texts('objectClass').map((name) => name.toLowerCase());
    if (!classes.includes('user') || classes.includes('computer')) {
      throw new DomainError(
        ErrorCode.NotAUser,
        `"${target.username}" is not a user account, so this action does not apply to it.`,
        { field: 'username' },
      );
    }

    const username = entry.text(this.settings.current().userFields.username) ?? target.username;

    return { entry, username };
  }

  private async writeDisabledBit(
    { entry, username }: ResolvedUser,
    disabled: boolean,
    actor: Principal,
  ): Promise<string> {
    const current = entry.integer('userAccountControl');
    if (current === undefined) {
      throw new DomainError(
        ErrorCode.NotAUser,
        `"${username}" has no userAccountControl, so it cannot be enabled or disabled.`,
        { field: 'username' },
      );
    }

    const flag = ['LDAP_UF_ACCOUNT_DISABLE'] as const;
    const next = applyUacChanges(current, disabled ? { add: flag } : { remove: flag });
    // AD cannot change single bits, so the whole value is replaced. An unchanged value is not
    // written at all.
    const changes: LdapChange[] =
      next === current
        ? []
        : [{ operation: 'replace', attribute: 'userAccountControl', values: [String(next)] }];

    await this.audited(actor, username, disabled ? 'DISABLE' : 'ENABLE', () =>
      this.gateway.modify(entry.dn, changes),
    );

    return username;
  }

  /** Runs one directory write between a pending audit row and its outcome. */
  private async audited(
    actor: Principal,
    username: string,
    extraMessage: string,
    write: () => Promise<void>,
  ): Promise<void> {
    const pending = await this.audit.begin({
      actor: actor.username,
      action: 'UPDATE',
      objectClass: 'USER',
      affectedObject: username,
      extraMessage,
    });
    try {
      await write();
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');
  }
}
