import type { SecureVersion } from 'node:tls';

export type NodeEnv = 'development' | 'test' | 'production';

export interface HttpConfig {
  port: number;
  /** Address to listen on; undefined means every interface (IPv6 and IPv4). */
  host?: string;
  nodeEnv: NodeEnv;
  isProduction: boolean;
  /** Express `trust proxy` value: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  /** Allowed CORS origins; `*` allows any origin (the API uses no cookies). */
  corsOrigins: string[];
  /** Largest accepted JSON body, in bytes. */
  bodyLimitBytes: number;
  /** pino level; undefined means info in production, debug in development, warn in tests. */
  logLevel?: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DatabaseConfig {
  /** PostgreSQL connection URL; undefined means embedded PGlite under `dataDir`. */
  url?: string;
  dataDir: string;
  migrateOnStart: boolean;
}

export interface AuthConfig {
  jwtSecret: string;
  /** Seconds. */
  accessTokenTtl: number;
  /** Seconds. */
  refreshTokenTtl: number;
  /** Seconds during which a just-rotated refresh token is accepted again. */
  refreshReuseGrace: number;
  /** Seconds after login when a session ends however often it is refreshed. */
  sessionMaxAge: number;
  localAdminPassword?: string;
  settingsEncryptionKey: string;
  loginThrottle: {
    windowSeconds: number;
    maxFailuresPerUsername: number;
    maxFailuresPerAddress: number;
  };
}

export const TLS_VERSION_NAMES = [
  'PROTOCOL_TLSv1',
  'PROTOCOL_TLSv1_1',
  'PROTOCOL_TLSv1_2',
  'PROTOCOL_TLSv1_3',
] as const;
export type TlsVersionName = (typeof TLS_VERSION_NAMES)[number];

export const NODE_TLS_VERSION: Record<TlsVersionName, SecureVersion> = {
  PROTOCOL_TLSv1: 'TLSv1',
  PROTOCOL_TLSv1_1: 'TLSv1.1',
  PROTOCOL_TLSv1_2: 'TLSv1.2',
  PROTOCOL_TLSv1_3: 'TLSv1.3',
};

/** Maps API field names to the LDAP attributes read at login (settings key LDAP_AUTH_USER_FIELDS). */
export interface UserFieldMap {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  dn: string;
}

/** How to reach and read the directory. Settings saved through the API override these defaults. */
export interface DirectoryConfig {
  urls: string[];
  domain: string;
  realm: string;
  searchBase: string;
  bindDn: string;
  bindPassword: string | null;
  useSsl: boolean;
  useStartTls: boolean;
  tlsVersion: TlsVersionName;
  /** PEM bundle trusted for LDAPS and StartTLS, in addition to nothing else when set. */
  caFile?: string;
  tlsVerify: boolean;
  /** Seconds. */
  connectTimeout: number;
  /** Seconds. */
  receiveTimeout: number;
  userObjectClass: string;
  excludeComputerAccounts: boolean;
  /** DN of the group whose transitive members are admins; undefined means the domain's Domain Admins. */
  adminGroupDn?: string;
  userFields: UserFieldMap;
  /** Object classes shown as containers in the directory tree, mapped to the attribute matched (LDAP_DIRTREE_OU_FILTER). */
  dirtreeOuFilter: Record<string, string>;
  /** Object classes shown as leaves in the directory tree, mapped to the attribute matched (LDAP_DIRTREE_CN_FILTER). */
  dirtreeCnFilter: Record<string, string>;
  dnsLegacy: boolean;
}

/** Pool and protocol tuning that is not part of the runtime settings. */
export interface LdapTuningConfig {
  poolSize: number;
  /** Seconds a request may wait for a pooled connection while all of them are busy. */
  poolWait: number;
  /** Entries per page of the paged-results control; AD returns at most 1,000 per page. */
  pageSize: number;
  /** Values per ranged read of a multi-valued attribute; AD's default MaxValRange is 1,500. */
  rangeStep: number;
}

export interface AuditConfig {
  max: number;
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  login: boolean;
  logout: boolean;
  openConnection: boolean;
  closeConnection: boolean;
}

export interface AppConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  directory: DirectoryConfig;
  ldap: LdapTuningConfig;
  audit: AuditConfig;
}

/** Injection token of the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
