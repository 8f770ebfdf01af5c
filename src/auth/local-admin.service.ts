import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { EntityManager, IsNull, Not, Repository } from 'typeorm';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthSession } from './entities/auth-session.entity';
import { LocalUser } from './entities/local-user.entity';
import { hashPassword, verifyPassword } from './password-hash';
import { Identity } from './principal';

/** The local bootstrap administrator's fixed name; no directory account can log in with it. */
export const LOCAL_ADMIN_USERNAME = 'admin';

export interface LocalAdminState {
  enabled: boolean;
  hasPassword: boolean;
}

/** A change to the local admin requested through the settings; absent fields stay as they are. */
export interface LocalAdminChange {
  enabled?: boolean;
  password?: string;
}

/**
 * The local bootstrap admin, which exists so an install without a working directory connection
 * can still be configured. Its first password comes from LOCAL_ADMIN_PASSWORD or is generated
 * and printed once; there is no built-in default password.
 */
@Injectable()
export class LocalAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(LocalAdminService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(LocalUser) private readonly users: Repository<LocalUser>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureExists();
  }

  /** Creates the local admin on first start; later starts leave a saved password alone. */
  async ensureExists(): Promise<void> {
    const existing = await this.users.findOneBy({ username: LOCAL_ADMIN_USERNAME });
    if (existing !== null) {
      return;
    }

    const configured = this.config.auth.localAdminPassword;
    const password = configured ?? randomBytes(18).toString('base64url');
    const created = await this.users
      .createQueryBuilder()
      .insert()
      .values({
        username: LOCAL_ADMIN_USERNAME,
        passwordHash: await hashPassword(password),
        enabled: true,
      })
      .orIgnore()
      .execute();
    const inserted = (created.raw as unknown[] | undefined)?.length !== 0;
    if (configured === undefined && inserted) {
      // Printed once, on the start that created the account, so the operator can log in.
      this.logger.warn(
        `Created the local administrator "${LOCAL_ADMIN_USERNAME}" with the generated password ${password} ` +
          '(shown only on this start; set LOCAL_ADMIN_PASSWORD before the first start to choose it).',
      );
    }
  }

  /** Returns the local admin's identity when the password matches and the account is enabled. */
  async authenticate(password: string): Promise<Identity | undefined> {
    const user = await this.users.findOneBy({ username: LOCAL_ADMIN_USERNAME });
    if (user === null || !user.enabled || user.passwordHash === null) {
      return undefined;
    }

    if (!(await verifyPassword(password, user.passwordHash))) {
      return undefined;
    }

    return this.identity();
  }

  /** Reads whether the local admin can log in, inside the caller's transaction when given one. */
  async state(manager?: EntityManager): Promise<LocalAdminState> {
    const users = manager?.getRepository(LocalUser) ?? this.users;
    const user = await users.findOneBy({ username: LOCAL_ADMIN_USERNAME });

    return { enabled: user?.enabled ?? false, hasPassword: (user?.passwordHash ?? null) !== null };
  }

  /**
   * Enables or disables the local admin and sets its password inside the caller's transaction.
   * Disabling ends every local-admin session; a new password ends every local-admin session but
   * `keepSessionId`, the caller's own.
   */
  async applyChange(
    manager: EntityManager,
    change: LocalAdminChange,
    keepSessionId?: string,
  ): Promise<void> {
    const users = manager.getRepository(LocalUser);
    const user =
      (await users.findOneBy({ username: LOCAL_ADMIN_USERNAME })) ??
      users.create({ username: LOCAL_ADMIN_USERNAME, passwordHash: null, enabled: false });
    if (change.enabled !== undefined) {
      user.enabled = change.enabled;
    }

    if (change.password !== undefined) {
      user.passwordHash = await hashPassword(change.password);
    }

    await users.save(user);

    const sessions = manager.getRepository(AuthSession);
    const revoked = { revokedAt: new Date(), revokeReason: 'local_admin_changed' };
    if (change.enabled === false) {
      await sessions.update({ isLocal: true, revokedAt: IsNull() }, revoked);
    } else if (change.password !== undefined) {
      await sessions.update(
        {
          isLocal: true,
          revokedAt: IsNull(),
          ...(keepSessionId === undefined ? {} : { id: Not(keepSessionId) }),
        },
        revoked,
      );
    }
  }

  async isEnabled(): Promise<boolean> {
    const user = await this.users.findOneBy({ username: LOCAL_ADMIN_USERNAME });

    return user !== null && user.enabled;
  }

  identity(): Identity {
    return {
      username: LOCAL_ADMIN_USERNAME,
      isAdmin: true,
      isLocal: true,
      firstName: '',
      lastName: '',
      email: '',
    };
  }
}
