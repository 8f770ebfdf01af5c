import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AuthSession } from '../auth/entities/auth-session.entity';
import { LocalAdminService, LocalAdminState } from '../auth/local-admin.service';
import { Principal } from '../auth/principal';
import { DomainError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DirectorySettings } from '../ldap/directory-settings';
import { AuditSettings } from '../logs/audit-settings';
import { AuditService } from '../logs/audit.service';
import { CandidateDirectory, CallerCheck } from './candidate-directory';
import { ConnectionReport, testConnection } from './connection-test';
import { SettingsCipher } from './settings-cipher';
import {
  LOCAL_ADMIN_ENABLED_KEY,
  LOCAL_ADMIN_EXISTS_KEY,
  LOCAL_ADMIN_PASSWORD_KEY,
  parseSettingsRequest,
  invalidSetting,
  SettingsRequest,
} from './settings-request';
import { sameValue, SETTINGS_CHANNEL, SETTINGS_LOCK_KEY, SettingsStore } from './settings-store';
import {
  auditConfigOf,
  checkSettingCombination,
  connectionUsername,
  defaultSettingValues,
  directoryConfigOf,
  LOGIN_KEYS,
  PASSWORD_KEY,
  REFERENCE_KEYS,
  SETTING_KEYS,
  SETTINGS,
  SettingKey,
  SettingType,
  SettingValueError,
  SettingValues,
  USERNAME_KEY,
} from './setting-values';

export const MASKED_SECRET = '********';

export type SettingEntry =
  { type: SettingType; value: unknown } | { type: 'password'; value: null; is_set: boolean };

/** The `settings` object of GET api/settings/. */
export type SettingsView = Record<string, SettingEntry | boolean>;

/** One line of the `affectedObject` list of a settings audit row. */
export interface SettingChange {
  name: string;
  old_value: unknown;
  new_value: unknown;
}

/**
 * The check that guards a change against locking every admin out: none, a service-account bind
 * on every server, or a lookup of the caller's own directory account.
 */
type LockoutCheck = 'none' | 'bind' | 'caller';

/** The payload of a settings notification; `origin` lets a replica skip its own. */
interface SettingsNotice {
  origin: string;
}

