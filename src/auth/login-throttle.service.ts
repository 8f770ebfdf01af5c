import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { LoginFailure, LoginFailureScope } from './entities/login-failure.entity';

/** A login attempt under way, with the failure rows reserved for it. */
export interface LoginAttempt {
  username: string;
  address: string;
  rowIds: number[];
}

/**
 * Counts failed logins per username and per client address in PostgreSQL, so every replica
 * reads the same counts, and rejects further attempts once a limit is reached within the window.
 * Every attempt first reserves its failure rows and is judged only by the rows before them, so a
 * burst of parallel requests is cut at the limit too. The limits are meant to sit above the
 * domain's own lockout threshold, which keeps working, and an admin unlock clears the count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
  ) {}

  /** Reserves the failure rows of an attempt; throws 429 with Retry-After when over a limit. */
  async begin(username: string, address: string): Promise<LoginAttempt> {
    const { maxFailuresPerUsername, maxFailuresPerAddress } = this.config.auth.loginThrottle;
    const subject = normalizeUsername(username);
    const inserted = await this.failures
      .createQueryBuilder()
      .insert()
      .values([
        { scope: 'username', subject },
        { scope: 'address', subject: address },
      ])
      .returning(['id'])
      .execute();
    const [usernameRow, addressRow] = (inserted.raw as { id: string | number }[]).map((row) =>
      Number(row.id),
    );
    const attempt = { username, address, rowIds: [usernameRow, addressRow] };
    const waits = await Promise.all([
      this.secondsUntilAllowed('username', subject, maxFailuresPerUsername, usernameRow),
      this.secondsUntilAllowed('address', address, maxFailuresPerAddress, addressRow),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      await this.release(attempt);
      throw throttled(wait);
    }

    return attempt;
  }

  /**
   * Throws 429 when the account a login name resolved to is over the username limit, so its
   * sAMAccountName, UPN and mail share one count.
   */
  async assertAccountAllowed(attempt: LoginAttempt, account: string): Promise<void> {
    const subject = normalizeUsername(account);
    if (subject === normalizeUsername(attempt.username)) {
      return;
    }

    const limit = this.config.auth.loginThrottle.maxFailuresPerUsername;
    const wait = await this.secondsUntilAllowed('username', subject, limit);
    if (wait > 0) {
      throw throttled(wait);
    }
  }

  /** Keeps the reserved rows as failures, and counts one for the resolved account as well. */
  async fail(attempt: LoginAttempt, account?: string): Promise<void> {
    if (
      account !== undefined &&
      normalizeUsername(account) !== normalizeUsername(attempt.username)
    ) {
      await this.failures.insert({ scope: 'username', subject: normalizeUsername(account) });
    }

    await this.purgeExpired();
  }

  /** Drops the reserved rows of an attempt that was not a failed password check. */
  async release(attempt: LoginAttempt): Promise<void> {
    await this.failures.delete({ id: In(attempt.rowIds) });
  }

  /**
   * Clears the attempt and the failures of the names it used, after a successful login, in one
   * statement, because it runs on every login.
   */
  async succeed(attempt: LoginAttempt, account?: string): Promise<void> {
    const names = [attempt.username, ...(account === undefined ? [] : [account])].map(
      normalizeUsername,
    );
    await this.failures
      .createQueryBuilder()
      .delete()
      .where('id IN (:...ids)', { ids: attempt.rowIds })
      .orWhere('scope = :scope AND subject IN (:...names)', { scope: 'username', names })
      .execute();
  }

  /** Forgets the failures of one username (after a successful login or an admin unlock). */
  async clear(username: string): Promise<void> {
    await this.failures.delete({ scope: 'username', subject: normalizeUsername(username) });
  }

  private async purgeExpired(): Promise<void> {
    await this.failures
      .createQueryBuilder()
      .delete()
      .where('failed_at < now() - make_interval(secs => :window)', {
        window: this.config.auth.loginThrottle.windowSeconds,
      })
      .execute();
  }

  /**
   * Returns the seconds until the limit-th newest failure leaves the window, counting only rows
   * older than `beforeId` when given, or 0 when the attempt is allowed now.
   */
  private async secondsUntilAllowed(
    scope: LoginFailureScope,
    subject: string,
    limit: number,
    beforeId?: number,
  ): Promise<number> {
    const window = this.config.auth.loginThrottle.windowSeconds;
    const rows: { wait: string | number }[] = await this.failures.query(
      `SELECT ceil(extract(epoch FROM (failed_at + make_interval(secs => $3)) - now())) AS wait
         FROM login_failure
        WHERE scope = $1 AND subject = $2 AND failed_at > now() - make_interval(secs => $3)
          AND ($5::bigint IS NULL OR id < $5::bigint)
        ORDER BY id DESC
        OFFSET $4 LIMIT 1`,
      [scope, subject, window, limit - 1, beforeId ?? null],
    );

    return rows.length === 0 ? 0 : Math.max(1, Number(rows[0].wait));
  }
}

function throttled(wait: number): DomainError {
  return new DomainError(
    ErrorCode.LoginThrottled,
    `Too many failed logins. Try again in ${wait} seconds.`,
    { headers: { 'Retry-After': String(wait) }, extra: { retry_after: wait } },
  );
}

function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
