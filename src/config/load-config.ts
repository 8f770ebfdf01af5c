import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  AppConfig,
  DirectoryConfig,
  LOG_LEVELS,
  LogLevel,
  NodeEnv,
  TLS_VERSION_NAMES,
  UserFieldMap,
} from './app-config';
import { isValidDn, rdn } from '../ldap/syntax/dn';
import { EnvParser } from './env-parser';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

const MIN_SECRET_LENGTH = 32;

export const DEFAULT_USER_FIELDS: UserFieldMap = {
  username: 'sAMAccountName',
  first_name: 'givenName',
  last_name: 'sn',
  email: 'mail',
  dn: 'distinguishedName',
};

export const DEFAULT_DIRTREE_OU_FILTER: Record<string, string> = {
  organizationalUnit: 'objectCategory',
  top: 'objectCategory',
  container: 'objectCategory',
  builtinDomain: 'objectClass',
};

export const DEFAULT_DIRTREE_CN_FILTER: Record<string, string> = {
  user: 'objectClass',
  person: 'objectClass',
  group: 'objectClass',
  organizationalPerson: 'objectClass',
  computer: 'objectClass',
};

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

function isUserFieldMap(value: unknown): value is UserFieldMap {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const record = value as Record<string, unknown>;

  return Object.keys(DEFAULT_USER_FIELDS).every((key) => typeof record[key] === 'string');
}

/** Derives `DC=a,DC=b` from `a.b`. */
function searchBaseOf(domain: string): string {
  return domain
    .split('.')
    .filter((label) => label !== '')
    .map((label) => rdn('DC', label))
    .join(',');
}

/**
 * Returns the secret from the environment, or in development and tests one generated once and
 * kept in DATA_DIR so tokens and encrypted settings survive restarts.
 */
function resolveSecret(
  env: EnvParser,
  name: string,
  isProduction: boolean,
  dataDir: string,
): string {
  const value = env.optionalString(name);
  if (value !== undefined) {
    if (value.length < MIN_SECRET_LENGTH) {
      env.fail(name, `must be at least ${MIN_SECRET_LENGTH} characters long`);
    }

    return value;
  }

  if (isProduction) {
    env.fail(name, 'is required when NODE_ENV=production');

    return '';
  }

  const file = join(dataDir, `${name.toLowerCase()}.secret`);
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }

  mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(48).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });

  return generated;
}

function loadDirectoryConfig(env: EnvParser): DirectoryConfig {
  const domain = env.string('LDAP_DOMAIN', 'interlock.test');
  const searchBase = env.string('LDAP_AUTH_SEARCH_BASE', searchBaseOf(domain));
  const urls = env.list('LDAP_AUTH_URL', []);
  for (const url of urls) {
    if (!/^ldaps?:\/\/[^/]+\/?$/i.test(url)) {
      env.fail('LDAP_AUTH_URL', `"${url}" is not an ldap:// or ldaps:// URL`);
    }
  }

  const useSsl = env.boolean('LDAP_AUTH_USE_SSL', false);
  const useStartTls = env.boolean('LDAP_AUTH_USE_TLS', false);
  checkUrlEncryption(env, urls, useSsl, useStartTls);

  for (const name of [
    'LDAP_AUTH_SEARCH_BASE',
    'LDAP_AUTH_CONNECTION_USER_DN',
    'ADMIN_GROUP_TO_SEARCH',
  ]) {
    const value = env.optionalString(name);
    if (value !== undefined && !isValidDn(value)) {
      env.fail(
        name,
        `"${value}" is not a distinguished name (for example CN=Name,OU=Unit,DC=example,DC=lan)`,
      );
    }
  }

  return {
    urls,
    domain,
    realm: env.string('LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN', domain.split('.')[0].toUpperCase()),
    searchBase,
    bindDn: env.string('LDAP_AUTH_CONNECTION_USER_DN', `CN=Administrator,CN=Users,${searchBase}`),
    bindPassword: env.optionalString('LDAP_AUTH_CONNECTION_PASSWORD') ?? null,
    useSsl,
    useStartTls,
    tlsVersion: env.oneOf('LDAP_AUTH_TLS_VERSION', 'PROTOCOL_TLSv1_2', TLS_VERSION_NAMES),
    caFile: env.optionalString('LDAP_TLS_CA_FILE'),
    tlsVerify: env.boolean('LDAP_TLS_VERIFY', true),
    connectTimeout: env.integer('LDAP_AUTH_CONNECT_TIMEOUT', 5, 1, 300),
    receiveTimeout: env.integer('LDAP_AUTH_RECEIVE_TIMEOUT', 10, 1, 300),
    userObjectClass: env.string('LDAP_AUTH_OBJECT_CLASS', 'person'),
    excludeComputerAccounts: env.boolean('EXCLUDE_COMPUTER_ACCOUNTS', true),
    adminGroupDn: env.optionalString('ADMIN_GROUP_TO_SEARCH'),
    userFields: env.json('LDAP_AUTH_USER_FIELDS', DEFAULT_USER_FIELDS, isUserFieldMap),
    dirtreeOuFilter: env.json('LDAP_DIRTREE_OU_FILTER', DEFAULT_DIRTREE_OU_FILTER, isStringMap),
    dirtreeCnFilter: env.json('LDAP_DIRTREE_CN_FILTER', DEFAULT_DIRTREE_CN_FILTER, isStringMap),
    dnsLegacy: env.boolean('LDAP_DNS_LEGACY', false),
  };
}

