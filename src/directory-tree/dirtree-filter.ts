import { DomainError, ErrorCode } from '../common/errors';
import { MAX_DN_LENGTH } from '../common/validation/decorators';
import { isValidDn } from '../ldap/syntax/dn';
import { and, eq, not, or } from '../ldap/syntax/filter-builder';

/** Attributes a dirtree filter term may name, keyed by lower case, in their schema spelling. */
const FILTER_ATTRIBUTES = new Map(
  [
    'objectClass',
    'objectCategory',
    'distinguishedName',
    'cn',
    'name',
    'ou',
    'sAMAccountName',
    'userPrincipalName',
    'displayName',
    'givenName',
    'sn',
    'mail',
    'description',
  ].map((attribute) => [attribute.toLowerCase(), attribute]),
);

/** Attributes whose values are distinguished names, so a filter value must be one too. */
const DN_ATTRIBUTES = new Set(['distinguishedName']);

export const MAX_FILTER_TERMS = 32;
export const MAX_FILTER_VALUE_LENGTH = 256;

/** One `(attribute=value)` term of a dirtree filter. */
export interface FilterTerm {
  attribute: string;
  value: string;
}

/** A term of the `iexact` form with how it joins the terms before it. */
export interface ChainedTerm extends FilterTerm {
  /** Joins the term to the terms before it with OR instead of AND. The first term ignores it. */
  or: boolean;
  /** Matches entries that do not have the value. */
  exclude: boolean;
}

/** The terms that select containers for the OU list and the skeleton of the dirtree. */
export const CONTAINER_TERMS: readonly FilterTerm[] = [
  { attribute: 'objectClass', value: 'organizationalUnit' },
  { attribute: 'objectClass', value: 'container' },
  { attribute: 'objectClass', value: 'builtinDomain' },
];

/** The terms that select the leaf objects the full tree shows next to the containers. */
export const OBJECT_TERMS: readonly FilterTerm[] = [
  { attribute: 'objectClass', value: 'user' },
  { attribute: 'objectClass', value: 'person' },
  { attribute: 'objectClass', value: 'group' },
  { attribute: 'objectClass', value: 'organizationalPerson' },
  { attribute: 'objectClass', value: 'computer' },
];

/** The filters one dirtree request searches with. */
export interface DirtreeFilter {
  /** Selects the requested entries. It is undefined when the request excludes every default term. */
  objects?: string;
  /**
   * Selects the containers that connect those entries to the search base: every container
   * except those the request excludes in all cases (a negated term joined by AND at the top).
   */
  containers: string;
}

export function containerFilter(): string {
  return or(...CONTAINER_TERMS.map(termFilter));
}

/**
 * Compiles the `filter` of a dirtree request body into LDAP filters. The form
 * `{exclude: {<value>: <attribute>}}` removes those terms from the default union of container and
 * object terms and adds a negated term for each. The form
 * `{iexact: {<value>: <attribute> | {attr, or?, exclude?}}}` chains the terms in order with AND,
 * or OR when `or` is true. An absent filter, an empty `exclude` and an empty `iexact` select the
 * default union.
 *
 * Every value is escaped, attributes come from an allow-list, and the size is bounded, so the
 * body can select entries by value but never change the shape of the query.
 *
 * @throws DomainError invalid_input naming the field at fault.
 */
export function compileDirtreeFilter(filter: unknown): DirtreeFilter {
  if (filter === undefined) {
    return defaultFilter([]);
  }

  const body = asPlainObject(filter, 'filter');
  const forms = Object.keys(body);
  const unknown = forms.filter((key) => key !== 'exclude' && key !== 'iexact');
  if (unknown.length > 0) {
    throw invalid(`filter.${unknown[0]}`, 'is not an allowed property; use exclude or iexact');
  }

  if (forms.length > 1) {
    throw invalid('filter', 'must contain either exclude or iexact, not both');
  }

  if (body.iexact !== undefined) {
    const terms = parseChainedTerms(body.iexact);

    return terms.length === 0 ? defaultFilter([]) : chainedFilter(terms);
  }

  return defaultFilter(body.exclude === undefined ? [] : parseExcludedTerms(body.exclude));
}

function defaultFilter(excluded: readonly FilterTerm[]): DirtreeFilter {
  const included = [...CONTAINER_TERMS, ...OBJECT_TERMS].filter(
    (term) => !excluded.some((exclusion) => sameTerm(term, exclusion)),
  );
  const negations = excluded.map((term) => not(termFilter(term)));
  const objects =
    included.length === 0 ? undefined : and(or(...included.map(termFilter)), ...negations);

  return { objects, containers: and(containerFilter(), ...negations) };
}

/**
 * Chains terms left to right: `a OR b AND c` is `((a OR b) AND c)`. Runs of the same operator are
 * flattened into one operand list, which does not change the meaning.
 */
