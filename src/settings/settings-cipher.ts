import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
/** Fixed HKDF salt and info: the key depends only on SETTINGS_ENCRYPTION_KEY and this purpose. */
const HKDF_SALT = 'interlock settings';
const HKDF_INFO = 'aes-256-gcm key for stored settings, v1';

/** A stored secret that cannot be decrypted: another key, or a damaged value. */
export class SettingDecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SettingDecryptionError';
  }
}

/**
 * Encrypts settings secrets at rest with AES-256-GCM. The 256-bit key is derived from
 * SETTINGS_ENCRYPTION_KEY with HKDF-SHA-256; every value gets a random 96-bit IV, and the
 * setting's key name is authenticated as additional data, so a ciphertext copied to another
 * key does not decrypt. Values read `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class SettingsCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
  }

  encrypt(plaintext: string, settingKey: string): string {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(Buffer.from(settingKey, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);

    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** @throws SettingDecryptionError when the value is malformed or fails authentication. */
  decrypt(stored: string, settingKey: string): string {
    const parts = stored.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SettingDecryptionError(
        `The stored value of ${settingKey} is not in the v1 format.`,
      );
    }

    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
    if (iv.length !== IV_LENGTH || tag.length !== TAG_LENGTH) {
      throw new SettingDecryptionError(`The stored value of ${settingKey} is damaged.`);
    }

    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_LENGTH });
      decipher.setAAD(Buffer.from(settingKey, 'utf8'));
      decipher.setAuthTag(tag);

      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new SettingDecryptionError(
        `The stored value of ${settingKey} failed authentication: SETTINGS_ENCRYPTION_KEY differs from the one it was saved with, or the value was altered.`,
        { cause: error },
      );
    }
  }
}
