import {
  childDn,
  dnEquals,
  escapeDnValue,
  firstRdn,
  firstRdnValue,
  formatDn,
  InvalidDnError,
  isDescendantOrSelf,
  isValidDn,
  withHexBackslashes,
  dnKeys,
  ancestorKeys,
  isKeyDescendantOrSelf,
  normalizeDn,
  parentDn,
  parseDn,
  type Rdn,
  rdn,
} from './dn';
import { LdapSyntaxError } from './ldap-syntax-error';

const BASE = 'OU=Interlock Demo,DC=interlock,DC=test';

function single(type: string, value: string): Rdn {
  return { attributes: [{ type, value }] };
}

describe(escapeDnValue.name, () => {
  it.each([
    [',', '\\,'],
    ['+', '\\+'],
    ['"', '\\"'],
    ['\\', '\\\\'],
    ['<', '\\<'],
    ['>', '\\>'],
    [';', '\\;'],
    ['=', '\\='],
    ['\0', '\\00'],
    ['\n', '\\0A'],
    ['\r', '\\0D'],
    ['\x7f', '\\7F'],
  ])('escapes %j', (input, expected) => {
    const escaped = escapeDnValue(`a${input}b`);

    expect(escaped).toBe(`a${expected}b`);
  });

  it('escapes a leading and a trailing space', () => {
    const escaped = escapeDnValue(' Leading and trailing ');

    expect(escaped).toBe('\\ Leading and trailing\\ ');
  });

  it('keeps inner spaces', () => {
    const escaped = escapeDnValue('a  b');

    expect(escaped).toBe('a  b');
  });

  it('escapes a value of one space once', () => {
    const escaped = escapeDnValue(' ');

    expect(escaped).toBe('\\ ');
  });

  it('escapes every space of two', () => {
    const escaped = escapeDnValue('  ');

    expect(escaped).toBe('\\ \\ ');
  });

  it('escapes a leading #', () => {
    const escaped = escapeDnValue('#Hash Leading');

    expect(escaped).toBe('\\#Hash Leading');
  });

  it('keeps a # elsewhere', () => {
    const escaped = escapeDnValue('East#Test');

    expect(escaped).toBe('East#Test');
  });

  it('keeps filter metacharacters', () => {
    const escaped = escapeDnValue('Meta (*)');

    expect(escaped).toBe('Meta (*)');
  });

  it('keeps non-ASCII characters', () => {
    const escaped = escapeDnValue('Jürgen Groß, Gjøvik 😀');

    expect(escaped).toBe('Jürgen Groß\\, Gjøvik 😀');
  });

  it('escapes a DN injection attempt', () => {
    const escaped = escapeDnValue('x,OU=Domain Controllers,DC=interlock,DC=test');

    expect(escaped).toBe('x\\,OU\\=Domain Controllers\\,DC\\=interlock\\,DC\\=test');
  });

  it('returns an empty value unchanged', () => {
    const escaped = escapeDnValue('');

    expect(escaped).toBe('');
  });
});

