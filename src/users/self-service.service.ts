import { Injectable, Logger } from '@nestjs/common';

import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { DomainError, ErrorCode, blameField } from '../common/errors';
import {
  decodeSecurityDescriptor,
  deniesExtendedRight,
  SID_EVERYONE,
  SID_SELF,
  USER_CHANGE_PASSWORD_RIGHT,
} from '../ldap/codecs/security-descriptor';
import { encodeUnicodePwd } from '../ldap/codecs/unicode-pwd';
import { LdapEntry } from '../ldap/ldap-entry';
import {
  AdSubCode,
  describeAdSubCode,
  LdapOperationError,
  LdapResultCode,
} from '../ldap/ldap-error';
import { LdapChange, LdapGateway } from '../ldap/ldap-gateway';
import { SdFlagsControl } from '../ldap/sd-flags-control';
import { dnEquals } from '../ldap/syntax/dn';
import { AuditService } from '../logs/audit.service';
import { countryFromName } from './country';
import { checkWebPage } from './dto/insert-user.dto';
import { SELF_READ_ONLY_KEYS, SELF_WRITABLE_ATTRIBUTES } from './dto/update-self.dto';
import { isEmptyValue, toUserDetails, USER_FETCH_ATTRIBUTES, UserDetails } from './user.mapper';
import { UsersService } from './users.service';

export type SelfDetails = UserDetails & { can_change_pwd: boolean };

/** Attributes changed by updateSelf, each with its new value, or null when cleared. */
export type SelfChanges = Record<string, string | null>;

export interface SelfPasswordChange {
  password: string;
  passwordConfirm: string;
  oldPassword?: string | null;
  username?: string;
  distinguishedName?: string;
}

/** Keys derived from `co`. A body may repeat them only with the stored or the derived value. */
const COUNTRY_DERIVED_KEYS = ['c', 'countryCode'] as const;
/** countryCode has integer syntax and AD gives every user 0 ("none"), so clearing writes 0. */
const NO_COUNTRY_CODE = '0';

/** Samba's wording after the 0000052D sub-code, e.g. `check_password_restrictions: the password is too short…`. */
const WRITABLE_BY_LOWER_NAME = new Map(
  Object.keys(SELF_WRITABLE_ATTRIBUTES).map((name) => [name.toLowerCase(), name]),
);
const READ_ONLY_LOWER_NAMES = new Set(SELF_READ_ONLY_KEYS.map((name) => name.toLowerCase()));

/**
 * End-user self-service on the caller's own entry: read it, edit it and change its password.
 * The entry is always the DN from the access token, never one from the request body. The local
 * administrator has no entry and is rejected.
 */
@Injectable()
export class SelfServiceService {
  private readonly logger = new Logger(SelfServiceService.name);

  constructor(
    private readonly users: UsersService,
    private readonly gateway: LdapGateway,
    private readonly audit: AuditService,
    private readonly tokens: TokenService,
  ) {}

  /** Reads the caller's entry in the shape of an admin fetch, plus `can_change_pwd`. */
  async fetch(principal: Principal): Promise<SelfDetails> {
    const entry = await this.readOwnEntry(principal, true);
    const groups = await this.users.groupsOf(entry);
    await this.audit.record({
      actor: principal.username,
      action: 'READ',
      objectClass: 'USER',
      affectedObject: principal.username,
    });

    return { ...toUserDetails(entry, groups), can_change_pwd: canChangePassword(entry) };
  }

  /**
   * Applies the allow-listed attributes of `body` to the caller's entry in one modify. The
   * service account writes it, because AD lets users write few of these on their own entry by
   * default, so the allow-list is what limits the change. Any other key must keep its stored
   * value. A key that would change anything is a 400, and then nothing is written.
   */
  async update(principal: Principal, body: Record<string, unknown>): Promise<SelfChanges> {
    const entry = await this.readOwnEntry(principal, false);
    const { changes, written } = planUpdate(body, entry);
    if (changes.length === 0) {
      return {};
    }

    const names = Object.keys(written);
    const pending = await this.audit.begin({
      actor: principal.username,
      action: 'UPDATE',
      objectClass: 'USER',
      affectedObject: principal.username,
      extraMessage: `END_USER_UPDATED: ${names.join(', ')}`,
    });
    try {
      await this.gateway.modify(entry.dn, changes);
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw error;
    }

    await this.audit.complete(pending, 'success');

    return written;
  }

  /**
   * Changes the caller's password bound as the caller, with AD's change form (delete the old
   * value, add the new one, in one modify), so the domain checks the old password, history,
   * length, complexity and minimum age. Every session of the user is revoked afterwards.
   */
  async changePassword(principal: Principal, request: SelfPasswordChange): Promise<void> {
    const dn = requireDirectoryUser(principal);
    if (request.username !== undefined && !sameUsername(request.username, principal.username)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        'username must be your own username: you can only change your own password.',
        { field: 'username' },
      );
    }