/**
 * Rejects directory URLs that would send passwords in clear text, and LDAPS aimed at the plain
 * LDAP port, which AD does not serve.
 */
function checkUrlEncryption(
  env: EnvParser,
  urls: string[],
  useSsl: boolean,
  useStartTls: boolean,
): void {
  for (const url of urls) {
    const match = /^(ldaps?):\/\/(?:\[[^\]]+\]|[^:/]+)(?::(\d+))?/i.exec(url);
    if (match === null || match[1].toLowerCase() === 'ldaps') {
      continue;
    }

    if (!useSsl && !useStartTls) {
      env.fail(
        'LDAP_AUTH_URL',
        `${url} is not encrypted: use ldaps://, or set LDAP_AUTH_USE_TLS=true for StartTLS`,
      );
    } else if (useSsl && match[2] === '389') {
      env.fail(
        'LDAP_AUTH_USE_SSL',
        `LDAPS on port 389 (${url}) fails on AD: use ldaps://host:636, or LDAP_AUTH_USE_TLS=true with LDAP_AUTH_USE_SSL=false for StartTLS`,
      );
    }
  }
}

function parseTrustProxy(env: EnvParser): boolean | number | string {
  const value = env.optionalString('TRUST_PROXY');
  if (value === undefined || ['false', '0', 'no', 'off'].includes(value.toLowerCase())) {
    return false;
  }

  if (['true', 'yes', 'on'].includes(value.toLowerCase())) {
    return true;
  }

  const hops = Number(value);

  return Number.isInteger(hops) && hops > 0 ? hops : value;
}

/**
 * Validates the whole environment once and returns the typed configuration. Every problem is
 * collected and reported together in one ConfigValidationError.
 */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = new EnvParser(rawEnv);
  const nodeEnv = env.oneOf<NodeEnv>('NODE_ENV', 'development', [
    'development',
    'test',
    'production',
  ]);
  const isProduction = nodeEnv === 'production';
  const dataDir = resolve(env.string('DATA_DIR', './data'));
  const databaseUrl = env.optionalString('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    env.fail('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }

  const config: AppConfig = {
    http: {
      port: env.integer('PORT', 8000, 1, 65535),
      host: env.raw('HOST') === '' ? undefined : env.raw('HOST'),
      nodeEnv,
      isProduction,
      trustProxy: parseTrustProxy(env),
      corsOrigins: env.list('CORS_ORIGINS', isProduction ? [] : ['*']),
      bodyLimitBytes: env.integer('HTTP_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
      logLevel:
        env.raw('LOG_LEVEL') === undefined
          ? undefined
          : env.oneOf<LogLevel>('LOG_LEVEL', 'info', LOG_LEVELS),
    },
    database: {
      url: databaseUrl,
      dataDir,
      migrateOnStart: env.boolean('MIGRATE_ON_START', true),
    },
    auth: {
      jwtSecret: resolveSecret(env, 'JWT_SECRET', isProduction, dataDir),
      accessTokenTtl: env.integer('ACCESS_TOKEN_TTL', 300, 10, 86400),
      refreshTokenTtl: env.integer('REFRESH_TOKEN_TTL', 86400, 60, 30 * 86400),
      refreshReuseGrace: env.integer('REFRESH_REUSE_GRACE', 10, 0, 300),
      sessionMaxAge: env.integer('SESSION_MAX_AGE', 12 * 3600, 1, 90 * 86400),
      localAdminPassword: env.optionalString('LOCAL_ADMIN_PASSWORD'),
      settingsEncryptionKey: resolveSecret(env, 'SETTINGS_ENCRYPTION_KEY', isProduction, dataDir),
      loginThrottle: {
        windowSeconds: env.integer('LOGIN_THROTTLE_WINDOW', 900, 1, 86400),
        maxFailuresPerUsername: env.integer('LOGIN_THROTTLE_MAX_PER_USERNAME', 10, 1, 10000),
        maxFailuresPerAddress: env.integer('LOGIN_THROTTLE_MAX_PER_ADDRESS', 50, 1, 100000),
      },
    },
    directory: loadDirectoryConfig(env),
    ldap: {
      poolSize: env.integer('LDAP_POOL_SIZE', 4, 1, 64),
      poolWait: env.integer('LDAP_POOL_WAIT', 60, 1, 600),
      pageSize: env.integer('LDAP_PAGE_SIZE', 500, 1, 1000),
      rangeStep: env.integer('LDAP_RANGE_STEP', 1500, 1, 100000),
    },
    audit: {
      max: env.integer('LDAP_LOG_MAX', 100, 1, 10000),
      read: env.boolean('LDAP_LOG_READ', false),
      create: env.boolean('LDAP_LOG_CREATE', true),
      update: env.boolean('LDAP_LOG_UPDATE', true),
      delete: env.boolean('LDAP_LOG_DELETE', true),
      login: env.boolean('LDAP_LOG_LOGIN', false),
      logout: env.boolean('LDAP_LOG_LOGOUT', false),
      openConnection: env.boolean('LDAP_LOG_OPEN_CONNECTION', false),
      closeConnection: env.boolean('LDAP_LOG_CLOSE_CONNECTION', false),
    },
  };

  if (config.directory.caFile !== undefined && !existsSync(config.directory.caFile)) {
    env.fail('LDAP_TLS_CA_FILE', `file "${config.directory.caFile}" does not exist`);
  }

  if (env.errors.length > 0) {
    throw new ConfigValidationError(env.errors);
  }

  return config;
}
