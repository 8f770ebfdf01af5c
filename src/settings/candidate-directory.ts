import { DirectoryAccount, DirectoryIdentityService } from '../auth/directory-identity.service';
import { LOCAL_ADMIN_USERNAME } from '../auth/local-admin.service';
import { DomainError, ErrorCode } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { DirectorySettings } from '../ldap/directory-settings';
import { LdapEntry } from '../ldap/ldap-entry';
import { LdapOperationError, LdapResultCode } from '../ldap/ldap-error';
import { LdapGateway } from '../ldap/ldap-gateway';
import { LdapPool } from '../ldap/ldap-pool';
import { dnEquals } from '../ldap/syntax/dn';
import { MAX_TEST_TIMEOUT_SECONDS } from './connection-test';
import { invalidSetting } from './settings-request';
import { directoryConfigOf, SettingKey, SettingValueError, SettingValues } from './setting-values';

/** LDAP referral (RFC 4511 section 4.1.9): the DN lies outside the server's naming contexts. */
const LDAP_REFERRAL = 10;

/** The directory account that logged in, as stored with its session. */
export interface CallerAccount {
  username: string;
  dn?: string;
  guid?: string;
}

/** Whether the caller could log in and be an admin with the candidate settings. */
export type CallerCheck = 'admin' | 'not_found' | 'not_admin';

/**
 * The directory as it would be with settings that are not saved yet: its own service-account
 * pool, gateway and identity service, built from the candidate values, so checks run the same
 * code as login does. Timeouts are capped at MAX_TEST_TIMEOUT_SECONDS because a save waits for
 * the checks. Call `close` when done.
 */
export class CandidateDirectory {
  private readonly pool: LdapPool;
  private readonly gateway: LdapGateway;
  private readonly identities: DirectoryIdentityService;

  constructor(config: AppConfig, values: SettingValues) {
    const directory = directoryConfigOf(values, config.directory);
    const candidateConfig: AppConfig = {
      ...config,
      directory: {
        ...directory,
        connectTimeout: Math.min(directory.connectTimeout, MAX_TEST_TIMEOUT_SECONDS),
        receiveTimeout: Math.min(directory.receiveTimeout, MAX_TEST_TIMEOUT_SECONDS),
      },
      // The checks run one operation at a time.
      ldap: { ...config.ldap, poolSize: 1 },
    };
    const settings = new DirectorySettings(candidateConfig);
    this.pool = new LdapPool(candidateConfig, settings);
    this.gateway = new LdapGateway(candidateConfig, this.pool, settings);
    this.identities = new DirectoryIdentityService(this.gateway, settings);
  }

  /**
   * Checks that LDAP_AUTH_SEARCH_BASE exists and that ADMIN_GROUP_TO_SEARCH (when not empty)
   * exists and is a group, for the keys in `keys`.
   *
   * @throws DomainError `invalid_input` (400) naming the key when the entry is missing, is not
   *   a group or has a DN the directory rejects. A failure to reach the directory keeps its own
   *   code and names the key too.
   */
  async checkReferences(values: SettingValues, keys: SettingKey[]): Promise<void> {
    if (keys.includes('LDAP_AUTH_SEARCH_BASE')) {
      await this.readReference('LDAP_AUTH_SEARCH_BASE', values.LDAP_AUTH_SEARCH_BASE, []);
    }

    const group = values.ADMIN_GROUP_TO_SEARCH;
    if (keys.includes('ADMIN_GROUP_TO_SEARCH') && group !== '') {
      const entry = await this.readReference('ADMIN_GROUP_TO_SEARCH', group, ['objectClass']);
      const classes = entry.texts('objectClass').map((name) => name.toLowerCase());
      if (!classes.includes('group')) {
        throw invalidSetting([
          new SettingValueError(
            'ADMIN_GROUP_TO_SEARCH',
            `names ${group}, which is not a group (objectClass ${classes.join(', ')}): name a security group`,
          ),
        ]);
      }
    }
  }

  /**
   * Resolves the caller the way login would with these settings: it reads the caller's entry by
   * objectGUID, looks it up by each of its login names, and requires the lookup to return that
   * same entry. Then it runs the admin check of login on it.
   *
   * @throws DomainError when the directory cannot be reached or read with these settings.
   */
  async checkCaller(caller: CallerAccount): Promise<CallerCheck> {
    const entry =
      caller.guid === undefined ? undefined : await this.identities.findByGuid(caller.guid);
    const loginNames = new Set(
      [entry?.username, caller.username, entry?.email].filter(
        (name): name is string => name !== undefined && name !== '',
      ),
    );
    for (const name of loginNames) {
      const account = await this.identities.findByLoginName(name);
      if (account !== undefined && isSameAccount(account, caller)) {
        return (await this.identities.isAdmin(account)) ? 'admin' : 'not_admin';
      }
    }

    return 'not_found';
  }

  async close(): Promise<void> {
    await this.pool.onModuleDestroy();
  }

  private async readReference(
    key: SettingKey,
    dn: string,
    attributes: string[],
  ): Promise<LdapEntry> {
    let entry: LdapEntry | undefined;
    try {
      entry = await this.gateway.read(dn, attributes);
    } catch (error) {
      throw referenceError(key, dn, error);
    }

    if (entry === undefined) {
      throw invalidSetting([
        new SettingValueError(key, `names ${dn}, which does not exist in the directory`),
      ]);
    }

    return entry;
  }
}

function isSameAccount(account: DirectoryAccount, caller: CallerAccount): boolean {
  if (account.username.trim().toLowerCase() === LOCAL_ADMIN_USERNAME) {
    // Login never resolves a directory account with the local admin's name.
    return false;
  }

  if (caller.guid !== undefined && account.objectGuid !== undefined) {
    return account.objectGuid.toLowerCase() === caller.guid.toLowerCase();
  }

  return caller.dn !== undefined && dnEquals(account.dn, caller.dn);
}

/** Turns a failed read of a DN setting into an error that names the key. */
function referenceError(key: SettingKey, dn: string, error: unknown): unknown {
  if (!(error instanceof DomainError)) {
    return error;
  }

  const resultCode = error instanceof LdapOperationError ? error.resultCode : undefined;
  if (resultCode === LdapResultCode.InvalidDnSyntax || resultCode === LDAP_REFERRAL) {
    return invalidSetting([
      new SettingValueError(
        key,
        `names ${dn}, which the directory does not accept as a DN of its own (${error.detail.replace(/\.$/, '')})`,
      ),
    ]);
  }

  return new DomainError(
    error.code === ErrorCode.InvalidInput ? ErrorCode.DirectoryRefused : error.code,
    `${key} could not be checked in the directory: ${error.detail} Nothing was saved.`,
    { field: key, extra: error.extra, cause: error },
  );
}