    if (request.distinguishedName !== undefined && !dnEquals(request.distinguishedName, dn)) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        'distinguishedName must be the DN of your own entry: you can only change your own password.',
        { field: 'distinguishedName' },
      );
    }

    const oldPassword = request.oldPassword;
    if (oldPassword === undefined || oldPassword === null || oldPassword === '') {
      throw new DomainError(
        ErrorCode.OldPasswordRequired,
        'Enter your current password in oldPassword: changing your own password requires it.',
        { field: 'oldPassword' },
      );
    }

    if (request.password !== request.passwordConfirm) {
      throw new DomainError(
        ErrorCode.PasswordsDoNotMatch,
        'password and passwordConfirm are not the same.',
        { field: 'passwordConfirm' },
      );
    }

    const entry = await this.readOwnEntry(principal, true);
    if (!canChangePassword(entry)) {
      throw new DomainError(
        ErrorCode.PermissionDenied,
        'Your account is not allowed to change its own password; ask an administrator.',
      );
    }

    const pending = await this.audit.begin({
      actor: principal.username,
      action: 'UPDATE',
      objectClass: 'USER',
      affectedObject: principal.username,
      extraMessage: 'CHANGED_PASSWORD',
    });
    try {
      await this.gateway.withUserBind(entry.dn, oldPassword, (session) =>
        session.modify(entry.dn, [
          { operation: 'delete', attribute: 'unicodePwd', values: [encodeUnicodePwd(oldPassword)] },
          {
            operation: 'add',
            attribute: 'unicodePwd',
            values: [encodeUnicodePwd(request.password)],
          },
        ]),
      );
    } catch (error) {
      await this.audit.complete(pending, 'failure');
      throw toPasswordChangeError(error);
    }

    await this.audit.complete(pending, 'success');
    await this.tokens.revokeUserSessions(principal.username, 'password_change');
    this.logger.log(`${principal.username} changed their password; their sessions were revoked`);
  }

  /**
   * Reads the caller's entry by the DN in the token. `withSecurityDescriptor` adds the DACL of
   * `nTSecurityDescriptor`, read with the SD-flags control.
   */
  private async readOwnEntry(
    principal: Principal,
    withSecurityDescriptor: boolean,
  ): Promise<LdapEntry> {
    const dn = requireDirectoryUser(principal);
    const entry = withSecurityDescriptor
      ? await this.gateway.read(
          dn,
          [...USER_FETCH_ATTRIBUTES, 'nTSecurityDescriptor'],
          [new SdFlagsControl()],
        )
      : await this.gateway.read(dn, USER_FETCH_ATTRIBUTES);
    // The DN came from the token at login. After a rename, or with a new object at that DN, it
    // is not the caller's entry any more.
    const username = entry?.text('sAMAccountName');
    if (
      entry === undefined ||
      username === undefined ||
      !sameUsername(username, principal.username)
    ) {
      throw new DomainError(
        ErrorCode.UserNotFound,
        'Your directory entry was renamed, moved or deleted since you logged in; log in again.',
      );
    }

    return entry;
  }
}

function requireDirectoryUser(principal: Principal): string {
  if (principal.isLocal || principal.dn === undefined) {
    throw new DomainError(
      ErrorCode.NotAUser,
      'The local administrator has no directory entry; self-service is for directory users.',
    );
  }

  return principal.dn;
}

/** sAMAccountName compares case-insensitively in AD. */
function sameUsername(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}

/**
 * False only when the DACL denies the User-Change-Password extended right to Everyone or SELF,
 * which is what "User cannot change password" writes. Without a readable descriptor the DC
 * still has the last word when the change is attempted.
 */
function canChangePassword(entry: LdapEntry): boolean {
  const bytes = entry.buffer('nTSecurityDescriptor');
  if (bytes === undefined) {
    return true;
  }

  const descriptor = decodeSecurityDescriptor(bytes);

  return !deniesExtendedRight(descriptor, USER_CHANGE_PASSWORD_RIGHT, [SID_EVERYONE, SID_SELF]);
}

/**
 * Sorts the keys of an updateSelf body: allow-listed attributes become changes, read-only keys
 * are skipped, and every other key must equal the stored value (as fetchme returns it).
 */
