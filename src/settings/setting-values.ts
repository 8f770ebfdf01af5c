import { isIP } from 'node:net';

import {
  AppConfig,
  AuditConfig,
  DirectoryConfig,
  TLS_VERSION_NAMES,
  TlsVersionName,
  UserFieldMap,
} from '../config/app-config';
import { isValidDn } from '../ldap/syntax/dn';
import { isValidAttributeDescription } from '../ldap/syntax/filter-builder';

/** Type tags of the settings, as the web frontend reads them from `{type, value}`. */
export type SettingType =
  'ldap_uri' | 'string' | 'boolean' | 'integer' | 'object' | 'select' | 'password';

/** Every stored setting with the type of its value. */
export interface SettingValues {
  LDAP_AUTH_URL: string[];
  LDAP_DOMAIN: string;
  LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN: string;
  LDAP_AUTH_SEARCH_BASE: string;
  LDAP_AUTH_OBJECT_CLASS: string;
  EXCLUDE_COMPUTER_ACCOUNTS: boolean;
  LDAP_AUTH_USER_FIELDS: UserFieldMap;
  LDAP_DIRTREE_OU_FILTER: Record<string, string>;
  LDAP_DIRTREE_CN_FILTER: Record<string, string>;
  LDAP_DNS_LEGACY: boolean;
  LDAP_AUTH_USE_SSL: boolean;
  LDAP_AUTH_USE_TLS: boolean;
  LDAP_AUTH_TLS_VERSION: TlsVersionName;
  LDAP_AUTH_CONNECTION_USER_DN: string;
  /** Plain text in memory only; stored encrypted and never returned by the API. */
  LDAP_AUTH_CONNECTION_PASSWORD: string | null;
  LDAP_AUTH_CONNECT_TIMEOUT: number;
  LDAP_AUTH_RECEIVE_TIMEOUT: number;
  /** An empty string means the domain's Domain Admins group. */
  ADMIN_GROUP_TO_SEARCH: string;
  LDAP_LOG_MAX: number;
  LDAP_LOG_READ: boolean;
  LDAP_LOG_CREATE: boolean;
  LDAP_LOG_UPDATE: boolean;
  LDAP_LOG_DELETE: boolean;
  LDAP_LOG_OPEN_CONNECTION: boolean;
  LDAP_LOG_CLOSE_CONNECTION: boolean;
  LDAP_LOG_LOGIN: boolean;
  LDAP_LOG_LOGOUT: boolean;
}

export type SettingKey = keyof SettingValues;

export const PASSWORD_KEY = 'LDAP_AUTH_CONNECTION_PASSWORD' satisfies SettingKey;

/** The read-only key derived from the service-account DN. */
export const USERNAME_KEY = 'LDAP_AUTH_CONNECTION_USERNAME';

/** Most server URLs one save may list. */
export const MAX_SERVER_URLS = 32;
/** Most entries of an object setting. */
export const MAX_OBJECT_ENTRIES = 64;
const MAX_TEXT_LENGTH = 256;
const MAX_DN_LENGTH = 2048;
const MAX_PASSWORD_LENGTH = 512;

/** A value that is invalid for its key; the message completes a sentence that starts with the key. */
export class SettingValueError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`${key} ${reason}`);
    this.name = 'SettingValueError';
  }
}

type Parser<T> = (value: unknown) => T;

interface SettingDefinition<T> {
  type: SettingType;
  /** Returns the value normalised, or throws a plain Error whose message is the reason. */
  parse: Parser<T>;
  /** The default, taken from the environment through loadConfig. */
  fallback: (config: AppConfig) => T;
}

function reject(reason: string): never {
  throw new Error(reason);
}

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
      return true;
    }

    if (codePoint === 0x2028 || codePoint === 0x2029) {
      return true;
    }
  }

  return false;
}

function text(maxLength = MAX_TEXT_LENGTH): Parser<string> {
  return (value) => {
    if (typeof value !== 'string') {
      reject('must be a string');
    }

    const trimmed = value.trim();
    if (trimmed === '' || [...trimmed].length > maxLength) {
      reject(`must be 1 to ${maxLength} characters long`);
    }

    if (hasControlCharacter(trimmed) || !trimmed.isWellFormed()) {
      reject('must not contain control characters');
    }

    return trimmed;
  };
}

