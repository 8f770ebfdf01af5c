import { DomainError, ErrorCode } from '../common/errors';

/** LDAP result codes (RFC 4511 section 4.1.9) the API reacts to. */
export enum LdapResultCode {
  OperationsError = 1,
  ProtocolError = 2,
  TimeLimitExceeded = 3,
  SizeLimitExceeded = 4,
  AdminLimitExceeded = 11,
  UnavailableCriticalExtension = 12,
  ConfidentialityRequired = 13,
  NoSuchAttribute = 16,
  UndefinedAttributeType = 17,
  ConstraintViolation = 19,
  AttributeOrValueExists = 20,
  InvalidAttributeSyntax = 21,
  NoSuchObject = 32,
  InvalidDnSyntax = 34,
  InvalidCredentials = 49,
  InsufficientAccessRights = 50,
  Busy = 51,
  Unavailable = 52,
  UnwillingToPerform = 53,
  NamingViolation = 64,
  ObjectClassViolation = 65,
  NotAllowedOnNonLeaf = 66,
  NotAllowedOnRdn = 67,
  EntryAlreadyExists = 68,
  Other = 80,
}

/**
 * Win32 error codes that AD (and Samba, which imitates it) puts in the diagnostic message, as
 * `data 52e` after a failed bind or as the leading `0000052D:` of other failures.
 */
export enum AdSubCode {
  NoSuchUser = 0x525,
  LogonFailure = 0x52e,
  PasswordRestriction = 0x52d,
  WrongPassword = 0x56,
  AccountRestriction = 0x52f,
  InvalidLogonHours = 0x530,
  InvalidWorkstation = 0x531,
  PasswordExpired = 0x532,
  AccountDisabled = 0x533,
  AccountExpired = 0x701,
  PasswordMustChange = 0x773,
  AccountLockedOut = 0x775,
  NoEncryption = 0x1f,
}

/**
 * Reads the AD sub-code out of a diagnostic message. A failed bind carries it as `data 52e`
 * after the SSPI code (`80090308: LdapErr: … AcceptSecurityContext error, data 52e, v4563`);
 * other failures lead with it (`0000052D: SvcErr: … problem 5003 (WILL_NOT_PERFORM), data 0`),
 * where the trailing `data 0` means something else.
 */
export function parseAdSubCode(diagnostic: string): number | undefined {
  const prefix = /^([0-9a-f]{8}):/i.exec(diagnostic.trim());
  const bindData = /AcceptSecurityContext error, data ([0-9a-f]{1,8})\b/i.exec(diagnostic);
  if (bindData) {
    return Number.parseInt(bindData[1], 16);
  }

  return prefix ? Number.parseInt(prefix[1], 16) : undefined;
}

const READABLE_SUB_CODES: Partial<Record<number, string>> = {
  [AdSubCode.NoSuchUser]: 'the user does not exist',
  [AdSubCode.LogonFailure]: 'the password is wrong',
  [AdSubCode.PasswordRestriction]: 'the password does not meet the domain password policy',
  [AdSubCode.WrongPassword]: 'the current password is wrong',
  [AdSubCode.AccountRestriction]: 'an account restriction prevents this logon',
  [AdSubCode.InvalidLogonHours]: 'logon is not allowed at this time',
  [AdSubCode.InvalidWorkstation]: 'logon is not allowed from this workstation',
  [AdSubCode.PasswordExpired]: 'the password has expired',
  [AdSubCode.AccountDisabled]: 'the account is disabled',
  [AdSubCode.AccountExpired]: 'the account has expired',
  [AdSubCode.PasswordMustChange]: 'the password must be changed before logging on',
  [AdSubCode.AccountLockedOut]: 'the account is locked out',
  [AdSubCode.NoEncryption]: 'the operation requires an encrypted connection',
};

/** Returns a short readable reason for an AD sub-code, when one is known. */
export function describeAdSubCode(subCode: number | undefined): string | undefined {
  return subCode === undefined ? undefined : READABLE_SUB_CODES[subCode];
}

