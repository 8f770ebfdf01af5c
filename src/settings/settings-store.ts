import { createHash } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { SettingsCipher } from './settings-cipher';
import { Setting } from './setting.entity';
import {
  isSettingKey,
  parseSettingValue,
  PASSWORD_KEY,
  SettingKey,
  SettingValueError,
  SettingValues,
} from './setting-values';

/** The PostgreSQL channel on which a replica announces that it changed the settings. */
export const SETTINGS_CHANNEL = 'interlock_settings';

/**
 * Key of the transaction-level advisory lock that serialises saves and resets across replicas,
 * so each one computes its audit diff from the rows the previous one committed.
 */
export const SETTINGS_LOCK_KEY = createHash('sha256')
  .update('interlock:settings')
  .digest()
  .readBigInt64BE(0)
  .toString();

/** Compares two JSON values, ignoring the order of object keys. */
export function sameValue(left: unknown, right: unknown): boolean {
  return stableJson(left) === stableJson(right);
}

function compareKeys(left: string, right: string): number {
  if (left === right) {
    return 0;
  }

  return left < right ? -1 : 1;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }

  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => compareKeys(left, right));

    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

/**
 * Reads and writes the `setting` rows. Values are stored as JSON, the service-account password
 * as an AES-256-GCM ciphertext string.
 */
export class SettingsStore {
  private readonly logger = new Logger(SettingsStore.name);

  constructor(private readonly cipher: SettingsCipher) {}

  /**
   * Reads every stored value. A row that no longer validates, belongs to an unknown key or cannot
   * be decrypted is logged and skipped, so its default applies instead of failing every request.
   */
  async read(manager: EntityManager): Promise<Partial<SettingValues>> {
    const rows = await manager.find(Setting);
    const values: Record<string, unknown> = {};
    for (const row of rows) {
      if (!isSettingKey(row.key)) {
        this.logger.warn(
          `Ignoring the stored setting ${row.key}, which this version does not know`,
        );
        continue;
      }

      try {
        values[row.key] = this.decode(row.key, row.value);
      } catch (error) {
        this.logger.error(
          `Ignoring the stored value of ${row.key}, so its default applies: ${(error as Error).message}`,
        );
      }
    }

    return values;
  }

  /** Inserts or replaces the rows of the given keys, recording who wrote them. */
  async write(
    manager: EntityManager,
    values: Partial<SettingValues>,
    updatedBy: string,
  ): Promise<void> {
    const rows = (Object.keys(values) as SettingKey[]).map((key) =>
      manager.create(Setting, { key, value: this.encode(key, values[key]), updatedBy }),
    );
    if (rows.length > 0) {
      await manager.save(Setting, rows);
    }
  }

  async clear(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(Setting).execute();
  }

  private encode(key: SettingKey, value: unknown): unknown {
    if (key === PASSWORD_KEY) {
      if (typeof value !== 'string') {
        throw new Error(`${PASSWORD_KEY} can only be stored as a string`);
      }

      return this.cipher.encrypt(value, key);
    }

    return value;
  }

  private decode(key: SettingKey, stored: unknown): unknown {
    if (key === PASSWORD_KEY) {
      if (typeof stored !== 'string') {
        throw new SettingValueError(key, 'is not stored as a ciphertext string');
      }

      return this.cipher.decrypt(stored, key);
    }

    return parseSettingValue(key, stored);
  }
}
