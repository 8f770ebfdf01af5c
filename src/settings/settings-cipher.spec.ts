import { SettingDecryptionError, SettingsCipher } from './settings-cipher';

const SECRET = 'a-settings-encryption-key-of-at-least-32-characters';

describe(SettingsCipher.name, () => {
  const cipher = new SettingsCipher(SECRET);

  it('round-trips a value', () => {
    const stored = cipher.encrypt('Pässwörd with spaces', 'LDAP_AUTH_CONNECTION_PASSWORD');

    expect(cipher.decrypt(stored, 'LDAP_AUTH_CONNECTION_PASSWORD')).toBe('Pässwörd with spaces');
  });

  it('uses a random IV for every value', () => {
    const first = cipher.encrypt('same', 'KEY');
    const second = cipher.encrypt('same', 'KEY');

    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
  });

  it('never stores the plain text', () => {
    expect(cipher.encrypt('visible-secret', 'KEY')).not.toContain('visible-secret');
  });

  it('rejects another encryption key', () => {
    const stored = new SettingsCipher(`${SECRET}-other`).encrypt('secret', 'KEY');

    expect(() => cipher.decrypt(stored, 'KEY')).toThrow(SettingDecryptionError);
  });

  it('rejects a value moved to another setting', () => {
    const stored = cipher.encrypt('secret', 'KEY');

    expect(() => cipher.decrypt(stored, 'OTHER_KEY')).toThrow(SettingDecryptionError);
  });

  it('rejects an altered ciphertext', () => {
    const [version, iv, tag, data] = cipher.encrypt('secret', 'KEY').split('.');
    const altered = Buffer.from(data, 'base64url');
    altered[0] ^= 1;

    expect(() =>
      cipher.decrypt([version, iv, tag, altered.toString('base64url')].join('.'), 'KEY'),
    ).toThrow(SettingDecryptionError);
  });

  it.each(['', 'plain text', 'v2.a.b.c', 'v1.AAAA.AAAA.AAAA'])('rejects malformed %j', (stored) => {
    expect(() => cipher.decrypt(stored, 'KEY')).toThrow(SettingDecryptionError);
  });
});