/**
 * Runtime settings: typed rows in PostgreSQL over defaults from the environment. A save or reset
 * is one transaction (rows, local admin, audit row, notification), applied at once in this
 * process and, through LISTEN/NOTIFY, on every other replica.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);
  private readonly store: SettingsStore;
  private readonly defaults: SettingValues;
  /** Identifies this process in settings notifications. */
  readonly instanceId = randomUUID();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectorySettings,
    private readonly auditSettings: AuditSettings,
    private readonly audit: AuditService,
    private readonly localAdmin: LocalAdminService,
  ) {
    this.store = new SettingsStore(new SettingsCipher(config.auth.settingsEncryptionKey));
    this.defaults = defaultSettingValues(config);
  }

  /** Whether other processes can share the database, so changes must be announced. */
  get isShared(): boolean {
    return this.config.database.url !== undefined;
  }

  /** Returns every setting in the `{type, value}` form, with the password reduced to `is_set`. */
  async view(principal?: Principal): Promise<SettingsView> {
    const values = await this.load(this.dataSource.manager);
    const localAdmin = await this.localAdmin.state();
    if (principal !== undefined) {
      await this.audit.record({
        actor: principal.username,
        action: 'READ',
        objectClass: 'SET',
        affectedObject: 'settings',
      });
    }

    return this.present(values, localAdmin);
  }

  /**
   * Validates a save request, stores the keys whose values change, applies the local admin
   * change and writes the audit row in one transaction, then applies the result at once. A
   * request that changes nothing writes no audit row and sends no notification.
   */
  async save(body: Record<string, unknown>, principal: Principal): Promise<SettingsView> {
    const request = parseSettingsRequest(body);
    const { values, localAdmin } = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [SETTINGS_LOCK_KEY]);
      const before = await this.load(manager);
      const after = this.merge(before, request);
      const changed = SETTING_KEYS.filter((key) => !sameValue(before[key], after[key]));
      const adminBefore = await this.localAdmin.state(manager);
      const adminAfter = this.checkLocalAdmin(request, adminBefore);
      await this.checkDirectory(manager, principal, {
        localAdminBefore: adminBefore,
        localAdminAfter: adminAfter,
        changed,
        values: after,
        references: changed.filter((key) => REFERENCE_KEYS.includes(key)),
      });

      await this.store.write(manager, pick(after, changed), principal.username);
      if (request.localAdminEnabled !== undefined || request.localAdminPassword !== undefined) {
        await this.localAdmin.applyChange(
          manager,
          { enabled: request.localAdminEnabled, password: request.localAdminPassword },
          principal.isLocal ? principal.sessionId : undefined,
        );
      }

      const changes = [
        ...changed.map((key) => describeChange(key, before[key], after[key])),
        ...localAdminChanges(adminBefore, adminAfter, request),
      ];
      if (changes.length > 0) {
        await this.finish(manager, principal, changes);
      }

      return { values: after, localAdmin: adminAfter };
    });

    this.apply(values);

    return this.present(values, localAdmin);
  }

  /**
   * Deletes every stored setting, so the environment's values apply again; the local admin
   * stays. When no value changes, it writes no audit row and sends no notification.
   */
  async reset(principal: Principal): Promise<void> {
    const values = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [SETTINGS_LOCK_KEY]);
      const before = await this.load(manager);
      const after = this.defaults;
      const changed = SETTING_KEYS.filter((key) => !sameValue(before[key], after[key]));
      const localAdmin = await this.localAdmin.state(manager);
      await this.checkDirectory(manager, principal, {
        localAdminBefore: localAdmin,
        localAdminAfter: localAdmin,
        changed,
        values: after,
        references: [],
      });

      await this.store.clear(manager);
      const changes = changed.map((key) => describeChange(key, before[key], after[key]));
      if (changes.length > 0) {
        await this.finish(manager, principal, changes, 'RESET');
      }

      return after;
    });

    this.apply(values);
  }

  /**
   * Tests the body's settings merged over the stored ones without saving anything. The password
   * in force is used when the body sends none.
   */
  async test(body: Record<string, unknown>): Promise<ConnectionReport> {
    const request = parseSettingsRequest(body);
    const values = this.merge(await this.load(this.dataSource.manager), request);
    if (values.LDAP_AUTH_URL.length === 0) {
      throw invalidSetting([
        new SettingValueError('LDAP_AUTH_URL', 'is empty: list at least one directory server'),
      ]);
    }

    if (values.LDAP_AUTH_CONNECTION_PASSWORD === null) {
      throw invalidSetting([
        new SettingValueError(PASSWORD_KEY, 'is not set: send the service-account password'),
      ]);
    }

    return testConnection(values, this.config.directory);
  }

  /** Reads every stored setting and applies the result; called at startup and on notifications. */
  async reload(): Promise<void> {
    this.apply(await this.load(this.dataSource.manager));
  }

  /** Tells whether a notification payload came from this process. */
  isOwnNotice(payload: string | undefined): boolean {
    try {
      return (JSON.parse(payload ?? '{}') as Partial<SettingsNotice>).origin === this.instanceId;
    } catch {
      return false;
    }
  }

  private async load(manager: EntityManager): Promise<SettingValues> {
    return { ...this.defaults, ...(await this.store.read(manager)) };
  }

  /** Returns the values in force after a request, checking the keys that depend on each other. */
  private merge(before: SettingValues, request: SettingsRequest): SettingValues {
    const after: SettingValues = { ...before, ...request.values };
    if (request.password !== undefined) {
      after.LDAP_AUTH_CONNECTION_PASSWORD = request.password;
    }

    try {
      checkSettingCombination(after);
    } catch (error) {
      throw error instanceof SettingValueError ? invalidSetting([error]) : error;
    }

    return after;
  }

  /** Returns the local admin's state after the request, or rejects enabling it without a password. */
  private checkLocalAdmin(request: SettingsRequest, before: LocalAdminState): LocalAdminState {
    const after: LocalAdminState = {
      enabled: request.localAdminEnabled ?? before.enabled,
      hasPassword: before.hasPassword || request.localAdminPassword !== undefined,
    };
    if (after.enabled && !after.hasPassword) {
      throw new DomainError(
        ErrorCode.LocalAdminPasswordRequired,
        `The local admin has no password: send ${LOCAL_ADMIN_PASSWORD_KEY} to enable it. Nothing was saved.`,
        { field: LOCAL_ADMIN_PASSWORD_KEY },
      );
    }

    return after;
  }

  /**
   * Runs the directory checks of a save or reset with the candidate values: the entries named
   * by `references` must exist, and the change must not lock every admin out.
   */
  private async checkDirectory(
    manager: EntityManager,
    principal: Principal,
    change: DirectoryChange,
  ): Promise<void> {
    const lockoutCheck = lockoutCheckOf(principal, change);
    if (change.references.length === 0 && lockoutCheck !== 'caller') {
      await this.checkServiceBind(lockoutCheck, change);

      return;
    }

    const directory = new CandidateDirectory(this.config, change.values);
    try {
      await directory.checkReferences(change.values, change.references);
      await this.checkServiceBind(lockoutCheck, change);
      if (lockoutCheck === 'caller') {
        await this.checkCaller(manager, principal, change, directory);
      }
    } finally {
      await directory.close();
    }
  }

  /** Requires the service account to bind on every server when the local admin disables itself. */
  private async checkServiceBind(check: LockoutCheck, change: DirectoryChange): Promise<void> {
    if (check !== 'bind') {
      return;
    }

    const { values } = change;
    try {
      if (values.LDAP_AUTH_CONNECTION_PASSWORD === null || values.LDAP_AUTH_URL.length === 0) {
        throw new DomainError(ErrorCode.DirectoryUnconfigured, 'The directory is not configured.');
      }

      await testConnection(values, this.config.directory);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }

      throw lockoutError(
        change,
        `the service account cannot bind with these settings, so no one could log in: ${error.detail}`,
      );
    }
  }

  /**
   * Requires the calling directory admin to stay able to log in as an admin with the new
   * settings. Login must find the account under the search base with the object class filter
   * and user fields, and the account must be a member of the admin group.
   */
  private async checkCaller(
    manager: EntityManager,
    principal: Principal,
    change: DirectoryChange,
    directory: CandidateDirectory,
  ): Promise<void> {
    const session = await manager.findOneBy(AuthSession, { id: principal.sessionId });
    let result: CallerCheck;
    try {
      result = await directory.checkCaller({
        username: principal.username,
        dn: principal.dn,
        guid: session?.userGuid ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }

      throw lockoutError(
        change,
        `the directory cannot be read with these settings, so no one could log in: ${error.detail}`,
      );
    }

    if (result === 'not_found') {
      throw lockoutError(
        change,
        `login would no longer find your account ${principal.username} with these settings (LDAP_AUTH_SEARCH_BASE, LDAP_AUTH_OBJECT_CLASS, EXCLUDE_COMPUTER_ACCOUNTS and LDAP_AUTH_USER_FIELDS decide which entries login finds), so you would be locked out.`,
      );
    }

    if (result === 'not_admin') {
      throw lockoutError(
        change,
        `your account ${principal.username} would no longer be an admin with these settings: it is not a member of ADMIN_GROUP_TO_SEARCH (Domain Admins when empty) or of BUILTIN\\Administrators.`,
      );
    }
  }

  /** Writes the audit row and the notification inside the transaction. */
  private async finish(
    manager: EntityManager,
    principal: Principal,
    changes: SettingChange[],
    extraMessage?: string,
  ): Promise<void> {
    try {
      await this.audit.recordWithin(manager, {
        actor: principal.username,
        action: 'UPDATE',
        objectClass: 'SET',
        affectedObject: changes,
        extraMessage,
      });
    } catch (error) {
      this.logger.error(
        `Could not write the settings audit row of ${principal.username}: ${String(error)}`,
      );
      throw new DomainError(
        ErrorCode.DatabaseUnavailable,
        'The audit log cannot be written, so the settings were not saved. Try again later.',
        { cause: error },
      );
    }

    if (this.isShared) {
      // PostgreSQL delivers a notification only when the transaction commits.
      const notice: SettingsNotice = { origin: this.instanceId };
      await manager.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, JSON.stringify(notice)]);
    }
  }

  /**
   * Puts values in force in this process. The directory settings are replaced only when they
   * differ, because replacing them rebuilds the connection pool.
   */
  private apply(values: SettingValues): void {
    const directory = directoryConfigOf(values, this.config.directory);
    if (!sameValue(directory, this.directory.current())) {
      this.logger.log('Applying changed directory settings');
      this.directory.update(directory);
    }

    this.auditSettings.update(auditConfigOf(values));
  }

  private present(values: SettingValues, localAdmin: LocalAdminState): SettingsView {
    const view: SettingsView = {};
    for (const key of SETTING_KEYS) {
      view[key] =
        key === PASSWORD_KEY
          ? { type: 'password', value: null, is_set: values[key] !== null }
          : { type: SETTINGS[key].type, value: values[key] };
    }

    view[USERNAME_KEY] = {
      type: 'string',
      value: connectionUsername(values.LDAP_AUTH_CONNECTION_USER_DN),
    };
    view[LOCAL_ADMIN_ENABLED_KEY] = localAdmin.enabled;
    view[LOCAL_ADMIN_EXISTS_KEY] = localAdmin.enabled;

    return view;
  }
}

