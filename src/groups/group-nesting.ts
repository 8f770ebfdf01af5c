import { GroupScope } from '../ldap/codecs/group-type';
import { dnEquals } from '../ldap/syntax/dn';

/**
 * AD's nesting rules for groups of one domain, as Microsoft documents them for
 * ADS_GROUP_TYPE_ENUM and "Changing a Group's Scope or Type": a global group contains global
 * groups only, a universal group contains global and universal groups, and a domain-local group
 * contains all three. Samba 4.17 does not enforce them, so the API does.
 */
const ALLOWED_MEMBER_SCOPES: Record<GroupScope, readonly GroupScope[]> = {
  global: ['global'],
  universal: ['global', 'universal'],
  domain_local: ['global', 'universal', 'domain_local'],
};

const SCOPE_LABELS: Record<GroupScope, string> = {
  global: 'global',
  universal: 'universal',
  domain_local: 'domain local',
};

/**
 * A group and its scope. The scope is null for Authorization Manager groups, whose groupType
 * carries no single scope bit.
 */
export interface ScopedGroup {
  dn: string;
  scope: GroupScope | null;
}

/** A membership the rules forbid: `member` may not be a member of `parent`. */
export interface NestingViolation {
  parent: ScopedGroup;
  member: ScopedGroup;
}

/** Tells whether a group of scope `parent` may contain a group of scope `member`. */
export function mayContain(parent: GroupScope, member: GroupScope): boolean {
  return ALLOWED_MEMBER_SCOPES[parent].includes(member);
}

/**
 * Returns the scopes a group passes through when it changes from `from` to `to`, one per
 * groupType write. AD refuses a direct change between global and domain local, so those go
 * through universal. An unchanged scope needs no write and returns an empty list.
 */
export function scopeChangePath(from: GroupScope, to: GroupScope): GroupScope[] {
  if (from === to) {
    return [];
  }

  if (from !== 'universal' && to !== 'universal') {
    return ['universal', to];
  }

  return [to];
}

function violates(parent: ScopedGroup, member: ScopedGroup): boolean {
  if (dnEquals(parent.dn, member.dn)) {
    return true;
  }

  // NOTE: a group without a single scope bit (Authorization Manager) is not judged here.
  if (parent.scope === null || member.scope === null) {
    return false;
  }

  return !mayContain(parent.scope, member.scope);
}

/** Returns the first of `members` that `parent` may not contain, itself included. */
export function findMemberViolation(
  parent: ScopedGroup,
  members: readonly ScopedGroup[],
): NestingViolation | undefined {
  const member = members.find((candidate) => violates(parent, candidate));

  return member === undefined ? undefined : { parent, member };
}

/** Returns the first group of `parents` that may not contain `member`. */
export function findParentViolation(
  member: ScopedGroup,
  parents: readonly ScopedGroup[],
): NestingViolation | undefined {
  const parent = parents.find((candidate) => violates(candidate, member));

  return parent === undefined ? undefined : { parent, member };
}

/** The memberships of a group whose scope changes, as they will be at each step. */
export interface ScopeChange {
  dn: string;
  from: GroupScope;
  to: GroupScope;
  /** Member groups kept through the change. */
  members: readonly ScopedGroup[];
  /** Member groups added once the group has its target scope. */
  addedMembers: readonly ScopedGroup[];
  /** Groups that contain the group. */
  parents: readonly ScopedGroup[];
}

/**
 * Checks every state a scope change passes through: at each step the group must still be
 * allowed to contain its member groups, and to be a member of each group that contains it.
 * Members added by the same request are checked against the target scope only, because they
 * are written after the last step.
 */
export function findScopeChangeViolation(change: ScopeChange): NestingViolation | undefined {
  const steps = scopeChangePath(change.from, change.to);
  for (const [index, scope] of steps.entries()) {
    const group: ScopedGroup = { dn: change.dn, scope };
    const isLast = index === steps.length - 1;
    const members = isLast ? [...change.members, ...change.addedMembers] : change.members;
    const violation =
      findMemberViolation(group, members) ?? findParentViolation(group, change.parents);
    if (violation !== undefined) {
      return violation;
    }
  }

  return undefined;
}

function label(scope: GroupScope | null): string {
  return scope === null ? 'unscoped' : SCOPE_LABELS[scope];
}

/** Describes a violation in a sentence that names both groups and the rule. */
export function describeViolation({ parent, member }: NestingViolation): string {
  if (dnEquals(parent.dn, member.dn)) {
    return `The group "${parent.dn}" cannot be a member of itself.`;
  }

  const allowed = parent.scope === null ? [] : ALLOWED_MEMBER_SCOPES[parent.scope];

  return (
    `The ${label(member.scope)} group "${member.dn}" cannot be a member of the ` +
    `${label(parent.scope)} group "${parent.dn}": a ${label(parent.scope)} group may contain ` +
    `only ${allowed.map(label).join(', ')} groups.`
  );
}
