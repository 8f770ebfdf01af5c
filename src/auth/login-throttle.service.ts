import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { LoginFailure, LoginFailureScope } from './entities/login-failure.entity';

/**
 * Counts failed logins per username and per client address in PostgreSQL, so every replica
 * reads the same counts, and refuses further attempts once a limit is reached within the window.
 * The domain's own lockout still works: the limits are meant to sit above the domain's lockout
 * threshold, and an admin unlock clears the username's count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(LoginFailure) private readonly failures: Repository<LoginFailure>,
  ) {}

  /** Throws 429 with Retry-After when the username or the address has too many recent failures. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const { maxFailuresPerUsername, maxFailuresPerAddress } = this.config.auth.loginThrottle;
    const waits = await Promise.all([
      this.secondsUntilAllowed('username', normalizeUsername(username), maxFailuresPerUsername),
      this.secondsUntilAllowed('address', address, maxFailuresPerAddress),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new DomainError(
        ErrorCode.LoginThrottled,
        `Too many failed logins. Try again in ${wait} seconds.`,
        { headers: { 'Retry-After': String(wait) }, extra: { retry_after: wait } },
      );
    }
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const window = this.config.auth.loginThrottle.windowSeconds;
    await this.failures.insert([
      { scope: 'username', subject: normalizeUsername(username) },
      { scope: 'address', subject: address },
    ]);
    await this.failures
      .createQueryBuilder()
      .delete()
      .where(`failed_at < now() - make_interval(secs => :window)`, { window })
      .execute();
  }

  /** Forgets the failures of one username (after a successful login or an admin unlock). */
  async clear(username: string): Promise<void> {
    await this.failures.delete({ scope: 'username', subject: normalizeUsername(username) });
  }

  private async secondsUntilAllowed(
    scope: LoginFailureScope,
    subject: string,
    limit: number,
  ): Promise<number> {
    const window = this.config.auth.loginThrottle.windowSeconds;
    // The attempt is allowed again once the limit-th newest failure leaves the window.
    const rows: { wait: string | number }[] = await this.failures.query(
      `SELECT ceil(extract(epoch FROM (failed_at + make_interval(secs => $3)) - now())) AS wait
         FROM login_failure
        WHERE scope = $1 AND subject = $2 AND failed_at > now() - make_interval(secs => $3)
        ORDER BY failed_at DESC
        OFFSET $4 LIMIT 1`,
      [scope, subject, window, limit - 1],
    );

    return rows.length === 0 ? 0 : Math.max(1, Number(rows[0].wait));
  }
}

function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