function errorCodeFor(resultCode: number | undefined, subCode: number | undefined): ErrorCode {
  switch (resultCode) {
    case LdapResultCode.NoSuchObject:
      return ErrorCode.ObjectNotFound;
    case LdapResultCode.EntryAlreadyExists:
      return ErrorCode.ObjectExists;
    case LdapResultCode.InvalidCredentials:
      return ErrorCode.InvalidCredentials;
    case LdapResultCode.InsufficientAccessRights:
      return ErrorCode.DirectoryAccessDenied;
    case LdapResultCode.ConstraintViolation:
      return subCode === AdSubCode.PasswordRestriction
        ? ErrorCode.PasswordPolicy
        : ErrorCode.DirectoryConstraint;
    case LdapResultCode.UnwillingToPerform:
      return subCode === AdSubCode.PasswordRestriction
        ? ErrorCode.PasswordPolicy
        : ErrorCode.DirectoryRefused;
    case LdapResultCode.InvalidDnSyntax:
    case LdapResultCode.InvalidAttributeSyntax:
    case LdapResultCode.UndefinedAttributeType:
    case LdapResultCode.ObjectClassViolation:
    case LdapResultCode.NamingViolation:
    case LdapResultCode.NotAllowedOnRdn:
      return ErrorCode.InvalidInput;
    case LdapResultCode.NotAllowedOnNonLeaf:
      return ErrorCode.ObjectNotEmpty;
    case LdapResultCode.AttributeOrValueExists:
    case LdapResultCode.NoSuchAttribute:
      return ErrorCode.DirectoryConstraint;
    case LdapResultCode.Busy:
    case LdapResultCode.Unavailable:
    case LdapResultCode.ConfidentialityRequired:
    case undefined:
      return ErrorCode.DirectoryUnavailable;
    case LdapResultCode.TimeLimitExceeded:
      return ErrorCode.DirectoryTimeout;
    default:
      return ErrorCode.DirectoryRefused;
  }
}

export interface LdapFailure {
  operation: string;
  /** Undefined when the connection itself failed. */
  resultCode?: number;
  diagnostic: string;
  subCode?: number;
  timedOut?: boolean;
  /** Set when the TLS handshake failed, with Node's reason (for example an untrusted certificate). */
  tlsFailure?: string;
  /** Set when every pooled connection stayed busy for the whole wait: the pool size. */
  poolExhausted?: number;
  cause?: unknown;
}

/**
 * A failed directory operation, mapped once from the LDAP result code and AD sub-code to the
 * API's error codes.
 */
export class LdapOperationError extends DomainError {
  readonly operation: string;
  readonly resultCode?: number;
  readonly diagnostic: string;
  readonly subCode?: number;

  constructor(failure: LdapFailure) {
    super(
      failure.tlsFailure !== undefined
        ? ErrorCode.DirectoryTls
        : failure.timedOut === true
          ? ErrorCode.DirectoryTimeout
          : errorCodeFor(failure.resultCode, failure.subCode),
      describeFailure(failure),
      {
        cause: failure.cause,
        extra:
          failure.resultCode === undefined ? undefined : { ldap_result_code: failure.resultCode },
      },
    );
    this.name = 'LdapOperationError';
    this.operation = failure.operation;
    this.resultCode = failure.resultCode;
    this.diagnostic = failure.diagnostic;
    this.subCode = failure.subCode;
  }
}

function describeFailure(failure: LdapFailure): string {
  if (failure.tlsFailure !== undefined) {
    return `The directory server's TLS certificate was rejected (${failure.tlsFailure}). Set LDAP_TLS_CA_FILE to the CA that issued it, and make sure the certificate names the host in the URL.`;
  }

  if (failure.poolExhausted !== undefined) {
    return `All ${failure.poolExhausted} directory connections stayed busy for too long. Retry, or raise LDAP_POOL_SIZE if this repeats.`;
  }

  if (failure.timedOut === true) {
    return `The directory server did not answer the ${failure.operation} operation in time.`;
  }

  if (failure.resultCode === undefined) {
    return `The directory server could not be reached (${failure.operation}).`;
  }

  if (failure.subCode === AdSubCode.PasswordRestriction) {
    const rule = sambaPolicyReason(failure.diagnostic);

    return rule === undefined
      ? 'The password does not meet the domain password policy (length, complexity, history or minimum age).'
      : `The password does not meet the domain password policy: ${rule}.`;
  }

  const reason =
    describeAdSubCode(failure.subCode) ??
    failure.diagnostic.replace(/\s+Code: 0x[0-9a-f]+$/i, '').trim();

  return `The directory rejected the ${failure.operation} operation${reason ? `: ${reason}` : ''}.`;
}

/**
 * Samba names the rule a rejected password broke (`check_password_restrictions: the password is
 * too short…`); Windows AD gives only the 0000052D sub-code.
 */
const SAMBA_POLICY_REASON =
  /check_password_restrictions:\s*(.+?)[\s!.]*(?:Code: 0x[0-9a-f]+)?\s*$/is;

function sambaPolicyReason(diagnostic: string): string | undefined {
  return SAMBA_POLICY_REASON.exec(diagnostic)?.[1];
}

/** Converts whatever ldapts or the socket threw into an LdapOperationError. */
export function toLdapOperationError(operation: string, error: unknown): LdapOperationError {
  if (error instanceof LdapOperationError) {
    return error;
  }

  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') {
    return new LdapOperationError({
      operation,
      resultCode: code,
      diagnostic: message,
      subCode: parseAdSubCode(message),
      cause: error,
    });
  }

  return new LdapOperationError({
    operation,
    diagnostic: message,
    timedOut: /timeout|timed out/i.test(message),
    tlsFailure: typeof code === 'string' && TLS_ERROR_CODES.has(code) ? message : undefined,
    cause: error,
  });
}

/** Node's error codes for a certificate that failed verification. */
const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
]);
