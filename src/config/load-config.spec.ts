import { ConfigValidationError, loadConfig } from './load-config';

const SECRETS = { JWT_SECRET: 'j'.repeat(32), SETTINGS_ENCRYPTION_KEY: 's'.repeat(32) };

describe(loadConfig.name, () => {
  it('derives the search base from the domain', () => {
    const config = loadConfig({ ...SECRETS, LDAP_DOMAIN: 'corp.example.lan' });

    expect(config.directory.searchBase).toBe('DC=corp,DC=example,DC=lan');
    expect(config.directory.realm).toBe('CORP');
  });

  it('reports every invalid variable together', () => {
    const load = () =>
      loadConfig({
        ...SECRETS,
        PORT: 'eighty',
        LDAP_PAGE_SIZE: '5000',
        LDAP_AUTH_URL: 'http://dc.example.lan',
        LDAP_TLS_VERIFY: 'maybe',
      });

    expect(load).toThrow(ConfigValidationError);
    try {
      load();
    } catch (error) {
      const problems = (error as ConfigValidationError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('LDAP_PAGE_SIZE');
      expect(problems).toContain('LDAP_AUTH_URL');
      expect(problems).toContain('LDAP_TLS_VERIFY');
    }
  });

  it('requires the secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SETTINGS_ENCRYPTION_KEY/);
  });

  it('rejects a short secret', () => {
    expect(() => loadConfig({ ...SECRETS, JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  it('rejects an unencrypted directory URL', () => {
    expect(() => loadConfig({ ...SECRETS, LDAP_AUTH_URL: 'ldap://dc.example.lan' })).toThrow(
      /not encrypted/,
    );
  });

  it('rejects LDAPS on the plain LDAP port', () => {
    expect(() =>
      loadConfig({
        ...SECRETS,
        LDAP_AUTH_URL: 'ldap://dc.example.lan:389',
        LDAP_AUTH_USE_SSL: 'true',
      }),
    ).toThrow(/LDAP_AUTH_USE_SSL/);
  });

  it('accepts StartTLS on ldap://', () => {
    const config = loadConfig({
      ...SECRETS,
      LDAP_AUTH_URL: 'ldap://dc.example.lan:389',
      LDAP_AUTH_USE_TLS: 'true',
    });

    expect(config.directory.useStartTls).toBe(true);
  });

  it('rejects an admin group that is not a DN', () => {
    expect(() => loadConfig({ ...SECRETS, ADMIN_GROUP_TO_SEARCH: 'Domain Admins' })).toThrow(
      /ADMIN_GROUP_TO_SEARCH/,
    );
  });

  it('reads lists, booleans and JSON', () => {
    const config = loadConfig({
      ...SECRETS,
      LDAP_AUTH_URL: 'ldaps://dc1.example.lan, ldaps://dc2.example.lan:3269',
      LDAP_AUTH_USE_TLS: 'true',
      LDAP_AUTH_USER_FIELDS:
        '{"username":"uid","first_name":"givenName","last_name":"sn","email":"mail","dn":"dn"}',
    });

    expect(config.directory.urls).toEqual([
      'ldaps://dc1.example.lan',
      'ldaps://dc2.example.lan:3269',
    ]);
    expect(config.directory.useStartTls).toBe(true);
    expect(config.directory.userFields.username).toBe('uid');
  });
});