/** A save or reset as the directory checks see it. */
interface DirectoryChange {
  localAdminBefore: LocalAdminState;
  localAdminAfter: LocalAdminState;
  changed: SettingKey[];
  /** The values in force after the change. */
  values: SettingValues;
  /** Changed keys naming directory entries that must exist. */
  references: SettingKey[];
}

/**
 * Selects the lockout check of a change. Without the local admin, only directory accounts can
 * log in. So a check runs when the local admin ends up disabled and the change disables it or
 * changes a key of LOGIN_KEYS. A directory caller must still be found as an admin, and the
 * local admin disabling itself needs a working service-account bind.
 *
 * NOTE: when the local admin disables itself, only the bind is checked, because no directory
 *   account is known to check. LDAP_AUTH_OBJECT_CLASS and the other keys of LOGIN_KEYS
 *   saved in the same request can still leave no directory admin able to log in.
 */
function lockoutCheckOf(principal: Principal, change: DirectoryChange): LockoutCheck {
  const { localAdminBefore: before, localAdminAfter: after, changed } = change;
  const loginChanged = changed.some((key) => LOGIN_KEYS.includes(key));
  if (after.enabled || !(before.enabled || loginChanged)) {
    return 'none';
  }

  return principal.isLocal ? 'bind' : 'caller';
}

