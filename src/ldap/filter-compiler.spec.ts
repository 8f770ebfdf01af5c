import { EqualityFilter, SubstringFilter } from 'ldapts';

import { compileFilter, InvalidFilterError } from './filter-compiler';

describe(compileFilter.name, () => {
  it('decodes escaped UTF-8 letters to text', () => {
    const filter = compileFilter('(cn=Gj\\c3\\b8vik)') as EqualityFilter;

    expect(filter.value).toBe('Gjøvik');
  });

  it('keeps literal non-ASCII letters', () => {
    const filter = compileFilter('(sAMAccountName=jürgen)') as EqualityFilter;

    expect(filter.value).toBe('jürgen');
  });

  it('sends bytes that are not UTF-8 as raw octets', () => {
    const filter = compileFilter('(objectGUID=\\de\\be\\5d\\b1)') as EqualityFilter;

    expect(filter.value).toEqual(Buffer.from('debe5db1', 'hex'));
  });

  it('sends ASCII-range binary values with the same bytes', () => {
    const filter = compileFilter(
      '(objectSid=\\01\\02\\00\\00\\00\\00\\00\\05\\20\\00\\00\\00\\20\\02\\00\\00)',
    );

    expect(Buffer.from((filter as EqualityFilter).value)).toEqual(
      Buffer.from('01020000000000052000000020020000', 'hex'),
    );
  });

  it('decodes escaped metacharacters in an equality value', () => {
    const filter = compileFilter('(cn=Meta \\28\\2a\\29 \\5c)') as EqualityFilter;

    expect(filter.value).toBe('Meta (*) \\');
  });

  it.each([['line\nbreak'], ['carriage\rreturn'], ['line\u2028separator']])(
    'keeps %p in a value',
    (value) => {
      const filter = compileFilter(`(cn=${value})`) as EqualityFilter;

      expect(filter.value).toBe(value);
    },
  );

  it('builds substring filters', () => {
    const filter = compileFilter('(mail=*a\\2ab*c*)') as SubstringFilter;

    expect(filter).toBeInstanceOf(SubstringFilter);
    expect(filter.initial).toBe('');
    expect(filter.any).toEqual(['a*b', 'c']);
    expect(filter.final).toBe('');
  });

  it('round-trips nested boolean filters', () => {
    const source = '(&(objectClass=user)(!(objectClass=computer))(|(cn=a)(sn=b)))';

    expect(compileFilter(source).toString()).toBe(source);
  });

  it('accepts extensible matches with a rule', () => {
    const filter = compileFilter('(userAccountControl:1.2.840.113556.1.4.803:=2)');

    expect(filter.toString()).toBe('(userAccountControl:1.2.840.113556.1.4.803:=2)');
  });

  it.each([
    ['unbalanced parentheses', '(cn=a'],
    ['unescaped parenthesis in a value', '(cn=a(b)'],
    ['trailing text', '(cn=a))(cn=b)'],
    ['a bad escape', '(cn=a\\zz)'],
    ['an empty boolean list', '(&)'],
    ['a bad attribute name', '(c n=a)'],
  ])('rejects %s', (_case, source) => {
    expect(() => compileFilter(source)).toThrow(InvalidFilterError);
  });
});
