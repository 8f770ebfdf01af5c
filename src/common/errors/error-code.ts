import { HttpStatus } from '@nestjs/common';

/**
 * Every error code the API returns. The values are the snake_case strings clients
 * read from the `code` field of the error envelope, so existing values must not change.
 */
export enum ErrorCode {
  // Request shape and transport.
  InvalidInput = 'invalid_input',
  InvalidRequest = 'invalid_request',
  RequestHeaderTooLarge = 'request_header_too_large',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',

  // Authentication and authorization.
  NotAuthenticated = 'not_authenticated',
  TokenNotValid = 'token_not_valid',
  InvalidCredentials = 'invalid_credentials',
  PasswordChangeRequired = 'password_change_required',
  PermissionDenied = 'permission_denied',
  LoginThrottled = 'login_throttled',

  // Users.
  PasswordsDoNotMatch = 'user_passwords_dont_match',
  PermissionMalformed = 'user_permission_malformed',
  CountryUnknown = 'user_country_error',
  GroupListConflict = 'user_group_bad',
  NotAUser = 'not_a_user',
  AntiLockout = 'user_anti_lockout',

  // Directory objects.
  UserNotFound = 'user_not_found',
  GroupNotFound = 'group_not_found',
  GroupNestingInvalid = 'group_nesting_invalid',
  ObjectNotFound = 'object_not_found',
  ObjectExists = 'ldap_obj_exists',
  ObjectProtected = 'object_protected',
  ObjectNotEmpty = 'object_not_empty',
  ObjectTypeUnsupported = 'object_type_unsupported',
  PasswordPolicy = 'password_policy',
  OldPasswordRequired = 'old_password_required',
  OldPasswordInvalid = 'old_password_invalid',
  DirectoryConstraint = 'ldap_constraint_violation',
  DirectoryRefused = 'ldap_unwilling_to_perform',
  DirectoryAccessDenied = 'ldap_insufficient_access',

  // Settings.
  LocalAdminPasswordRequired = 'local_admin_password_required',
  LocalAdminLockout = 'local_admin_lockout',

  // DNS zones.
  DnsZoneNotFound = 'dns_zone_not_found',
  DnsZoneExists = 'dns_zone_exists',
  DnsZoneNotDeletable = 'dns_zone_not_deletable',

  // DNS records. Several codes are the ones the web frontend translates.
  DnsRecordNotInRequest = 'dns_record_not_in_request',
  DnsRecordAttributeMissing = 'dns_record_attr_missing',
  DnsRecordFieldInvalid = 'dns_field_validator_failed',
  DnsRecordTypeUnsupported = 'dns_record_type_unsupported',
  DnsZoneInRecordName = 'dns_zone_in_record',
  DnsSoaRootOnly = 'dns_soa_record_root_only',
  DnsZoneReadOnly = 'dns_root_servers_only_cli',
  DnsRecordNotFound = 'dns_record_not_found',
  DnsRecordExists = 'dns_record_exists_conflict',
  DnsRecordTypeConflict = 'dns_record_type_conflict',
  DnsRecordNotDeletable = 'dns_record_not_deletable',
  DnsReverseZoneNotFound = 'dns_reverse_zone_not_found',

  // Infrastructure.
  DirectoryUnavailable = 'ldap_bind_err',
  DirectoryTimeout = 'ldap_timeout',
  DirectoryTls = 'ldap_tls_err',
  DirectoryUnconfigured = 'ldap_unconfigured',
  DirectoryUnreachable = 'ldap_port_err',
  DatabaseUnavailable = 'database_unavailable',
  InternalError = 'internal_error',
}

/** HTTP status of each code; `Record` makes the compiler reject a code without a status. */
export const ERROR_HTTP_STATUS: Record<ErrorCode, HttpStatus> = {
  [ErrorCode.InvalidInput]: HttpStatus.BAD_REQUEST,
  [ErrorCode.InvalidRequest]: HttpStatus.BAD_REQUEST,
  // Nest's HttpStatus enum has no member for 431 Request Header Fields Too Large.
  [ErrorCode.RequestHeaderTooLarge]: 431 as HttpStatus,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.MethodNotAllowed]: HttpStatus.METHOD_NOT_ALLOWED,
  [ErrorCode.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCode.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorCode.NotAuthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.TokenNotValid]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.PasswordChangeRequired]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.PermissionDenied]: HttpStatus.FORBIDDEN,
  [ErrorCode.LoginThrottled]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.PasswordsDoNotMatch]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PermissionMalformed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.CountryUnknown]: HttpStatus.BAD_REQUEST,
  [ErrorCode.GroupListConflict]: HttpStatus.BAD_REQUEST,
  [ErrorCode.NotAUser]: HttpStatus.BAD_REQUEST,
  [ErrorCode.AntiLockout]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.GroupNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.GroupNestingInvalid]: HttpStatus.CONFLICT,
  [ErrorCode.ObjectNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.ObjectExists]: HttpStatus.CONFLICT,
  [ErrorCode.ObjectProtected]: HttpStatus.FORBIDDEN,
  [ErrorCode.ObjectNotEmpty]: HttpStatus.CONFLICT,
  [ErrorCode.ObjectTypeUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.PasswordPolicy]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCode.OldPasswordRequired]: HttpStatus.BAD_REQUEST,
  [ErrorCode.OldPasswordInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DirectoryConstraint]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DirectoryRefused]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DirectoryAccessDenied]: HttpStatus.FORBIDDEN,
  [ErrorCode.DnsZoneNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DnsZoneExists]: HttpStatus.CONFLICT,
  [ErrorCode.DnsZoneNotDeletable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsRecordNotInRequest]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsRecordAttributeMissing]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsRecordFieldInvalid]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsRecordTypeUnsupported]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsZoneInRecordName]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsSoaRootOnly]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsZoneReadOnly]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsRecordNotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.DnsRecordExists]: HttpStatus.CONFLICT,
  [ErrorCode.DnsRecordTypeConflict]: HttpStatus.CONFLICT,
  [ErrorCode.DnsRecordNotDeletable]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DnsReverseZoneNotFound]: HttpStatus.BAD_REQUEST,
  [ErrorCode.DirectoryUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DirectoryTimeout]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DirectoryTls]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DirectoryUnconfigured]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.DirectoryUnreachable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.LocalAdminPasswordRequired]: HttpStatus.BAD_REQUEST,
  [ErrorCode.LocalAdminLockout]: HttpStatus.CONFLICT,
  [ErrorCode.DatabaseUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.InternalError]: HttpStatus.INTERNAL_SERVER_ERROR,
};