function lockoutError(change: DirectoryChange, reason: string): DomainError {
  const disabling = change.localAdminBefore.enabled && !change.localAdminAfter.enabled;

  return new DomainError(
    ErrorCode.LocalAdminLockout,
    `The local admin is disabled, and ${reason} Fix the directory settings or enable the local admin. Nothing was saved.`,
    { field: disabling ? LOCAL_ADMIN_ENABLED_KEY : undefined },
  );
}

function pick(values: SettingValues, keys: SettingKey[]): Partial<SettingValues> {
  return Object.fromEntries(keys.map((key) => [key, values[key]]));
}

function describeChange(key: SettingKey, before: unknown, after: unknown): SettingChange {
  if (key === PASSWORD_KEY) {
    return {
      name: key,
      old_value: before === null ? null : MASKED_SECRET,
      new_value: after === null ? null : MASKED_SECRET,
    };
  }

  return { name: key, old_value: before, new_value: after };
}

function localAdminChanges(
  before: LocalAdminState,
  after: LocalAdminState,
  request: SettingsRequest,
): SettingChange[] {
  const changes: SettingChange[] = [];
  if (before.enabled !== after.enabled) {
    changes.push({
      name: LOCAL_ADMIN_ENABLED_KEY,
      old_value: before.enabled,
      new_value: after.enabled,
    });
  }

  if (request.localAdminPassword !== undefined) {
    changes.push({
      name: LOCAL_ADMIN_PASSWORD_KEY,
      old_value: before.hasPassword ? MASKED_SECRET : null,
      new_value: MASKED_SECRET,
    });
  }

  return changes;
}