const dn: Parser<string> = (value) => {
  const parsed = text(MAX_DN_LENGTH)(value);
  if (!isValidDn(parsed)) {
    reject('must be a distinguished name such as CN=Name,OU=Unit,DC=example,DC=com');
  }

  return parsed;
};

/** An empty string (or null) selects the default group. */
const optionalDn: Parser<string> = (value) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? '' : dn(value);

const DNS_NAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const dnsName: Parser<string> = (value) => {
  const parsed = text()(value);
  if (!DNS_NAME.test(parsed)) {
    reject('must be a DNS domain name such as example.com');
  }

  return parsed.toLowerCase();
};

/** Validates a NetBIOS domain name: 1 to 15 characters without the characters Windows forbids there. */
const netbiosName: Parser<string> = (value) => {
  const parsed = text(15)(value);
  if (/[\\/:*?"<>|.\s]/.test(parsed)) {
    reject('must be a NetBIOS domain name: 1 to 15 characters without spaces, dots or \\/:*?"<>|');
  }

  return parsed;
};

const attributeName: Parser<string> = (value) => {
  const parsed = text(128)(value);
  if (!isValidAttributeDescription(parsed)) {
    reject('must be an LDAP attribute or object class name such as person');
  }

  return parsed;
};

const boolean: Parser<boolean> = (value) =>
  typeof value === 'boolean' ? value : reject('must be true or false');

/** Also accepts a string of decimal digits, which HTML number inputs produce. */
function integer(min: number, max: number): Parser<number> {
  return (value) => {
    const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
      reject(`must be an integer from ${min} to ${max}`);
    }

    return number;
  };
}

const LDAP_URL = /^(ldaps?):\/\/(\[[^\]]*\]|[^:/[\]]*)(?::(\d{1,5}))?\/?$/i;

/** Validates one `ldap://` or `ldaps://` URL: a host name, IPv4 address or bracketed IPv6 address, optional port. */
export function parseLdapUrl(value: unknown): string {
  if (typeof value !== 'string') {
    reject('must list URLs as strings');
  }

  const url = value.trim();
  const match = LDAP_URL.exec(url);
  if (match === null) {
    reject(
      `contains "${url.slice(0, 100)}", which is not an ldap://host[:port] or ldaps://host[:port] URL`,
    );
  }

  const [, scheme, host, port] = match;
  const bracketed = host.startsWith('[');
  const validHost = bracketed
    ? isIP(host.slice(1, -1)) === 6
    : isIP(host) === 4 || DNS_NAME.test(host);
  if (!validHost) {
    reject(
      `contains "${url}", whose host is not a DNS name, an IPv4 address or an IPv6 address in brackets`,
    );
  }

  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    reject(`contains "${url}", whose port is not from 1 to 65535`);
  }

  return `${scheme.toLowerCase()}://${host.toLowerCase()}${port === undefined ? '' : `:${Number(port)}`}`;
}

const ldapUrls: Parser<string[]> = (value) => {
  if (!Array.isArray(value)) {
    reject('must be a list of ldap:// or ldaps:// URLs');
  }

  if (value.length === 0 || value.length > MAX_SERVER_URLS) {
    reject(`must list 1 to ${MAX_SERVER_URLS} URLs`);
  }

  const urls = value.map(parseLdapUrl);
  if (new Set(urls).size !== urls.length) {
    reject('lists the same URL twice');
  }

  return urls;
};

const tlsVersion: Parser<TlsVersionName> = (value) =>
  (TLS_VERSION_NAMES as readonly unknown[]).includes(value)
    ? (value as TlsVersionName)
    : reject(`must be one of ${TLS_VERSION_NAMES.join(', ')}`);

