import { DomainError } from '../common/errors';
import { compileDirtreeFilter, containerFilter, MAX_FILTER_TERMS } from './dirtree-filter';

const CONTAINERS =
  '(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=builtinDomain))';
const OBJECTS =
  '(objectClass=user)(objectClass=person)(objectClass=group)(objectClass=organizationalPerson)(objectClass=computer)';
const DEFAULT_UNION = `(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=builtinDomain)${OBJECTS})`;

function rejection(filter: unknown): DomainError {
  try {
    compileDirtreeFilter(filter);
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }

    throw error;
  }

  throw new Error('the filter was accepted');
}

describe(compileDirtreeFilter.name, () => {
  describe('default', () => {
    it.each([undefined, {}, { exclude: {} }, { iexact: {} }])(
      'selects the default union for %j',
      (filter) => {
        expect(compileDirtreeFilter(filter)).toEqual({
          objects: DEFAULT_UNION,
          containers: CONTAINERS,
        });
      },
    );
  });

  describe('exclude', () => {
    it('drops the excluded term and negates it', () => {
      const compiled = compileDirtreeFilter({ exclude: { computer: 'objectClass' } });

      expect(compiled.objects).toBe(
        '(&(|(objectClass=organizationalUnit)(objectClass=container)(objectClass=builtinDomain)' +
          '(objectClass=user)(objectClass=person)(objectClass=group)(objectClass=organizationalPerson))' +
          '(!(objectClass=computer)))',
      );
      expect(compiled.containers).toBe(`(&${CONTAINERS}(!(objectClass=computer)))`);
    });

    it('matches default terms ignoring case', () => {
      const compiled = compileDirtreeFilter({ exclude: { COMPUTER: 'objectclass' } });

      expect(compiled.objects).not.toContain('(objectClass=computer)(');
      expect(compiled.objects).toContain('(!(objectClass=COMPUTER))');
    });

    it('escapes a hostile value', () => {
      const compiled = compileDirtreeFilter({ exclude: { '*)(objectClass=*': 'objectClass' } });

      expect(compiled.objects).toContain('(!(objectClass=\\2a\\29\\28objectClass=\\2a))');
    });

    it('selects nothing when every default term is excluded', () => {
      const exclude = Object.fromEntries(
        [
          'organizationalUnit',
          'container',
          'builtinDomain',
          'user',
          'person',
          'group',
          'organizationalPerson',
          'computer',
        ].map((value) => [value, 'objectClass']),
      );

      expect(compileDirtreeFilter({ exclude }).objects).toBeUndefined();
    });
  });

  describe('iexact', () => {
    it('builds the move dialog filter', () => {
      const dn = 'OU=Sales\\, EMEA,DC=example,DC=com';

      const compiled = compileDirtreeFilter({
        iexact: {
          organizationalUnit: 'objectClass',
          container: { attr: 'objectClass', or: true },
          [dn]: { attr: 'distinguishedName', exclude: true },
        },
      });

      expect(compiled.objects).toBe(
        '(&(|(objectClass=organizationalUnit)(objectClass=container))' +
          '(!(distinguishedName=OU=Sales\\5c, EMEA,DC=example,DC=com)))',
      );
      expect(compiled.containers).toBe(
        `(&${CONTAINERS}(!(distinguishedName=OU=Sales\\5c, EMEA,DC=example,DC=com)))`,
      );
    });

    it('flattens a run of the same operator', () => {
      const compiled = compileDirtreeFilter({
        iexact: { a: 'cn', b: { attr: 'cn', or: true }, c: { attr: 'cn', or: true } },
      });

      expect(compiled.objects).toBe('(|(cn=a)(cn=b)(cn=c))');
    });

    it('keeps only exclusions that no later OR wraps for the containers', () => {
      const compiled = compileDirtreeFilter({
        iexact: {
          a: { attr: 'cn', exclude: true },
          b: { attr: 'cn', or: true },
          c: { attr: 'cn', exclude: true },
        },
      });

      expect(compiled.objects).toBe('(&(|(!(cn=a))(cn=b))(!(cn=c)))');
      expect(compiled.containers).toBe(`(&${CONTAINERS}(!(cn=c)))`);
    });

    it('ignores or on the first term', () => {
      const compiled = compileDirtreeFilter({ iexact: { a: { attr: 'cn', or: true }, b: 'cn' } });

      expect(compiled.objects).toBe('(&(cn=a)(cn=b))');
    });

    it('writes attributes in schema spelling', () => {
      expect(compileDirtreeFilter({ iexact: { x: 'SAMACCOUNTNAME' } }).objects).toBe(
        '(sAMAccountName=x)',
      );
    });
  });

  describe('rejections', () => {
    it.each([
      ['a string', '(objectClass=*)', 'filter'],
      ['null', null, 'filter'],
      ['an array', [], 'filter'],
      ['both forms', { exclude: {}, iexact: {} }, 'filter'],
      ['an unknown form', { regex: {} }, 'filter.regex'],
      ['an attribute outside the list', { iexact: { x: 'objectClass)(|(cn=*' } }, 'filter.iexact'],
      ['a number as attribute', { exclude: { x: 1 } }, 'filter.exclude'],
      ['an object in exclude', { exclude: { x: { attr: 'cn' } } }, 'filter.exclude'],
      ['a string flag', { iexact: { x: { attr: 'cn', exclude: 'true' } } }, 'filter.iexact'],
      ['a missing attr', { iexact: { x: { or: true } } }, 'filter.iexact'],
      ['an unknown key', { iexact: { x: { attr: 'cn', not: true } } }, 'filter.iexact'],
      ['an oversized value', { iexact: { ['x'.repeat(257)]: 'cn' } }, 'filter.iexact'],
      ['an empty value', { iexact: { '': 'cn' } }, 'filter.iexact'],
      ['a lone surrogate', { iexact: { '\ud800': 'cn' } }, 'filter.iexact'],
      ['a malformed DN', { iexact: { 'a,b': 'distinguishedName' } }, 'filter.iexact'],
      [
        'too many terms',
        {
          iexact: Object.fromEntries(
            Array.from({ length: MAX_FILTER_TERMS + 1 }, (_, index) => [`v${index}`, 'cn']),
          ),
        },
        'filter.iexact',
      ],
    ])('rejects %s', (_case, filter, field) => {
      const error = rejection(filter);

      expect(error.code).toBe('invalid_input');
      expect(error.field).toBe(field);
    });
  });
});

describe(containerFilter.name, () => {
  it('selects OUs, containers and the Builtin domain', () => {
    expect(containerFilter()).toBe(CONTAINERS);
  });
});
