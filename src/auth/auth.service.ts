import { Injectable, Logger, Optional } from '@nestjs/common';

import { DomainError, ErrorCode, blameField } from '../common/errors';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import { AdSubCode, LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import { LoginResult as LoginMetric, MetricsService } from '../metrics/metrics.service';
import { DirectoryAccount, DirectoryIdentityService } from './directory-identity.service';
import { AuthSession } from './entities/auth-session.entity';
import { LOCAL_ADMIN_USERNAME, LocalAdminService } from './local-admin.service';
import { LoginAttempt, LoginThrottleService } from './login-throttle.service';
import { Identity, Principal } from './principal';
import { TokenPair, TokenService } from './token.service';

export interface LoginResult extends TokenPair {
  identity: Identity;
}

/** The identity a login produced (undefined: wrong credentials) and the account it resolved to. */
interface LoginOutcome {
  identity: Identity | undefined;
  account?: string;
}

const PASSWORD_CHANGE_SUB_CODES = new Set<number>([
  AdSubCode.PasswordMustChange,
  AdSubCode.PasswordExpired,
]);

/** Logs users in against the directory (or the local admin), refreshes and ends sessions. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly directory: DirectoryIdentityService,
    private readonly gateway: LdapGateway,
    private readonly localAdmin: LocalAdminService,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  async login(
    username: string,
    password: string,
    clientAddress: string,
    newPassword?: string,
  ): Promise<LoginResult> {
    try {
      const result = await this.attemptLogin(username, password, clientAddress, newPassword);
      this.metrics?.countLogin('success');

      return result;
    } catch (error) {
      this.metrics?.countLogin(loginMetricOf(error));
      throw error;
    }
  }

  private async attemptLogin(
    username: string,
    password: string,
    clientAddress: string,
    newPassword?: string,
  ): Promise<LoginResult> {
    // The throttle comes first, so a rejected attempt costs the directory nothing.
    const attempt = await this.throttle.begin(username, clientAddress);
    let outcome: LoginOutcome;
    try {
      outcome = isLocalAdminName(username)
        ? { identity: await this.localAdmin.authenticate(password), account: LOCAL_ADMIN_USERNAME }
        : await this.directoryLogin(attempt, username, password, newPassword);
    } catch (error) {
      // Not a wrong password (a required password change, a 429, the directory down).
      await this.throttle.release(attempt);
      throw error;
    }

    const { identity, account } = outcome;
    if (identity === undefined) {
      await this.throttle.fail(attempt, account);
      this.logger.warn(
        `Refused login of ${JSON.stringify(username.toWellFormed())} from ${clientAddress}`,
      );
      throw invalidCredentials();
    }

    const [, pair] = await Promise.all([
      this.throttle.succeed(attempt, account),
      this.tokens.startSession(identity),
    ]);
    // Written once the session exists, so the log never shows a login that issued no tokens.
    await this.audit.record({
      actor: identity.username,
      action: 'LOGIN',
      objectClass: 'USER',
      affectedObject: identity.username,
    });

    return { ...pair, identity };
  }

  /**
   * Rotates a refresh token. The user is checked again first: a deleted or disabled account
   * loses its session, and admin rights follow the current group membership.
   */
  async refresh(raw: string): Promise<TokenPair> {
    const lookup = await this.tokens.lookupRefresh(raw);
    const identity = await this.currentIdentity(lookup.session);
    if (identity === undefined) {
      await this.tokens.revokeSession(lookup.session.id, 'account_unavailable');
      throw new DomainError(ErrorCode.TokenNotValid, 'The account can no longer log in.');
    }

    return lookup.kind === 'current'
      ? this.tokens.rotate(lookup.token, lookup.session, identity)
      : this.tokens.reissue(lookup.successor, identity);
  }

  async logout(principal: Principal): Promise<void> {
    await this.tokens.revokeSession(principal.sessionId, 'logout');
    await this.audit.record({
      actor: principal.username,
      action: 'LOGOUT',
      objectClass: 'USER',
      affectedObject: principal.username,
    });
  }

  private async directoryLogin(
    attempt: LoginAttempt,
    login: string,
    password: string,
    newPassword?: string,
  ): Promise<LoginOutcome> {
    const account = await this.directory.findByLoginName(login);
    if (account === undefined || isLocalAdminName(account.username)) {
      // Bind anyway, so an unknown name takes as long to reject as a wrong password.
      await this.directory.bindAsNobody(password);

      return { identity: undefined };
    }

    await this.throttle.assertAccountAllowed(attempt, account.username);
    // The admin check reads with the service account, so it runs during the bind. A failed
    // bind never awaits it, and the handler keeps its rejection handled.
    const isAdmin = this.directory.isAdmin(account);
    isAdmin.catch(() => undefined);
    try {
      await this.gateway.withUserBind(account.dn, password);
    } catch (error) {
      if (
        !(error instanceof LdapOperationError) ||
        error.resultCode !== LdapResultCode.InvalidCredentials
      ) {
        throw error;
      }

      if (error.subCode !== undefined && PASSWORD_CHANGE_SUB_CODES.has(error.subCode)) {
        if (newPassword === undefined) {
          throw new DomainError(
            ErrorCode.PasswordChangeRequired,
            'The password has expired or must be changed. Send the same request again with new_password.',
          );
        }

        await this.changeExpiredPassword(account, password, newPassword);

        return this.directoryLogin(attempt, login, newPassword);
      }

      return { identity: undefined, account: account.username };
    }

    return {
      identity: this.directory.toIdentity(account, await isAdmin),
      account: account.username,
    };
  }

  /**
   * Changes a password that can no longer be used to bind. The change (delete the old value,
   * add the new one) runs on a service-account connection: AD checks the old password and the
   * domain policy as for a change made by the user.
   */
  private async changeExpiredPassword(
    account: DirectoryAccount,
    oldPassword: string,
    newPassword: string,
  ): Promise<void> {
    try {
      await this.gateway.modify(account.dn, [
        { operation: 'delete', attribute: 'unicodePwd', values: [encodeUnicodePwd(oldPassword)] },
        { operation: 'add', attribute: 'unicodePwd', values: [encodeUnicodePwd(newPassword)] },
      ]);
    } catch (error) {
      throw blameField(error, ErrorCode.PasswordPolicy, 'new_password');
    }
  }

  /**
   * Reads the session's account again: a deleted, re-created, disabled or expired account ends
   * the session, and admin rights follow the current group membership. A locked-out account
   * keeps its session, as it would keep a Windows logon session.
   */
  private async currentIdentity(session: AuthSession): Promise<Identity | undefined> {
    if (session.isLocal) {
      return (await this.localAdmin.isEnabled()) ? this.localAdmin.identity() : undefined;
    }

    const account =
      session.userGuid === null ? undefined : await this.directory.findByGuid(session.userGuid);
    const reason =
      account === undefined ? 'gone or re-created' : this.directory.unusableReason(account);
    if (account === undefined || reason !== undefined) {
      this.logger.warn(
        `Session ${session.id} of ${session.username} ended: the account is ${reason}`,
      );

      return undefined;
    }

    return this.directory.toIdentity(account, await this.directory.isAdmin(account));
  }
}

/** True for any spelling of the local admin's name; no directory account may use it. */
function isLocalAdminName(username: string): boolean {
  return username.trim().toLowerCase() === LOCAL_ADMIN_USERNAME;
}

function invalidCredentials(): DomainError {
  return new DomainError(
    ErrorCode.InvalidCredentials,
    'No active account was found with these credentials.',
  );
}

const LOGIN_METRIC_OF_CODE: Partial<Record<ErrorCode, LoginMetric>> = {
  [ErrorCode.InvalidCredentials]: 'invalid_credentials',
  [ErrorCode.LoginThrottled]: 'throttled',
  [ErrorCode.PasswordChangeRequired]: 'password_change_required',
};

function loginMetricOf(error: unknown): LoginMetric {
  return (error instanceof DomainError && LOGIN_METRIC_OF_CODE[error.code]) || 'error';
}