/** Only null, or the empty string, which both mean "keep the stored password", are handled by the caller. */
const password: Parser<string | null> = (value) => {
  if (typeof value !== 'string') {
    reject('must be a string');
  }

  if ([...value].length > MAX_PASSWORD_LENGTH || value.includes('\0')) {
    reject(`must be at most ${MAX_PASSWORD_LENGTH} characters long, without NUL`);
  }

  return value;
};

function plainObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('must be a JSON object');
  }

  const entries = Object.keys(value);
  if (entries.length > MAX_OBJECT_ENTRIES) {
    reject(`must have at most ${MAX_OBJECT_ENTRIES} entries`);
  }

  return value as Record<string, unknown>;
}

const USER_FIELD_KEYS: readonly (keyof UserFieldMap)[] = [
  'username',
  'first_name',
  'last_name',
  'email',
  'dn',
];

const userFields: Parser<UserFieldMap> = (value) => {
  const object = plainObject(value);
  const keys = Object.keys(object);
  const unknown = keys.filter((key) => !(USER_FIELD_KEYS as readonly string[]).includes(key));
  const missing = USER_FIELD_KEYS.filter((key) => !keys.includes(key));
  if (unknown.length > 0 || missing.length > 0) {
    reject(`must map exactly ${USER_FIELD_KEYS.join(', ')} to attribute names`);
  }

  const fields = {} as UserFieldMap;
  for (const key of USER_FIELD_KEYS) {
    fields[key] = withEntry(key, () => attributeName(object[key]));
  }

  return fields;
};

/** Directory tree filters map an object class to the attribute it is matched against. */
const FILTER_ATTRIBUTES = ['objectClass', 'objectCategory'];

const dirtreeFilter: Parser<Record<string, string>> = (value) => {
  const object = plainObject(value);
  const filter: Record<string, string> = {};
  for (const [objectClass, attribute] of Object.entries(object)) {
    withEntry(objectClass, () => attributeName(objectClass));
    if (typeof attribute !== 'string' || !FILTER_ATTRIBUTES.includes(attribute)) {
      reject(`maps "${objectClass}" to something other than ${FILTER_ATTRIBUTES.join(' or ')}`);
    }

    filter[objectClass] = attribute;
  }

  return filter;
};

/** Prefixes the reason of a failing entry check with the entry's name. */
function withEntry<T>(entry: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    return reject(`has "${entry.slice(0, 100)}", which ${(error as Error).message}`);
  }
}

type Definitions = { [K in SettingKey]: SettingDefinition<SettingValues[K]> };