export function planUpdate(
  body: Record<string, unknown>,
  entry: LdapEntry,
): { changes: LdapChange[]; written: SelfChanges } {
  const stored = toUserDetails(entry, []);
  const storedByLowerName = new Map(
    Object.entries(stored).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const requested = new Map<string, string>();
  const others: [string, unknown][] = [];
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) {
      throw new DomainError(ErrorCode.InvalidInput, `${key} appears twice in different cases.`, {
        field: key,
      });
    }

    seen.add(lower);
    const attribute = WRITABLE_BY_LOWER_NAME.get(lower);
    if (attribute !== undefined) {
      requested.set(attribute, checkWritableValue(attribute, value));
    } else if (!READ_ONLY_LOWER_NAMES.has(lower)) {
      others.push([key, value]);
    }
  }

  const target = new Map(requested);
  // A country name the tables do not know may be stored already; sent back unchanged, it stays.
  const country = requested.get('co');
  if (country !== undefined && country !== (entry.text('co') ?? '')) {
    for (const [name, value] of Object.entries(countryAttributes(country))) {
      target.set(name, value);
    }
  }

  for (const [key, value] of others) {
    const lower = key.toLowerCase();
    const derived = COUNTRY_DERIVED_KEYS.find((name) => name.toLowerCase() === lower);
    if (derived !== undefined && target.has(derived) && sameValue(value, target.get(derived))) {
      continue;
    }

    if (!sameValue(value, storedByLowerName.get(lower))) {
      throw new DomainError(
        ErrorCode.InvalidInput,
        derived === undefined
          ? `${key} cannot be changed through self-service; send it unchanged or leave it out.`
          : `${key} follows from co; change co instead.`,
        { field: key },
      );
    }
  }

  const changes: LdapChange[] = [];
  const written: SelfChanges = {};
  for (const [attribute, value] of target) {
    const current = entry.text(attribute);
    if (value === '' && current !== undefined) {
      changes.push({ operation: 'delete', attribute, values: [] });
      written[attribute] = null;
    } else if (value !== '' && value !== current) {
      changes.push({ operation: 'replace', attribute, values: [value] });
      written[attribute] = value;
    }
  }

  return { changes, written };
}

/** Returns a writable value: a string within AD's length without control characters, or "" for null. */
function checkWritableValue(attribute: string, value: unknown): string {
  if (value === null) {
    return '';
  }

  if (typeof value !== 'string') {
    throw new DomainError(ErrorCode.InvalidInput, `${attribute} must be a string or null.`, {
      field: attribute,
    });
  }

  const limit = SELF_WRITABLE_ATTRIBUTES[attribute];
  if ([...value].length > limit) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${attribute} must be at most ${limit} characters long.`,
      { field: attribute },
    );
  }

  // Lone surrogates cannot be sent as UTF-8, and control characters have no place in these
  // single-line attributes.
  // eslint-disable-next-line no-control-regex
  if (!value.isWellFormed() || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${attribute} must be text without control characters.`,
      { field: attribute },
    );
  }

  const webPageProblem = attribute === 'wWWHomePage' ? checkWebPage(value) : undefined;
  if (webPageProblem !== undefined) {
    throw new DomainError(ErrorCode.InvalidInput, `${attribute} ${webPageProblem}.`, {
      field: attribute,
    });
  }

  return value;
}

/** `co` plus the `c` and `countryCode` it implies; an empty name clears the country. */
function countryAttributes(name: string): Record<string, string> {
  if (name.trim() === '') {
    return { co: '', c: '', countryCode: NO_COUNTRY_CODE };
  }

  const country = countryFromName(name);
  if (country === undefined) {
    throw new DomainError(ErrorCode.CountryUnknown, `"${name}" is not a known country name.`, {
      field: 'co',
    });
  }

  return { co: name, c: country.c, countryCode: country.countryCode };
}

/**
 * Compares a value from the body with the stored one as fetchme returns it. Empty values
 * (absent, null, '' and []) are equal; scalars compare as text, so 513 equals "513"; arrays
 * compare as sets.
 */
function sameValue(sent: unknown, stored: unknown): boolean {
  if (isEmptyValue(sent) || isEmptyValue(stored)) {
    return isEmptyValue(sent) && isEmptyValue(stored);
  }

  if (Array.isArray(sent) || Array.isArray(stored)) {
    if (!Array.isArray(sent) || !Array.isArray(stored) || sent.length !== stored.length) {
      return false;
    }

    const left = sent.map(canonical).sort();
    const right = stored.map(canonical).sort();

    return left.every((value, index) => value === right[index]);
  }

  return canonical(sent) === canonical(stored);
}

/** Scalars as their text; objects as JSON with sorted keys. */
function canonical(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }

  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }

  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value)
      .sort(([left], [right]) => left.localeCompare(right, 'en'))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`);

    return `{${fields.join(',')}}`;
  }

  return JSON.stringify(value) ?? 'null';
}

/**
 * Maps the failures of a self password change. A failed bind means the current password is
 * wrong or the account cannot log on. A policy rejection becomes a 422 on the password field.
 */
function toPasswordChangeError(error: unknown): unknown {
  if (!(error instanceof LdapOperationError)) {
    return error;
  }

  if (error.operation === 'bind' && error.resultCode === LdapResultCode.InvalidCredentials) {
    const reason = describeAdSubCode(error.subCode);
    const detail =
      error.subCode === undefined || error.subCode === Number(AdSubCode.LogonFailure)
        ? 'The current password is wrong.'
        : `The current password could not be verified: ${reason ?? 'the logon was refused'}.`;

    return new DomainError(ErrorCode.OldPasswordInvalid, detail, {
      field: 'oldPassword',
      cause: error,
    });
  }

  if (error.code === ErrorCode.PasswordPolicy) {
    return blameField(error, ErrorCode.PasswordPolicy, 'password');
  }

  if (error.resultCode === LdapResultCode.InsufficientAccessRights) {
    return new DomainError(
      ErrorCode.PermissionDenied,
      'Your account is not allowed to change its own password; ask an administrator.',
      { cause: error },
    );
  }

  return error;
}
