import { GroupScope } from '../ldap/codecs/group-type';
import {
  describeViolation,
  findMemberViolation,
  findParentViolation,
  findScopeChangeViolation,
  mayContain,
  scopeChangePath,
  ScopedGroup,
} from './group-nesting';

const BASE = 'OU=Groups,DC=example,DC=com';
const GROUP = `CN=Subject,${BASE}`;

function group(name: string, scope: GroupScope | null): ScopedGroup {
  return { dn: `CN=${name},${BASE}`, scope };
}

describe('group nesting rules', () => {
  describe(mayContain.name, () => {
    // Every (parent, member) pair of the three scopes.
    it.each<[GroupScope, GroupScope, boolean]>([
      ['global', 'global', true],
      ['global', 'universal', false],
      ['global', 'domain_local', false],
      ['universal', 'global', true],
      ['universal', 'universal', true],
      ['universal', 'domain_local', false],
      ['domain_local', 'global', true],
      ['domain_local', 'universal', true],
      ['domain_local', 'domain_local', true],
    ])('%s containing %s is %s', (parent, member, allowed) => {
      expect(mayContain(parent, member)).toBe(allowed);
    });
  });

  describe(scopeChangePath.name, () => {
    it.each<[GroupScope, GroupScope, GroupScope[]]>([
      ['global', 'global', []],
      ['global', 'universal', ['universal']],
      ['global', 'domain_local', ['universal', 'domain_local']],
      ['universal', 'global', ['global']],
      ['universal', 'universal', []],
      ['universal', 'domain_local', ['domain_local']],
      ['domain_local', 'global', ['universal', 'global']],
      ['domain_local', 'universal', ['universal']],
      ['domain_local', 'domain_local', []],
    ])('goes from %s to %s through %j', (from, to, path) => {
      expect(scopeChangePath(from, to)).toEqual(path);
    });
  });

  describe(findMemberViolation.name, () => {
    it('accepts allowed member groups', () => {
      const members = [group('A', 'global'), group('B', 'universal')];

      expect(findMemberViolation({ dn: GROUP, scope: 'universal' }, members)).toBeUndefined();
    });

    it('returns the first forbidden member', () => {
      const forbidden = group('B', 'domain_local');
      const parent = { dn: GROUP, scope: 'universal' as const };

      expect(findMemberViolation(parent, [group('A', 'global'), forbidden])).toEqual({
        parent,
        member: forbidden,
      });
    });

    it('rejects the group itself in another spelling', () => {
      const parent = { dn: GROUP, scope: 'domain_local' as const };
      const self = { dn: 'cn=subject,ou=groups,dc=example,dc=com', scope: 'domain_local' as const };

      expect(findMemberViolation(parent, [self])).toEqual({ parent, member: self });
    });

    it('does not judge groups without a scope', () => {
      const parent = { dn: GROUP, scope: 'global' as const };

      expect(findMemberViolation(parent, [group('App', null)])).toBeUndefined();
    });
  });

  describe(findParentViolation.name, () => {
    it('returns the parent that may not contain the group', () => {
      const member = { dn: GROUP, scope: 'universal' as const };
      const parent = group('P', 'global');

      expect(findParentViolation(member, [group('Q', 'domain_local'), parent])).toEqual({
        parent,
        member,
      });
    });
  });

  describe(findScopeChangeViolation.name, () => {
    const none: ScopedGroup[] = [];

    it('rejects global to domain local inside a global group', () => {
      const parent = group('P', 'global');

      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'global',
        to: 'domain_local',
        members: none,
        addedMembers: none,
        parents: [parent],
      });

      expect(violation).toEqual({ parent, member: { dn: GROUP, scope: 'universal' } });
    });

    it('rejects global to universal inside a global group', () => {
      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'global',
        to: 'universal',
        members: none,
        addedMembers: none,
        parents: [group('P', 'global')],
      });

      expect(violation?.parent.dn).toBe(`CN=P,${BASE}`);
    });

    it('rejects domain local to universal with a domain-local member', () => {
      const member = group('M', 'domain_local');

      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'domain_local',
        to: 'universal',
        members: [member],
        addedMembers: none,
        parents: none,
      });

      expect(violation).toEqual({ parent: { dn: GROUP, scope: 'universal' }, member });
    });

    it('rejects domain local to global through universal with a domain-local member', () => {
      const member = group('M', 'domain_local');

      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'domain_local',
        to: 'global',
        members: [member],
        addedMembers: none,
        parents: none,
      });

      expect(violation?.parent.scope).toBe('universal');
    });

    it('rejects universal to global with a universal member', () => {
      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'universal',
        to: 'global',
        members: [group('M', 'universal')],
        addedMembers: none,
        parents: none,
      });

      expect(violation?.member.dn).toBe(`CN=M,${BASE}`);
    });

    it('rejects universal to domain local inside a universal group', () => {
      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'universal',
        to: 'domain_local',
        members: none,
        addedMembers: none,
        parents: [group('P', 'universal')],
      });

      expect(violation?.parent.dn).toBe(`CN=P,${BASE}`);
    });

    it('allows universal to domain local inside a domain-local group', () => {
      const violation = findScopeChangeViolation({
        dn: GROUP,
        from: 'universal',
        to: 'domain_local',
        members: [group('M', 'universal')],
        addedMembers: none,
        parents: [group('P', 'domain_local')],
      });

      expect(violation).toBeUndefined();
    });

    it('checks added members against the target scope only', () => {
      const change = {
        dn: GROUP,
        from: 'global' as const,
        to: 'domain_local' as const,
        members: none,
        parents: none,
      };

      expect(
        findScopeChangeViolation({ ...change, addedMembers: [group('D', 'domain_local')] }),
      ).toBeUndefined();
      expect(
        findScopeChangeViolation({
          ...change,
          members: [group('D', 'domain_local')],
          addedMembers: none,
        }),
      ).toBeDefined();
    });
  });

  describe(describeViolation.name, () => {
    it('names both groups and the rule', () => {
      const message = describeViolation({
        parent: group('P', 'global'),
        member: group('M', 'universal'),
      });

      expect(message).toBe(
        `The universal group "CN=M,${BASE}" cannot be a member of the global group "CN=P,${BASE}": a global group may contain only global groups.`,
      );
    });

    it('names a group that contains itself', () => {
      const self = group('S', 'domain_local');

      expect(describeViolation({ parent: self, member: self })).toBe(
        `The group "CN=S,${BASE}" cannot be a member of itself.`,
      );
    });
  });
});