/** Every setting: its type tag, its validation and its default from the environment. */
export const SETTINGS: Definitions = {
  LDAP_AUTH_URL: { type: 'ldap_uri', parse: ldapUrls, fallback: (c) => c.directory.urls },
  LDAP_DOMAIN: { type: 'string', parse: dnsName, fallback: (c) => c.directory.domain },
  LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN: {
    type: 'string',
    parse: netbiosName,
    fallback: (c) => c.directory.realm,
  },
  LDAP_AUTH_SEARCH_BASE: { type: 'string', parse: dn, fallback: (c) => c.directory.searchBase },
  LDAP_AUTH_OBJECT_CLASS: {
    type: 'string',
    parse: attributeName,
    fallback: (c) => c.directory.userObjectClass,
  },
  EXCLUDE_COMPUTER_ACCOUNTS: {
    type: 'boolean',
    parse: boolean,
    fallback: (c) => c.directory.excludeComputerAccounts,
  },
  LDAP_AUTH_USER_FIELDS: {
    type: 'object',
    parse: userFields,
    fallback: (c) => c.directory.userFields,
  },
  LDAP_DIRTREE_OU_FILTER: {
    type: 'object',
    parse: dirtreeFilter,
    fallback: (c) => c.directory.dirtreeOuFilter,
  },
  LDAP_DIRTREE_CN_FILTER: {
    type: 'object',
    parse: dirtreeFilter,
    fallback: (c) => c.directory.dirtreeCnFilter,
  },
  LDAP_DNS_LEGACY: { type: 'boolean', parse: boolean, fallback: (c) => c.directory.dnsLegacy },
  LDAP_AUTH_USE_SSL: { type: 'boolean', parse: boolean, fallback: (c) => c.directory.useSsl },
  LDAP_AUTH_USE_TLS: { type: 'boolean', parse: boolean, fallback: (c) => c.directory.useStartTls },
  LDAP_AUTH_TLS_VERSION: {
    type: 'select',
    parse: tlsVersion,
    fallback: (c) => c.directory.tlsVersion,
  },
  LDAP_AUTH_CONNECTION_USER_DN: { type: 'string', parse: dn, fallback: (c) => c.directory.bindDn },
  LDAP_AUTH_CONNECTION_PASSWORD: {
    type: 'password',
    parse: password,
    fallback: (c) => c.directory.bindPassword,
  },
  LDAP_AUTH_CONNECT_TIMEOUT: {
    type: 'integer',
    parse: integer(1, 300),
    fallback: (c) => c.directory.connectTimeout,
  },
  LDAP_AUTH_RECEIVE_TIMEOUT: {
    type: 'integer',
    parse: integer(1, 300),
    fallback: (c) => c.directory.receiveTimeout,
  },
  ADMIN_GROUP_TO_SEARCH: {
    type: 'string',
    parse: optionalDn,
    fallback: (c) => c.directory.adminGroupDn ?? '',
  },
  LDAP_LOG_MAX: { type: 'integer', parse: integer(1, 10000), fallback: (c) => c.audit.max },
  LDAP_LOG_READ: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.read },
  LDAP_LOG_CREATE: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.create },
  LDAP_LOG_UPDATE: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.update },
  LDAP_LOG_DELETE: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.delete },
  LDAP_LOG_OPEN_CONNECTION: {
    type: 'boolean',
    parse: boolean,
    fallback: (c) => c.audit.openConnection,
  },
  LDAP_LOG_CLOSE_CONNECTION: {
    type: 'boolean',
    parse: boolean,
    fallback: (c) => c.audit.closeConnection,
  },
  LDAP_LOG_LOGIN: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.login },
  LDAP_LOG_LOGOUT: { type: 'boolean', parse: boolean, fallback: (c) => c.audit.logout },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

/** Keys whose change reconnects the pool, so a save that changes one can lock admins out. */
export const CONNECTION_KEYS: readonly SettingKey[] = [
  'LDAP_AUTH_URL',
  'LDAP_AUTH_USE_SSL',
  'LDAP_AUTH_USE_TLS',
  'LDAP_AUTH_TLS_VERSION',
  'LDAP_AUTH_CONNECTION_USER_DN',
  'LDAP_AUTH_CONNECTION_PASSWORD',
  'LDAP_AUTH_CONNECT_TIMEOUT',
  'LDAP_AUTH_RECEIVE_TIMEOUT',
];

/**
 * Keys that decide whether a directory user can log in and is an admin: the connection, which
 * entries login finds and how it reads them, and the admin group.
 */
export const LOGIN_KEYS: readonly SettingKey[] = [
  ...CONNECTION_KEYS,
  'LDAP_AUTH_SEARCH_BASE',
  'LDAP_AUTH_OBJECT_CLASS',
  'EXCLUDE_COMPUTER_ACCOUNTS',
  'LDAP_AUTH_USER_FIELDS',
  'ADMIN_GROUP_TO_SEARCH',
];

/** Keys naming directory entries that must exist when a save changes them. */
export const REFERENCE_KEYS: readonly SettingKey[] = [
  'LDAP_AUTH_SEARCH_BASE',
  'ADMIN_GROUP_TO_SEARCH',
];

/**
 * Validates one value for its key and returns it normalised (trimmed strings, lower-case URL
 * schemes and hosts, digit strings as integers).
 *
 * @throws SettingValueError naming the key and the reason.
 */
export function parseSettingValue<K extends SettingKey>(key: K, value: unknown): SettingValues[K] {
  try {
    return SETTINGS[key].parse(value);
  } catch (error) {
    throw new SettingValueError(key, (error as Error).message);
  }
}

