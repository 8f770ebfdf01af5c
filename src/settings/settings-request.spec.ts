import { DomainError, ErrorCode } from '../common/errors';
import { parseSettingsRequest } from './settings-request';
import {
  checkSettingCombination,
  connectionUsername,
  parseLdapUrl,
  parseSettingValue,
  SettingValueError,
  SettingValues,
} from './setting-values';

function rejection(body: Record<string, unknown>): DomainError {
  try {
    parseSettingsRequest(body);
  } catch (error) {
    return error as DomainError;
  }

  throw new Error('expected a rejection');
}

describe('parseLdapUrl', () => {
  it.each([
    ['ldaps://dc1.example.com', 'ldaps://dc1.example.com'],
    ['LDAP://DC1.Example.com:389/', 'ldap://dc1.example.com:389'],
    ['ldaps://10.0.0.1:636', 'ldaps://10.0.0.1:636'],
    ['ldaps://[2001:db8::1]:636', 'ldaps://[2001:db8::1]:636'],
    ['ldap://[::1]', 'ldap://[::1]'],
    [' ldaps://dc1 ', 'ldaps://dc1'],
  ])('accepts %j', (url, expected) => {
    expect(parseLdapUrl(url)).toBe(expected);
  });

  it.each([
    'http://dc1',
    'ldaps://',
    'ldaps://dc1:0',
    'ldaps://dc1:65536',
    'ldaps://dc1:abc',
    'ldaps://[not-ipv6]:636',
    'ldaps://2001:db8::1',
    'ldaps://dc1/dc=example',
    'ldaps://user@dc1',
    'ldaps://-bad-.example',
    7,
  ])('rejects %j', (url) => {
    expect(() => parseLdapUrl(url)).toThrow();
  });
});

describe('parseSettingValue', () => {
  it.each<[keyof SettingValues, unknown, unknown]>([
    ['LDAP_AUTH_CONNECT_TIMEOUT', '15', 15],
    ['LDAP_LOG_MAX', 1, 1],
    ['LDAP_DOMAIN', ' Example.COM ', 'example.com'],
    ['LDAP_AUTH_SEARCH_BASE', 'DC=example,DC=com', 'DC=example,DC=com'],
    ['ADMIN_GROUP_TO_SEARCH', null, ''],
    ['LDAP_AUTH_TLS_VERSION', 'PROTOCOL_TLSv1_3', 'PROTOCOL_TLSv1_3'],
    ['LDAP_DIRTREE_OU_FILTER', {}, {}],
  ])('normalises %s = %j', (key, value, expected) => {
    expect(parseSettingValue(key, value)).toEqual(expected);
  });

  it.each<[keyof SettingValues, unknown]>([
    ['LDAP_AUTH_CONNECT_TIMEOUT', 301],
    ['LDAP_AUTH_CONNECT_TIMEOUT', '1e3'],
    ['LDAP_LOG_MAX', true],
    ['LDAP_LOG_READ', 'false'],
    ['LDAP_AUTH_SEARCH_BASE', 'DC=example,,DC=com'],
    ['LDAP_AUTH_CONNECTION_USER_DN', 'CN=a\u0000b,DC=x'],
    ['LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN', 'TOO-LONG-NETBIOS-NAME'],
    ['LDAP_AUTH_OBJECT_CLASS', 'person)(x=*'],
    ['LDAP_AUTH_USER_FIELDS', null],
    [
      'LDAP_AUTH_USER_FIELDS',
      { username: 'a', first_name: 'b', last_name: 'c', email: 'd', dn: 'e', extra: 'f' },
    ],
    [
      'LDAP_AUTH_USER_FIELDS',
      { username: 'a', first_name: 'b', last_name: 'c', email: 'd', dn: 1 },
    ],
    ['LDAP_DIRTREE_CN_FILTER', { 'bad class': 'objectClass' }],
    ['LDAP_AUTH_CONNECTION_PASSWORD', 'x'.repeat(513)],
  ])('rejects %s = %j naming the key', (key, value) => {
    expect(() => parseSettingValue(key, value)).toThrow(SettingValueError);
    expect(() => parseSettingValue(key, value)).toThrow(new RegExp(`^${key} `));
  });
});

describe('parseSettingsRequest', () => {
  it('collects values, passwords and local admin changes', () => {
    const request = parseSettingsRequest({
      LDAP_LOG_MAX: { type: 'integer', value: 20 },
      LDAP_AUTH_CONNECTION_PASSWORD: { type: 'password', value: 'secret' },
      DEFAULT_ADMIN_ENABLED: false,
      DEFAULT_ADMIN_PWD: 'a-long-local-password',
      DEFAULT_ADMIN: true,
      LDAP_AUTH_CONNECTION_USERNAME: { type: 'string', value: 'ignored' },
    });

    expect(request).toEqual({
      values: { LDAP_LOG_MAX: 20 },
      password: 'secret',
      localAdminEnabled: false,
      localAdminPassword: 'a-long-local-password',
    });
  });

  it.each([null, '', undefined])('keeps the stored password for %j', (value) => {
    const request = parseSettingsRequest({
      LDAP_AUTH_CONNECTION_PASSWORD: { type: 'password', value, is_set: true },
      DEFAULT_ADMIN_PWD: '',
    });

    expect(request.password).toBeUndefined();
    expect(request.localAdminPassword).toBeUndefined();
  });

  it('names the first invalid key and lists every problem', () => {
    const error = rejection({ LDAP_LOG_MAX: { value: 0 }, NOPE: { value: 1 } });

    expect(error.code).toBe(ErrorCode.InvalidInput);
    expect(error.field).toBe('LDAP_LOG_MAX');
    expect(error.detail).toContain('LDAP_LOG_MAX must be an integer from 1 to 10000.');
    expect(error.detail).toContain('NOPE is not a setting.');
  });

  it('never puts a password into the message', () => {
    const error = rejection({
      LDAP_AUTH_CONNECTION_PASSWORD: { value: `secret-value${'x'.repeat(600)}` },
      DEFAULT_ADMIN_PWD: 'short-secret',
    });

    expect(error.detail).not.toContain('secret-value');
    expect(error.detail).not.toContain('short-secret');
  });

  it('rejects an entry without a value', () => {
    expect(rejection({ LDAP_LOG_MAX: { type: 'integer' } }).field).toBe('LDAP_LOG_MAX');
  });
});

describe('checkSettingCombination', () => {
  const base = {
    LDAP_AUTH_URL: ['ldap://dc1:389'],
    LDAP_AUTH_USE_SSL: false,
    LDAP_AUTH_USE_TLS: true,
  } as SettingValues;

  it('accepts StartTLS on a plain URL', () => {
    expect(() => checkSettingCombination(base)).not.toThrow();
  });

  it('rejects a plain URL without encryption', () => {
    expect(() => checkSettingCombination({ ...base, LDAP_AUTH_USE_TLS: false })).toThrow(
      /^LDAP_AUTH_URL /,
    );
  });

  it('rejects LDAPS on port 389', () => {
    expect(() => checkSettingCombination({ ...base, LDAP_AUTH_USE_SSL: true })).toThrow(
      /^LDAP_AUTH_USE_SSL /,
    );
  });
});

describe('connectionUsername', () => {
  it.each([
    ['CN=Administrator,CN=Users,DC=example,DC=com', 'administrator'],
    ['cn=Svc\\, LDAP,OU=Service,DC=example,DC=com', 'svc, ldap'],
    ['uid=reader+cn=x,DC=example', 'reader'],
  ])('derives the name from %j', (dn, expected) => {
    expect(connectionUsername(dn)).toBe(expected);
  });
});
