import { DomainError, ErrorCode } from '../common/errors';
import {
  isSettingKey,
  parseSettingValue,
  PASSWORD_KEY,
  SETTINGS,
  SettingKey,
  SettingValueError,
  SettingValues,
  USERNAME_KEY,
} from './setting-values';

export const LOCAL_ADMIN_ENABLED_KEY = 'DEFAULT_ADMIN_ENABLED';
export const LOCAL_ADMIN_PASSWORD_KEY = 'DEFAULT_ADMIN_PWD';
/** Returned by GET with the same meaning as DEFAULT_ADMIN_ENABLED; ignored on input. */
export const LOCAL_ADMIN_EXISTS_KEY = 'DEFAULT_ADMIN';

export const MIN_LOCAL_ADMIN_PASSWORD_LENGTH = 12;
const MAX_LOCAL_ADMIN_PASSWORD_LENGTH = 512;

/** Keys that GET returns as read-only and a save ignores, because the frontend sends them back. */
const READ_ONLY_KEYS = new Set([USERNAME_KEY, LOCAL_ADMIN_EXISTS_KEY]);

/** Properties of a `{type, value}` entry; `is_set` comes back from the password's GET form. */
const ENTRY_PROPERTIES = new Set(['type', 'value', 'is_set']);

/** A validated save or test request. */
export interface SettingsRequest {
  /** New values of the keys sent, the password excluded. */
  values: Partial<SettingValues>;
  /** A new service-account password; undefined keeps the stored one. */
  password?: string;
  /** DEFAULT_ADMIN_ENABLED, when sent. */
  localAdminEnabled?: boolean;
  /** DEFAULT_ADMIN_PWD, when sent and not empty. */
  localAdminPassword?: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unwraps `{value: …}` so the frontend's entry form and a bare value are both accepted. */
function unwrap(entry: unknown): unknown {
  return isPlainObject(entry) && Object.hasOwn(entry, 'value') ? entry.value : entry;
}

function parseLocalAdminPassword(entry: unknown): string | undefined {
  const value = unwrap(entry);
  if (value === null || value === undefined || value === '') {
    return undefined;
  }

  if (typeof value !== 'string') {
    throw new SettingValueError(LOCAL_ADMIN_PASSWORD_KEY, 'must be a string');
  }

  const length = [...value].length;
  if (
    length < MIN_LOCAL_ADMIN_PASSWORD_LENGTH ||
    length > MAX_LOCAL_ADMIN_PASSWORD_LENGTH ||
    value.includes('\0')
  ) {
    throw new SettingValueError(
      LOCAL_ADMIN_PASSWORD_KEY,
      `must be ${MIN_LOCAL_ADMIN_PASSWORD_LENGTH} to ${MAX_LOCAL_ADMIN_PASSWORD_LENGTH} characters long, without NUL`,
    );
  }

  return value;
}

function parseEntry(key: SettingKey, entry: unknown, request: SettingsRequest): void {
  if (!isPlainObject(entry)) {
    throw new SettingValueError(key, 'must be an object of the form {"value": …}');
  }

  const extra = Object.keys(entry).filter((property) => !ENTRY_PROPERTIES.has(property));
  if (extra.length > 0) {
    throw new SettingValueError(key, `has unknown properties: ${extra.join(', ')}`);
  }

  if (entry.type !== undefined && entry.type !== SETTINGS[key].type) {
    throw new SettingValueError(
      key,
      `has type ${JSON.stringify(entry.type)}, expected "${SETTINGS[key].type}"`,
    );
  }

  if (key === PASSWORD_KEY) {
    // GET returns the password as null; sending that (or nothing, or "") back keeps it.
    if (entry.value !== undefined && entry.value !== null && entry.value !== '') {
      request.password = parseSettingValue(PASSWORD_KEY, entry.value) ?? undefined;
    }

    return;
  }

  if (!Object.hasOwn(entry, 'value')) {
    throw new SettingValueError(key, 'has no value');
  }

  (request.values as Record<string, unknown>)[key] = parseSettingValue(key, entry.value);
}

/**
 * Validates the body of a settings save or test: `{KEY: {value, type?}, …, DEFAULT_ADMIN_ENABLED?,
 * DEFAULT_ADMIN_PWD?}`. Read-only keys are ignored; every other unknown key is invalid.
 *
 * @throws DomainError `invalid_input` naming the first invalid key in `field`, and every problem
 *   in `detail`. Messages never contain a password.
 */
export function parseSettingsRequest(body: Record<string, unknown>): SettingsRequest {
  const request: SettingsRequest = { values: {} };
  const problems: SettingValueError[] = [];
  for (const [key, entry] of Object.entries(body)) {
    try {
      if (READ_ONLY_KEYS.has(key)) {
        continue;
      }

      if (key === LOCAL_ADMIN_ENABLED_KEY) {
        const enabled = unwrap(entry);
        if (typeof enabled !== 'boolean') {
          throw new SettingValueError(key, 'must be true or false');
        }

        request.localAdminEnabled = enabled;
      } else if (key === LOCAL_ADMIN_PASSWORD_KEY) {
        request.localAdminPassword = parseLocalAdminPassword(entry);
      } else if (isSettingKey(key)) {
        parseEntry(key, entry, request);
      } else {
        throw new SettingValueError(key.slice(0, 100), 'is not a setting');
      }
    } catch (error) {
      if (!(error instanceof SettingValueError)) {
        throw error;
      }

      problems.push(error);
    }
  }

  if (problems.length > 0) {
    throw invalidSetting(problems);
  }

  return request;
}

/** Turns failed checks into one 400 whose `field` is the first key at fault. */
export function invalidSetting(problems: SettingValueError[]): DomainError {
  return new DomainError(
    ErrorCode.InvalidInput,
    `${problems.map((problem) => `${problem.message}.`).join(' ')} Nothing was saved.`,
    { field: problems[0].key },
  );
}