/** Returns the values that apply when nothing is stored: the environment's, or the built-in defaults. */
export function defaultSettingValues(config: AppConfig): SettingValues {
  const values = {} as Record<SettingKey, unknown>;
  for (const key of SETTING_KEYS) {
    values[key] = SETTINGS[key].fallback(config);
  }

  return values as SettingValues;
}

/**
 * Checks the settings that only make sense together: a plain `ldap://` URL needs StartTLS or
 * LDAPS, and LDAPS on port 389 fails against AD.
 *
 * @throws SettingValueError naming the key to change.
 */
export function checkSettingCombination(values: SettingValues): void {
  for (const url of values.LDAP_AUTH_URL) {
    const match = LDAP_URL.exec(url);
    if (match === null || match[1].toLowerCase() === 'ldaps') {
      continue;
    }

    if (!values.LDAP_AUTH_USE_SSL && !values.LDAP_AUTH_USE_TLS) {
      throw new SettingValueError(
        'LDAP_AUTH_URL',
        `contains ${url}, which is not encrypted: use ldaps://, or turn on LDAP_AUTH_USE_TLS for StartTLS`,
      );
    }

    if (values.LDAP_AUTH_USE_SSL && match[3] === '389') {
      throw new SettingValueError(
        'LDAP_AUTH_USE_SSL',
        `is on while ${url} names port 389, where AD serves no LDAPS: use ldaps://host:636, or StartTLS (LDAP_AUTH_USE_TLS) with LDAP_AUTH_USE_SSL off`,
      );
    }
  }
}

/** Derives the service account's short name from the first RDN of its DN, lower-cased. */
export function connectionUsername(bindDn: string): string {
  const match = /^\s*[A-Za-z0-9.-]+\s*=\s*((?:\\.|[^,+\\])*)/.exec(bindDn);

  return (match?.[1] ?? '').replace(/\\(.)/g, '$1').trim().toLowerCase();
}

/** Builds the directory connection settings from the values in force. */
export function directoryConfigOf(values: SettingValues, base: DirectoryConfig): DirectoryConfig {
  return {
    ...base,
    urls: values.LDAP_AUTH_URL,
    domain: values.LDAP_DOMAIN,
    realm: values.LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN,
    searchBase: values.LDAP_AUTH_SEARCH_BASE,
    bindDn: values.LDAP_AUTH_CONNECTION_USER_DN,
    bindPassword: values.LDAP_AUTH_CONNECTION_PASSWORD,
    useSsl: values.LDAP_AUTH_USE_SSL,
    useStartTls: values.LDAP_AUTH_USE_TLS,
    tlsVersion: values.LDAP_AUTH_TLS_VERSION,
    connectTimeout: values.LDAP_AUTH_CONNECT_TIMEOUT,
    receiveTimeout: values.LDAP_AUTH_RECEIVE_TIMEOUT,
    userObjectClass: values.LDAP_AUTH_OBJECT_CLASS,
    excludeComputerAccounts: values.EXCLUDE_COMPUTER_ACCOUNTS,
    adminGroupDn: values.ADMIN_GROUP_TO_SEARCH === '' ? undefined : values.ADMIN_GROUP_TO_SEARCH,
    userFields: values.LDAP_AUTH_USER_FIELDS,
    dirtreeOuFilter: values.LDAP_DIRTREE_OU_FILTER,
    dirtreeCnFilter: values.LDAP_DIRTREE_CN_FILTER,
    dnsLegacy: values.LDAP_DNS_LEGACY,
  };
}

/** Builds the audit switches from the values in force. */
export function auditConfigOf(values: SettingValues): AuditConfig {
  return {
    max: values.LDAP_LOG_MAX,
    read: values.LDAP_LOG_READ,
    create: values.LDAP_LOG_CREATE,
    update: values.LDAP_LOG_UPDATE,
    delete: values.LDAP_LOG_DELETE,
    login: values.LDAP_LOG_LOGIN,
    logout: values.LDAP_LOG_LOGOUT,
    openConnection: values.LDAP_LOG_OPEN_CONNECTION,
    closeConnection: values.LDAP_LOG_CLOSE_CONNECTION,
  };
}