function chainedFilter(terms: readonly ChainedTerm[]): DirtreeFilter {
  let operator: 'and' | 'or' = 'and';
  let operands: string[] = [];
  for (const [index, term] of terms.entries()) {
    const filter = term.exclude ? not(termFilter(term)) : termFilter(term);
    const next = term.or ? 'or' : 'and';
    if (index === 0 || operands.length === 1) {
      operator = next;
      operands.push(filter);
      continue;
    }

    if (next !== operator) {
      operands = [combine(operator, operands)];
      operator = next;
    }

    operands.push(filter);
  }

  return {
    objects: combine(operator, operands),
    containers: and(containerFilter(), ...topLevelExclusions(terms)),
  };
}

/**
 * Returns the negated terms the chained filter requires of every entry: a term with `exclude`
 * that no later OR wraps, and that is itself joined by AND (or comes first).
 */
function topLevelExclusions(terms: readonly ChainedTerm[]): string[] {
  const exclusions: string[] = [];
  for (let index = terms.length - 1; index >= 0; index--) {
    const term = terms[index];
    if (term.or && index > 0) {
      break;
    }

    if (term.exclude) {
      exclusions.push(not(termFilter(term)));
    }
  }

  return exclusions.reverse();
}

function combine(operator: 'and' | 'or', operands: string[]): string {
  return operator === 'and' ? and(...operands) : or(...operands);
}

function termFilter(term: FilterTerm): string {
  return eq(term.attribute, term.value);
}

function sameTerm(left: FilterTerm, right: FilterTerm): boolean {
  return (
    left.attribute.toLowerCase() === right.attribute.toLowerCase() &&
    left.value.toLowerCase() === right.value.toLowerCase()
  );
}

function parseExcludedTerms(exclude: unknown): FilterTerm[] {
  const entries = Object.entries(asPlainObject(exclude, 'filter.exclude'));
  checkTermCount(entries.length, 'filter.exclude');

  return entries.map(([value, attribute]) => {
    const field = 'filter.exclude';
    if (typeof attribute !== 'string') {
      throw invalid(
        field,
        `must map each value to an attribute name, but "${value}" maps to ${describe(attribute)}`,
      );
    }

    return parseTerm(value, attribute, field);
  });
}

function parseChainedTerms(iexact: unknown): ChainedTerm[] {
  const entries = Object.entries(asPlainObject(iexact, 'filter.iexact'));
  checkTermCount(entries.length, 'filter.iexact');

  return entries.map(([value, spec]) => {
    const field = 'filter.iexact';
    if (typeof spec === 'string') {
      return { ...parseTerm(value, spec, field), or: false, exclude: false };
    }

    const options = asPlainObject(spec, field);
    const extra = Object.keys(options).filter((key) => !['attr', 'or', 'exclude'].includes(key));
    if (extra.length > 0) {
      throw invalid(
        field,
        `term "${value}" has an unknown key "${extra[0]}"; allowed are attr, or and exclude`,
      );
    }

    if (typeof options.attr !== 'string') {
      throw invalid(field, `term "${value}" needs attr, an attribute name`);
    }

    return {
      ...parseTerm(value, options.attr, field),
      or: parseFlag(options.or, value, 'or'),
      exclude: parseFlag(options.exclude, value, 'exclude'),
    };
  });
}

function parseFlag(flag: unknown, value: string, name: string): boolean {
  if (flag === undefined || flag === null) {
    return false;
  }

  if (typeof flag !== 'boolean') {
    throw invalid(
      'filter.iexact',
      `term "${value}" has ${name} = ${describe(flag)}; it must be true or false`,
    );
  }

  return flag;
}

function parseTerm(value: string, attribute: string, field: string): FilterTerm {
  const canonical = FILTER_ATTRIBUTES.get(attribute.toLowerCase());
  if (canonical === undefined) {
    throw invalid(
      field,
      `names the attribute "${attribute.slice(0, 64)}", which is not allowed; use one of ${[...FILTER_ATTRIBUTES.values()].join(', ')}`,
    );
  }

  const limit = DN_ATTRIBUTES.has(canonical) ? MAX_DN_LENGTH : MAX_FILTER_VALUE_LENGTH;
  if (value === '' || [...value].length > limit || !value.isWellFormed()) {
    throw invalid(field, `values must be 1 to ${limit} characters of valid text`);
  }

  if (DN_ATTRIBUTES.has(canonical) && !isValidDn(value)) {
    throw invalid(
      field,
      `value "${value.slice(0, 64)}" of ${canonical} must be a distinguished name`,
    );
  }

  return { attribute: canonical, value };
}

function checkTermCount(count: number, field: string): void {
  if (count > MAX_FILTER_TERMS) {
    throw invalid(field, `must contain at most ${MAX_FILTER_TERMS} terms`);
  }
}

function asPlainObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(field, `must be an object, but it is ${describe(value)}`);
  }

  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }

  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function invalid(field: string, problem: string): DomainError {
  return new DomainError(ErrorCode.InvalidInput, `${field} ${problem}.`, { field });
}
