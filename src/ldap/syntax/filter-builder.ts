import { escapeFilterBytes, escapeFilterValue } from './filter-escape';
import { LdapSyntaxError } from './ldap-syntax-error';

/** Error raised when a filter part would not be a valid RFC 4515 filter. */
export class InvalidFilterError extends LdapSyntaxError {}

/** Active Directory matching rule LDAP_MATCHING_RULE_BIT_AND. */
export const MATCHING_RULE_BIT_AND = '1.2.840.113556.1.4.803';
/** Active Directory matching rule LDAP_MATCHING_RULE_BIT_OR. */
export const MATCHING_RULE_BIT_OR = '1.2.840.113556.1.4.804';
/** Active Directory matching rule LDAP_MATCHING_RULE_IN_CHAIN (transitive DN links). */
export const MATCHING_RULE_IN_CHAIN = '1.2.840.113556.1.4.1941';

// RFC 4512 attribute description: a short name or a numeric OID, then `;option`s.
const DESCR = '[A-Za-z][A-Za-z0-9-]*';
const NUMERIC_OID = '(?:0|[1-9][0-9]*)(?:\\.(?:0|[1-9][0-9]*))+';
const ATTRIBUTE_DESCRIPTION = new RegExp(`^(?:${DESCR}|${NUMERIC_OID})(?:;[A-Za-z0-9-]+)*$`);

export interface SubstringParts {
  initial?: string;
  any?: readonly string[];
  final?: string;
}

export function isValidAttributeDescription(attribute: string): boolean {
  return ATTRIBUTE_DESCRIPTION.test(attribute);
}

function checkAttribute(attribute: string): string {
  if (!isValidAttributeDescription(attribute)) {
    throw new InvalidFilterError(`Invalid attribute description in filter: "${attribute}"`);
  }

  return attribute;
}

/**
 * Checks that a filter argument is one parenthesised filter. Values built here never contain a
 * raw parenthesis, so a depth that returns to zero before the end means two filters were
 * concatenated or a raw value slipped in.
 */
function isSingleFilter(filter: string): boolean {
  if (filter.length < 3 || !filter.startsWith('(') || !filter.endsWith(')')) {
    return false;
  }

  let depth = 0;
  for (let index = 0; index < filter.length; index++) {
    if (filter[index] === '(') {
      depth++;
    } else if (filter[index] === ')') {
      depth--;
    }

    if (depth <= 0 && index < filter.length - 1) {
      return false;
    }
  }

  return depth === 0;
}

function checkFilter(filter: string): string {
  if (!isSingleFilter(filter)) {
    throw new InvalidFilterError(`Not a single parenthesised LDAP filter: "${filter}"`);
  }

  return filter;
}

function combine(operator: '&' | '|', filters: readonly string[]): string {
  if (filters.length === 0) {
    throw new InvalidFilterError(`The ${operator} filter needs at least one operand`);
  }

  filters.forEach(checkFilter);
  if (filters.length === 1) {
    return filters[0];
  }

  return `(${operator}${filters.join('')})`;
}

/** Builds `(attr=value)` with the value escaped, so a `*` in the value matches only a `*`. */
export function eq(attribute: string, value: string): string {
  return `(${checkAttribute(attribute)}=${escapeFilterValue(value)})`;
}

/** Builds an equality filter on a binary attribute such as `objectSid` or `objectGUID`. */
export function eqBytes(attribute: string, bytes: Uint8Array): string {
  return `(${checkAttribute(attribute)}=${escapeFilterBytes(bytes)})`;
}

export function gte(attribute: string, value: string): string {
  return `(${checkAttribute(attribute)}>=${escapeFilterValue(value)})`;
}

export function lte(attribute: string, value: string): string {
  return `(${checkAttribute(attribute)}<=${escapeFilterValue(value)})`;
}

export function present(attribute: string): string {
  return `(${checkAttribute(attribute)}=*)`;
}

/** Builds `(attr=initial*any1*any2*final)`. An empty `initial` or `final` counts as absent. */
export function substring(attribute: string, parts: SubstringParts): string {
  const any = parts.any ?? [];
  if (any.some((part) => part === '')) {
    throw new InvalidFilterError('A substring filter cannot have an empty middle part');
  }

  const initial = parts.initial ?? '';
  const final = parts.final ?? '';
  if (initial === '' && final === '' && any.length === 0) {
    throw new InvalidFilterError(
      'A substring filter needs at least one non-empty part; use present()',
    );
  }

  const pattern = [initial, ...any, final].map(escapeFilterValue).join('*');

  return `(${checkAttribute(attribute)}=${pattern})`;
}

/** Builds `(attr=*value*)`. */
export function contains(attribute: string, value: string): string {
  return substring(attribute, { any: [value] });
}

/** Combines filters with AND. A single operand is returned unchanged. */
export function and(...filters: string[]): string {
  return combine('&', filters);
}

/** Combines filters with OR. A single operand is returned unchanged. */
export function or(...filters: string[]): string {
  return combine('|', filters);
}

export function not(filter: string): string {
  return `(!${checkFilter(filter)})`;
}

function checkMask(mask: number): number {
  if (!Number.isInteger(mask) || mask < -0x80000000 || mask > 0xffffffff) {
    throw new InvalidFilterError(`Invalid 32-bit mask for a bitwise filter: ${mask}`);
  }

  return mask >>> 0;
}

/**
 * Matches entries whose integer attribute has every bit of `mask` set. A negative mask is
 * taken as its unsigned 32-bit form, so `bitAnd('groupType', 0x80000000)` and
 * `bitAnd('groupType', -2147483648)` both send 2147483648.
 */
export function bitAnd(attribute: string, mask: number): string {
  return `(${checkAttribute(attribute)}:${MATCHING_RULE_BIT_AND}:=${checkMask(mask)})`;
}

/** Matches entries whose integer attribute has at least one bit of `mask` set. */
export function bitOr(attribute: string, mask: number): string {
  return `(${checkAttribute(attribute)}:${MATCHING_RULE_BIT_OR}:=${checkMask(mask)})`;
}

/**
 * Matches entries linked to `dn` through `attribute`, following the links transitively
 * (for example all users in a group, nested groups included, with `memberOf`).
 * The DN is taken as given and only filter-escaped, so its RFC 4514 escapes survive.
 */
export function inChain(attribute: string, dn: string): string {
  return `(${checkAttribute(attribute)}:${MATCHING_RULE_IN_CHAIN}:=${escapeFilterValue(dn)})`;
}