describe(parseDn.name, () => {
  it('parses a plain DN', () => {
    const rdns = parseDn('CN=Administrator,CN=Users,DC=interlock,DC=test');

    expect(rdns).toEqual([
      single('CN', 'Administrator'),
      single('CN', 'Users'),
      single('DC', 'interlock'),
      single('DC', 'test'),
    ]);
  });

  it('parses the root DN', () => {
    expect(parseDn('')).toEqual([]);
    expect(parseDn('   ')).toEqual([]);
  });

  it('keeps attribute types as written', () => {
    const rdns = parseDn('cn=a,Ou=b,2.5.4.3=c');

    expect(rdns.map((parsed) => parsed.attributes[0].type)).toEqual(['cn', 'Ou', '2.5.4.3']);
  });

  it.each([
    ['CN=Lastname\\, Firstname,OU=Sales\\, EMEA,' + BASE, 'Lastname, Firstname', 'Sales, EMEA'],
    ['CN=\\#Hash Leading,' + BASE, '#Hash Leading', 'Interlock Demo'],
    ['CN=\\ Leading Space,' + BASE, ' Leading Space', 'Interlock Demo'],
    ['CN=Trailing Space\\ ,' + BASE, 'Trailing Space ', 'Interlock Demo'],
    ['CN=Meta (*) \\\\ \\; \\"\\<x\\>,' + BASE, 'Meta (*) \\ ; "<x>', 'Interlock Demo'],
    ['CN=East#Test \\+ Lab,' + BASE, 'East#Test + Lab', 'Interlock Demo'],
    ['CN=a\\=b,' + BASE, 'a=b', 'Interlock Demo'],
    ['CN=a=b,' + BASE, 'a=b', 'Interlock Demo'],
    ['CN=Jürgen Groß,OU=Gjøvik,' + BASE, 'Jürgen Groß', 'Gjøvik'],
    ['CN=Line\\0ABreak,' + BASE, 'Line\nBreak', 'Interlock Demo'],
  ])('parses the AD form %j', (dn, first, second) => {
    const rdns = parseDn(dn);

    expect(rdns[0].attributes[0].value).toBe(first);
    expect(rdns[1].attributes[0].value).toBe(second);
  });

  it('decodes hex pairs into UTF-8', () => {
    const rdns = parseDn('CN=Gj\\C3\\B8vik,DC=test');

    expect(rdns[0].attributes[0].value).toBe('Gjøvik');
  });

  it('decodes a four-byte UTF-8 sequence', () => {
    const rdns = parseDn('CN=\\F0\\9F\\98\\80,DC=test');

    expect(rdns[0].attributes[0].value).toBe('😀');
  });

  it('keeps text, escapes and hex pairs in order', () => {
    const rdns = parseDn('CN=Ø \\2C\\C3\\A9\\, x\\20 日本 ,DC=test');

    expect(rdns[0].attributes[0].value).toBe('Ø ,é, x  日本');
  });

  it('reads a lone surrogate as U+FFFD', () => {
    const rdns = parseDn('CN=a\uD800b,DC=test');

    expect(rdns[0].attributes[0].value).toBe('a\uFFFDb');
  });

  it('decodes hex pairs of special characters', () => {
    const rdns = parseDn('O=Sue\\2C Grabbit and Runn\\2b Co,C=GB');

    expect(rdns[0].attributes[0].value).toBe('Sue, Grabbit and Runn+ Co');
  });

  it('decodes lower- and upper-case hex', () => {
    const rdns = parseDn('CN=\\c3\\B8');

    expect(rdns[0].attributes[0].value).toBe('ø');
  });

  it('parses a multi-valued RDN', () => {
    const rdns = parseDn('OU=Sales+CN=J. Smith,DC=example,DC=net');

    expect(rdns[0]).toEqual({
      attributes: [
        { type: 'OU', value: 'Sales' },
        { type: 'CN', value: 'J. Smith' },
      ],
    });
    expect(rdns).toHaveLength(3);
  });

  it('ignores spaces around separators', () => {
    const rdns = parseDn('  CN = John Doe , OU = Sales + L = Oslo ,DC=test  ');

    expect(rdns).toEqual([
      single('CN', 'John Doe'),
      {
        attributes: [
          { type: 'OU', value: 'Sales' },
          { type: 'L', value: 'Oslo' },
        ],
      },
      single('DC', 'test'),
    ]);
  });

  it('keeps an escaped space before unescaped ones', () => {
    const rdns = parseDn('CN=a\\  ,DC=test');

    expect(rdns[0].attributes[0].value).toBe('a ');
  });

  it('keeps an escaped space after an inner space', () => {
    const rdns = parseDn('CN=a \\ ,DC=test');

    expect(rdns[0].attributes[0].value).toBe('a  ');
  });

  it('parses an empty value', () => {
    const rdns = parseDn('CN=,DC=test');

    expect(rdns[0].attributes[0].value).toBe('');
  });

  it.each([
    ['UTF8String', 'CN=#0C0548656C6C6F', 'Hello'],
    ['PrintableString', 'CN=#130548656C6C6F', 'Hello'],
    ['IA5String', 'CN=#160548656C6C6F', 'Hello'],
    ['OCTET STRING', 'CN=#04024869', 'Hi'],
    ['UTF8String with UTF-8', 'CN=#0C03C3B878', 'øx'],
    ['lower-case hex', 'cn=#0c024869', 'Hi'],
  ])('decodes a #hex %s value', (_kind, dn, value) => {
    const rdns = parseDn(dn);

    expect(rdns[0].attributes[0].value).toBe(value);
  });

  it('decodes a #hex value with long-form length', () => {
    const content = 'x'.repeat(130);
    const hex = '0C8182' + Buffer.from(content).toString('hex');

    const rdns = parseDn(`CN=#${hex},DC=test`);

    expect(rdns[0].attributes[0].value).toBe(content);
  });

  it('allows spaces after a #hex value', () => {
    const rdns = parseDn('CN=#04024869  , DC=test');

    expect(rdns[0].attributes[0].value).toBe('Hi');
  });

  it.each([
    ['unterminated escape', 'CN=abc\\', 'unterminated escape at position 6'],
    ['missing =', 'CN,DC=test', 'missing "=" after attribute type "CN" at position 2'],
    ['value without type', 'Administrator', 'missing "=" after attribute type "Administrator"'],
    ['empty RDN in the middle', 'CN=a,,DC=test', 'empty RDN at position 5'],
    ['leading comma', ',DC=test', 'empty RDN at position 0'],
    ['trailing comma', 'CN=a,DC=test,', 'empty RDN at position 13'],
    ['trailing comma and space', 'CN=a, ', 'empty RDN'],
    ['empty attribute type', '=a,DC=test', 'empty attribute type at position 0'],
    ['empty type after +', 'CN=a+=b', 'empty attribute type at position 5'],
    ['dangling +', 'CN=a+,DC=test', 'empty RDN'],
    ['invalid type character', 'C_N=a', 'invalid character "_" in attribute type'],
    ['type starting with a digit', '1CN=a', 'invalid attribute type "1CN"'],
    ['OID with a leading zero', '2.05.4.3=a', 'invalid attribute type "2.05.4.3"'],
    ['invalid escape', 'CN=a\\xb', 'invalid escape "\\x"'],
    ['single hex digit', 'CN=a\\4', 'invalid escape "\\4"'],
    ['unescaped quote', 'CN=a"b', 'unescaped "\\"" in a value'],
    ['unescaped semicolon', 'CN=a;DC=test', 'unescaped ";" in a value'],
    ['unescaped angle bracket', 'CN=<x>', 'unescaped "<" in a value'],
    ['unescaped NUL', 'CN=a\0b', 'unescaped "\\u0000" in a value'],
    ['invalid UTF-8', 'CN=\\C3\\28', 'escaped bytes are not valid UTF-8'],
    ['truncated UTF-8', 'CN=\\C3', 'escaped bytes are not valid UTF-8'],
    ['odd hex digits', 'CN=#0C0', 'even, non-zero number of hex digits'],
    ['empty #hex', 'CN=#,DC=test', 'even, non-zero number of hex digits'],
    ['text after #hex', 'CN=#04024869x', 'unexpected "x" after a #hex value'],
    ['BER length mismatch', 'CN=#040348', 'BER length does not match the value'],
    ['truncated BER', 'CN=#04', 'truncated BER value'],
    ['non-string BER tag', 'CN=#020101', 'BER tag 0x02 is not a string type'],
    ['indefinite BER length', 'CN=#0C80', 'unsupported BER length in the value'],
    ['invalid UTF-8 in BER', 'CN=#0C01FF', 'escaped bytes are not valid UTF-8'],
    ['LDAP URL', 'ldap://dc1/DC=test', 'invalid character ":" in attribute type'],
  ])('rejects %s', (_case, dn, reason) => {
    const act = () => parseDn(dn);

    expect(act).toThrow(InvalidDnError);
    expect(act).toThrow(reason);
  });

  it('names the DN in the error', () => {
    const act = () => parseDn('CN=a,,DC=test');

    expect(act).toThrow('Invalid DN "CN=a,,DC=test": empty RDN at position 5');
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => parseDn('nonsense');

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(formatDn.name, () => {
  it('formats RDNs with escaped values', () => {
    const dn = formatDn([single('CN', 'Lastname, Firstname'), single('OU', 'Sales, EMEA')]);

    expect(dn).toBe('CN=Lastname\\, Firstname,OU=Sales\\, EMEA');
  });

  it('formats a multi-valued RDN', () => {
    const dn = formatDn([
      {
        attributes: [
          { type: 'OU', value: 'Sales' },
          { type: 'CN', value: 'J+Smith' },
        ],
      },
      single('DC', 'net'),
    ]);

    expect(dn).toBe('OU=Sales+CN=J\\+Smith,DC=net');
  });

  it('formats the root DN', () => {
    expect(formatDn([])).toBe('');
  });

  it('rejects an RDN without attributes', () => {
    const act = () => formatDn([{ attributes: [] }]);

    expect(act).toThrow(InvalidDnError);
  });

  it('rejects an invalid attribute type', () => {
    const act = () => formatDn([single('CN=x,DC', 'y')]);

    expect(act).toThrow('Invalid attribute type in DN: "CN=x,DC"');
  });

  it.each([
    'CN=Lastname\\, Firstname,OU=Sales\\, EMEA,' + BASE,
    'CN=\\#Hash Leading,' + BASE,
    'CN=\\ Leading Space,' + BASE,
    'CN=Trailing Space\\ ,' + BASE,
    'CN=Meta (*) \\\\ \\; \\"\\<x\\>,' + BASE,
    'CN=Jürgen Groß,OU=Gjøvik,' + BASE,
    'OU=Sales+CN=J. Smith,DC=example,DC=net',
    'CN=a\\=b\\+c,DC=test',
    'CN=\\ ,DC=test',
  ])('writes %j back unchanged', (dn) => {
    const formatted = formatDn(parseDn(dn));

    expect(formatted).toBe(dn);
  });

  it.each<Rdn[]>([
    [single('CN', ' #,+"\\<>;= '), single('DC', 'test')],
    [single('CN', '*)(uid=*))(|(uid=*'), single('OU', 'Gjøvik')],
    [single('CN', '\0\n\r\t'), single('L', '😀 Jürgen Groß')],
    [single('CN', '##'), single('CN', '  '), single('CN', 'a\\2C')],
    [
      {
        attributes: [
          { type: 'CN', value: 'x+y' },
          { type: '2.5.4.11', value: 'z,' },
        ],
      },
    ],
  ])('round-trips hostile values', (...rdns) => {
    const reparsed = parseDn(formatDn(rdns));

    expect(reparsed).toEqual(rdns);
  });

  it('re-escapes hex pairs in the canonical form', () => {
    const formatted = formatDn(parseDn('CN=Sue\\2C Grabbit,CN=Gj\\C3\\B8vik'));

    expect(formatted).toBe('CN=Sue\\, Grabbit,CN=Gjøvik');
  });

  it('writes a #hex value as text', () => {
    const formatted = formatDn(parseDn('CN=#0C0548656C6C6F,DC=test'));

    expect(formatted).toBe('CN=Hello,DC=test');
  });
});

describe(rdn.name, () => {
  it('escapes the value', () => {
    const built = rdn('CN', 'Lastname, Firstname');

    expect(built).toBe('CN=Lastname\\, Firstname');
  });

  it('neutralises an injected RDN', () => {
    const built = rdn('CN', 'x,OU=Domain Controllers');

    expect(parseDn(built)).toEqual([single('CN', 'x,OU=Domain Controllers')]);
  });

  it('rejects an empty value', () => {
    const act = () => rdn('CN', '');

    expect(act).toThrow('The CN value of an RDN cannot be empty');
  });

  it('rejects an invalid type', () => {
    const act = () => rdn('C N', 'x');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(childDn.name, () => {
  it('prepends the escaped RDN', () => {
    const dn = childDn('OU=Sales\\, EMEA,' + BASE, 'CN', '#1 Jürgen Groß ');

    expect(dn).toBe('CN=\\#1 Jürgen Groß\\ ,OU=Sales\\, EMEA,' + BASE);
  });

  it('keeps the parent as written', () => {
    const dn = childDn('ou=Sales, dc=test', 'CN', 'a');

    expect(dn).toBe('CN=a,ou=Sales, dc=test');
  });

  it('builds a naming context under the root', () => {
    const dn = childDn('', 'DC', 'test');

    expect(dn).toBe('DC=test');
  });

  it('rejects an invalid parent', () => {
    const act = () => childDn('OU=a,,DC=test', 'CN', 'b');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(parentDn.name, () => {
  it('drops the first RDN', () => {
    const parent = parentDn('CN=Lastname\\, Firstname,OU=Sales\\, EMEA,' + BASE);

    expect(parent).toBe('OU=Sales\\, EMEA,' + BASE);
  });

  it('keeps the escaping of the server', () => {
    const parent = parentDn('CN=a,OU=Sue\\2C Grabbit,DC=test');

    expect(parent).toBe('OU=Sue\\2C Grabbit,DC=test');
  });

  it('skips the space after the comma', () => {
    const parent = parentDn('CN=a, OU=b, DC=test');

    expect(parent).toBe('OU=b, DC=test');
  });

  it('drops a multi-valued first RDN whole', () => {
    const parent = parentDn('OU=Sales+CN=J. Smith,DC=net');

    expect(parent).toBe('DC=net');
  });

  it('returns the root for a one-RDN DN', () => {
    const parent = parentDn('DC=test');

    expect(parent).toBe('');
  });

  it('rejects the root DN', () => {
    const act = () => parentDn('');

    expect(act).toThrow('the root DN has no RDN');
  });

  it('rejects a malformed DN', () => {
    const act = () => parentDn('CN=a\\');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(firstRdn.name, () => {
  it('returns the canonical first RDN', () => {
    const first = firstRdn('CN=Sue\\2C Grabbit,DC=test');

    expect(first).toBe('CN=Sue\\, Grabbit');
  });

  it('keeps an escaped trailing space', () => {
    const first = firstRdn('CN=Trailing\\ ,DC=test');

    expect(first).toBe('CN=Trailing\\ ');
  });

  it('rejects the root DN', () => {
    const act = () => firstRdn('');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(firstRdnValue.name, () => {
  it('returns the unescaped value', () => {
    const value = firstRdnValue('CN=Lastname\\, Firstname,OU=Sales\\, EMEA,' + BASE);

    expect(value).toBe('Lastname, Firstname');
  });

  it('returns the first attribute of a multi-valued RDN', () => {
    const value = firstRdnValue('OU=Sales+CN=J. Smith,DC=net');

    expect(value).toBe('Sales');
  });

  it('rejects the root DN', () => {
    const act = () => firstRdnValue('');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(normalizeDn.name, () => {
  it('upper-cases types and lower-cases values', () => {
    const normalized = normalizeDn('cn=John DOE, ou=Sales,dc=Interlock,dc=TEST');

    expect(normalized).toBe('CN=john doe,OU=sales,DC=interlock,DC=test');
  });

  it('folds non-ASCII letters', () => {
    const normalized = normalizeDn('CN=JÜRGEN GROSS,OU=GJØVIK');

    expect(normalized).toBe('CN=jürgen gross,OU=gjøvik');
  });

  it('re-escapes canonically', () => {
    const normalized = normalizeDn('CN=Sue\\2C Grabbit\\3D,CN=\\#x');

    expect(normalized).toBe('CN=sue\\, grabbit\\=,CN=\\#x');
  });

  it('sorts the parts of a multi-valued RDN', () => {
    const normalized = normalizeDn('OU=Sales+CN=Smith,DC=net');

    expect(normalized).toBe('CN=smith+OU=sales,DC=net');
  });

  it('normalises the root DN', () => {
    expect(normalizeDn('')).toBe('');
  });
});

describe(dnEquals.name, () => {
  it.each([
    [
      'CN=Administrator,CN=Users,DC=interlock,DC=test',
      'cn=administrator, cn=users, dc=INTERLOCK, dc=test',
    ],
    ['CN=Lastname\\, Firstname,DC=test', 'CN=Lastname\\2C Firstname,DC=test'],
    ['CN=Gjøvik,DC=test', 'CN=GJ\\C3\\98VIK,DC=test'],
    ['OU=Sales+CN=Smith,DC=net', 'CN=Smith+OU=Sales,DC=net'],
    ['CN=a,DC=test', '  CN = a ,DC=test '],
    ['CN=System,DC=test', 'CN=System\\20,DC=test'],
    ['CN=System,DC=test', 'CN=\\20System,DC=test'],
    ['CN=a,DC=test', 'CN=a\\ ,DC=test'],
    ['CN=Domain Admins,DC=test', 'CN=Domain   Admins,DC=test'],
    ['', ''],
  ])('matches %j and %j', (a, b) => {
    expect(dnEquals(a, b)).toBe(true);
  });

  it.each([
    ['CN=a,DC=test', 'CN=b,DC=test'],
    ['CN=a,DC=test', 'OU=a,DC=test'],
    ['CN=a b,DC=test', 'CN=ab,DC=test'],
    ['CN=a,DC=test', 'CN=a,DC=test,DC=x'],
    ['CN=a\\,b,DC=test', 'CN=a,CN=b,DC=test'],
  ])('tells %j from %j', (a, b) => {
    expect(dnEquals(a, b)).toBe(false);
  });

  it('rejects a malformed DN', () => {
    const act = () => dnEquals('CN=a', 'CN=a,,');

    expect(act).toThrow(InvalidDnError);
  });
});

describe(isDescendantOrSelf.name, () => {
  it('accepts the DN itself', () => {
    expect(isDescendantOrSelf(BASE, 'ou=interlock demo,dc=INTERLOCK,dc=test')).toBe(true);
  });

  it('accepts a deep descendant', () => {
    expect(isDescendantOrSelf('CN=a,OU=Sales\\, EMEA,' + BASE, BASE)).toBe(true);
  });

  it('accepts anything under the root', () => {
    expect(isDescendantOrSelf(BASE, '')).toBe(true);
  });

  it('rejects an ancestor', () => {
    expect(isDescendantOrSelf('DC=interlock,DC=test', BASE)).toBe(false);
  });

  it('rejects a sibling', () => {
    expect(isDescendantOrSelf('CN=a,OU=Other,DC=interlock,DC=test', BASE)).toBe(false);
  });

  it('compares whole RDNs, not string suffixes', () => {
    expect(isDescendantOrSelf('CN=a,OU=XInterlock Demo,DC=interlock,DC=test', BASE)).toBe(false);
  });

  it('is not fooled by an escaped comma', () => {
    const dn = 'CN=x\\,OU=Interlock Demo,DC=interlock,DC=test,OU=Elsewhere,DC=interlock,DC=test';

    expect(isDescendantOrSelf(dn, BASE)).toBe(false);
  });
});

describe(isValidDn.name, () => {
  it.each(['', 'DC=test', 'CN=Lastname\\, Firstname,' + BASE, 'CN=#04024869'])(
    'accepts %j',
    (dn) => {
      expect(isValidDn(dn)).toBe(true);
    },
  );

  it.each([
    'CN',
    'CN=a,',
    'CN=a\\',
    'Administrator',
    'CN=a;b',
    '=x',
    '*)(uid=*',
    'CN=Domain Admins\\00x,DC=test',
    'OU=Sales+CN=Smith,DC=test',
    '2.5.4.3=Domain Admins,DC=test',
  ])('rejects %j', (dn) => {
    expect(isValidDn(dn)).toBe(false);
  });
});

describe(withHexBackslashes.name, () => {
  it('writes a trailing backslash as 5C', () => {
    expect(withHexBackslashes('CN=a\\\\,OU=b\\, c,DC=x')).toBe('CN=a\\5C,OU=b\\, c,DC=x');
  });

  it('leaves the first unescaped comma at the RDN boundary', () => {
    const dn = withHexBackslashes('CN=x\\\\\\,y\\\\,OU=b,DC=x');

    expect(dn.search(/[^\\],/)).toBe(dn.indexOf(',OU=b') - 1);
    expect(parseDn(dn)[0].attributes[0].value).toBe('x\\,y\\');
  });
});

describe(dnKeys.name, () => {
  it('returns the keys of the DN and its parent and the first value', () => {
    expect(dnKeys('CN=Lastname\\, Firstname,OU=Sales,DC=test')).toEqual({
      key: normalizeDn('CN=Lastname\\, Firstname,OU=Sales,DC=test'),
      parentKey: normalizeDn('OU=Sales,DC=test'),
      name: 'Lastname, Firstname',
    });
  });
});

describe(ancestorKeys.name, () => {
  it('lists the DN and each ancestor', () => {
    expect(ancestorKeys('CN=a,OU=b,DC=test')).toEqual(
      ['CN=a,OU=b,DC=TEST', 'OU=b,DC=TEST', 'DC=TEST'].map(normalizeDn),
    );
  });
});

describe(isKeyDescendantOrSelf.name, () => {
  const system = normalizeDn('CN=System,DC=test');

  it.each([
    ['CN=System,DC=test', true],
    ['CN=Policies,CN=System,DC=test', true],
    ['CN=x\\\\,CN=System,DC=test', true],
    ['CN=x\\,CN\\=System,DC=test', false],
    ['CN=MySystem,DC=test', false],
    ['CN=System,DC=other', false],
  ])('judges %s', (dn, expected) => {
    expect(isKeyDescendantOrSelf(normalizeDn(dn), system)).toBe(expected);
  });
});
