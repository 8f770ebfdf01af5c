import { DirectoryConfig } from '../config/app-config';
import { loadConfig } from '../config/load-config';
import { resolveEndpoint, tlsOptionsFor } from './ldap-connection';

function settings(overrides: Partial<DirectoryConfig> = {}): DirectoryConfig {
  const base = loadConfig({ JWT_SECRET: 'j'.repeat(32), SETTINGS_ENCRYPTION_KEY: 's'.repeat(32) });

  return { ...base.directory, ...overrides };
}

describe(resolveEndpoint.name, () => {
  it('uses port 636 for ldaps:// without a port', () => {
    expect(resolveEndpoint('ldaps://dc.example.lan', settings())).toEqual({
      url: 'ldaps://dc.example.lan:636',
      host: 'dc.example.lan',
      startTls: false,
    });
  });

  it('upgrades ldap:// with StartTLS when asked', () => {
    expect(resolveEndpoint('ldap://dc.example.lan', settings({ useStartTls: true }))).toEqual({
      url: 'ldap://dc.example.lan:389',
      host: 'dc.example.lan',
      startTls: true,
    });
  });

  it('keeps IPv6 literals', () => {
    expect(resolveEndpoint('ldaps://[::1]:3269', settings()).host).toBe('::1');
  });

  it('refuses ldap:// without TLS', () => {
    expect(() => resolveEndpoint('ldap://dc.example.lan', settings())).toThrow(/not encrypted/);
  });

  it('refuses a URL that is not LDAP', () => {
    expect(() => resolveEndpoint('http://dc.example.lan', settings())).toThrow(
      /not a valid LDAP URL/,
    );
  });
});

describe(tlsOptionsFor.name, () => {
  it('sends SNI for host names only', () => {
    const named = tlsOptionsFor(resolveEndpoint('ldaps://dc.example.lan', settings()), settings());
    const numeric = tlsOptionsFor(resolveEndpoint('ldaps://127.0.0.1', settings()), settings());

    expect(named.servername).toBe('dc.example.lan');
    expect(numeric.servername).toBeUndefined();
  });

  it('verifies certificates unless turned off', () => {
    const endpoint = resolveEndpoint('ldaps://dc.example.lan', settings());

    expect(tlsOptionsFor(endpoint, settings()).rejectUnauthorized).toBe(true);
    expect(tlsOptionsFor(endpoint, settings({ tlsVerify: false })).rejectUnauthorized).toBe(false);
  });
});
