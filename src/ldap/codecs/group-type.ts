import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when a request names a group type or scope that does not exist. */
export class InvalidGroupTypeError extends LdapSyntaxError {}

/** `groupType` bits. The attribute is a signed 32-bit integer, so 0x80000000 reads negative. */
export const GROUP_TYPE = {
  SYSTEM: 0x1,
  GLOBAL: 0x2,
  DOMAIN_LOCAL: 0x4,
  UNIVERSAL: 0x8,
  APP_BASIC: 0x10,
  APP_QUERY: 0x20,
  SECURITY: 0x80000000,
} as const;

export type GroupScope = 'global' | 'domain_local' | 'universal';

export type GroupTypeName =
  | 'GROUP_SECURITY'
  | 'GROUP_DISTRIBUTION'
  | 'GROUP_GLOBAL'
  | 'GROUP_DOMAIN_LOCAL'
  | 'GROUP_UNIVERSAL'
  | 'GROUP_APP_BASIC'
  | 'GROUP_APP_QUERY'
  | 'GROUP_SYSTEM';

export interface DecodedGroupType {
  security: boolean;
  /** null when no scope bit or more than one is set (Authorization Manager groups). */
  scope: GroupScope | null;
  system: boolean;
  names: GroupTypeName[];
}

export interface GroupTypeSpec {
  security: boolean;
  scope: GroupScope;
  system?: boolean;
}

const SCOPE_BITS: Record<GroupScope, number> = {
  global: GROUP_TYPE.GLOBAL,
  domain_local: GROUP_TYPE.DOMAIN_LOCAL,
  universal: GROUP_TYPE.UNIVERSAL,
};

const SCOPE_NAMES: Record<GroupScope, GroupTypeName> = {
  global: 'GROUP_GLOBAL',
  domain_local: 'GROUP_DOMAIN_LOCAL',
  universal: 'GROUP_UNIVERSAL',
};

// Scope codes of the API request, in order: 0 global, 1 domain local, 2 universal.
const REQUEST_SCOPES: readonly GroupScope[] = ['global', 'domain_local', 'universal'];

function checkGroupType(value: number): number {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new RangeError(`Invalid groupType ${value}; expected a 32-bit integer`);
  }

  return value >>> 0;
}

/**
 * Decodes `groupType` into flags and the API's name list: security or distribution, then the
 * scope, then the Authorization Manager kinds, and `GROUP_SYSTEM` last. Accepts the signed
 * value AD returns and its unsigned form.
 */
export function decodeGroupType(value: number): DecodedGroupType {
  const bits = checkGroupType(value);
  const security = (bits & GROUP_TYPE.SECURITY) !== 0;
  const system = (bits & GROUP_TYPE.SYSTEM) !== 0;
  const scopes = REQUEST_SCOPES.filter((scope) => (bits & SCOPE_BITS[scope]) !== 0);
  const scope = scopes.length === 1 ? scopes[0] : null;

  const names: GroupTypeName[] = [security ? 'GROUP_SECURITY' : 'GROUP_DISTRIBUTION'];
  if (scope !== null) {
    names.push(SCOPE_NAMES[scope]);
  }

  if (bits & GROUP_TYPE.APP_BASIC) {
    names.push('GROUP_APP_BASIC');
  }

  if (bits & GROUP_TYPE.APP_QUERY) {
    names.push('GROUP_APP_QUERY');
  }

  if (system) {
    names.push('GROUP_SYSTEM');
  }

  return { security, scope, system, names };
}

/** Encodes a group kind as the signed 32-bit `groupType` value AD stores. */
export function encodeGroupType({ security, scope, system = false }: GroupTypeSpec): number {
  return (
    (security ? GROUP_TYPE.SECURITY : 0) | SCOPE_BITS[scope] | (system ? GROUP_TYPE.SYSTEM : 0)
  );
}

/**
 * Maps the API's request encoding to `groupType`: `groupType` 0 is distribution and 1
 * security; `groupScope` 0 is global, 1 domain local and 2 universal.
 */
export function groupTypeFromRequest(groupType: number, groupScope: number): number {
  if (groupType !== 0 && groupType !== 1) {
    throw new InvalidGroupTypeError(
      `Invalid groupType ${groupType}; expected 0 (distribution) or 1 (security)`,
    );
  }

  const scope = REQUEST_SCOPES[groupScope];
  if (!Number.isInteger(groupScope) || scope === undefined) {
    throw new InvalidGroupTypeError(
      `Invalid groupScope ${groupScope}; expected 0 (global), 1 (domain local) or 2 (universal)`,
    );
  }

  return encodeGroupType({ security: groupType === 1, scope });
}
