import {
  and,
  bitAnd,
  bitOr,
  contains,
  eq,
  eqBytes,
  gte,
  inChain,
  InvalidFilterError,
  isValidAttributeDescription,
  lte,
  not,
  or,
  present,
  substring,
} from './filter-builder';
import { LdapSyntaxError } from './ldap-syntax-error';

describe(isValidAttributeDescription.name, () => {
  it.each([
    'cn',
    'sAMAccountName',
    'msDS-User-Account-Control-Computed',
    'member;range',
    'userCertificate;binary',
    'cn;lang-en;x-option',
    '2.5.4.3',
    '1.2.840.113556.1.4.8',
    '2.5.4.3;binary',
    '2.5',
  ])('accepts %j', (attribute) => {
    expect(isValidAttributeDescription(attribute)).toBe(true);
  });

  it.each([
    '',
    '1cn',
    '-cn',
    'cn=',
    'cn)(uid=*',
    'c n',
    'cn;',
    'cn;;binary',
    'cn;a=b',
    '2.05.4.3',
    '2',
    '2.5.4.',
    'cn\0',
    'cn*',
    'ñame',
  ])('rejects %j', (attribute) => {
    expect(isValidAttributeDescription(attribute)).toBe(false);
  });
});

describe(eq.name, () => {
  it('builds an equality filter', () => {
    const filter = eq('sAMAccountName', 'jdoe');

    expect(filter).toBe('(sAMAccountName=jdoe)');
  });

  it('escapes an injection attempt', () => {
    const filter = eq('uid', '*)(uid=*))(|(uid=*');

    expect(filter).toBe('(uid=\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a)');
  });

  it('matches a literal asterisk', () => {
    const filter = eq('cn', '*');

    expect(filter).toBe('(cn=\\2a)');
  });

  it('keeps non-ASCII text', () => {
    const filter = eq('l', 'Gjøvik');

    expect(filter).toBe('(l=Gjøvik)');
  });

  it('allows an empty value', () => {
    const filter = eq('description', '');

    expect(filter).toBe('(description=)');
  });

  it('rejects an attribute smuggling a filter', () => {
    const act = () => eq('cn=*)(objectClass', 'x');

    expect(act).toThrow(InvalidFilterError);
    expect(act).toThrow('Invalid attribute description in filter: "cn=*)(objectClass"');
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => eq('', 'x');

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(eqBytes.name, () => {
  it('escapes every byte of a GUID', () => {
    const guid = Buffer.from('debe5db1c07fbe47973b3d058a0a3060', 'hex');

    const filter = eqBytes('objectGUID', guid);

    expect(filter).toBe(
      '(objectGUID=\\de\\be\\5d\\b1\\c0\\7f\\be\\47\\97\\3b\\3d\\05\\8a\\0a\\30\\60)',
    );
  });

  it('rejects an invalid attribute', () => {
    const act = () => eqBytes('object Sid', Buffer.from([1]));

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(gte.name, () => {
  it('builds a greater-or-equal filter', () => {
    const filter = gte('lockoutTime', '1');

    expect(filter).toBe('(lockoutTime>=1)');
  });

  it('escapes the value', () => {
    const filter = gte('cn', 'a)');

    expect(filter).toBe('(cn>=a\\29)');
  });
});

describe(lte.name, () => {
  it('builds a less-or-equal filter', () => {
    const filter = lte('whenChanged', '20240101000000.0Z');

    expect(filter).toBe('(whenChanged<=20240101000000.0Z)');
  });
});

describe(present.name, () => {
  it('builds a presence filter', () => {
    const filter = present('mail');

    expect(filter).toBe('(mail=*)');
  });

  it('rejects an invalid attribute', () => {
    const act = () => present('mail)(x');

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(substring.name, () => {
  it('builds initial, any and final parts', () => {
    const filter = substring('cn', { initial: 'Jo', any: ['h', 'n'], final: 'Doe' });

    expect(filter).toBe('(cn=Jo*h*n*Doe)');
  });

  it('builds an initial-only filter', () => {
    const filter = substring('sAMAccountName', { initial: 'adm' });

    expect(filter).toBe('(sAMAccountName=adm*)');
  });

  it('builds a final-only filter', () => {
    const filter = substring('mail', { final: '@interlock.test' });

    expect(filter).toBe('(mail=*@interlock.test)');
  });

  it('escapes each part', () => {
    const filter = substring('cn', { initial: '(', any: ['*'], final: '\\' });

    expect(filter).toBe('(cn=\\28*\\2a*\\5c)');
  });

  it('treats empty initial and final as absent', () => {
    const filter = substring('cn', { initial: '', any: ['x'], final: '' });

    expect(filter).toBe('(cn=*x*)');
  });

  it('rejects an empty middle part', () => {
    const act = () => substring('cn', { any: ['a', ''] });

    expect(act).toThrow(InvalidFilterError);
  });

  it('rejects a pattern without text', () => {
    const act = () => substring('cn', { initial: '', final: '' });

    expect(act).toThrow('A substring filter needs at least one non-empty part; use present()');
  });

  it('rejects an invalid attribute', () => {
    const act = () => substring('c*n', { initial: 'a' });

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(contains.name, () => {
  it('wraps the value in asterisks', () => {
    const filter = contains('displayName', 'Groß');

    expect(filter).toBe('(displayName=*Groß*)');
  });

  it('escapes an injection attempt', () => {
    const filter = contains('cn', '*)(uid=*))(|(uid=*');

    expect(filter).toBe('(cn=*\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a*)');
  });

  it('rejects an empty value', () => {
    const act = () => contains('cn', '');

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(and.name, () => {
  it('combines filters', () => {
    const filter = and(eq('objectClass', 'person'), not(eq('objectClass', 'computer')));

    expect(filter).toBe('(&(objectClass=person)(!(objectClass=computer)))');
  });

  it('returns a single operand unchanged', () => {
    const filter = and(eq('cn', 'a'));

    expect(filter).toBe('(cn=a)');
  });

  it('nests', () => {
    const filter = and(or(eq('a', '1'), eq('b', '2')), present('c'));

    expect(filter).toBe('(&(|(a=1)(b=2))(c=*))');
  });

  it('rejects no operands', () => {
    const act = () => and();

    expect(act).toThrow(InvalidFilterError);
  });

  it.each(['cn=a', '(cn=a)(cn=b)', '(cn=a))(|(cn=b)', '(cn=a', 'cn=a)', '()', '', ')('])(
    'rejects the raw operand %j',
    (raw) => {
      const act = () => and(eq('cn', 'x'), raw);

      expect(act).toThrow(InvalidFilterError);
    },
  );
});

describe(or.name, () => {
  it('combines filters', () => {
    const filter = or(eq('sAMAccountName', 'jdoe'), eq('mail', 'jdoe'));

    expect(filter).toBe('(|(sAMAccountName=jdoe)(mail=jdoe))');
  });

  it('rejects two filters passed as one', () => {
    const act = () => or('(a=1)(b=2)');

    expect(act).toThrow('Not a single parenthesised LDAP filter: "(a=1)(b=2)"');
  });
});

describe(not.name, () => {
  it('negates a filter', () => {
    const filter = not(present('mail'));

    expect(filter).toBe('(!(mail=*))');
  });

  it('rejects a raw string', () => {
    const act = () => not('mail=*');

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(bitAnd.name, () => {
  it('uses the bitwise AND matching rule', () => {
    const filter = bitAnd('userAccountControl', 2);

    expect(filter).toBe('(userAccountControl:1.2.840.113556.1.4.803:=2)');
  });

  it('sends a negative mask in unsigned form', () => {
    const filter = bitAnd('groupType', -2147483648);

    expect(filter).toBe('(groupType:1.2.840.113556.1.4.803:=2147483648)');
  });

  it('accepts the unsigned security bit', () => {
    const filter = bitAnd('groupType', 0x80000000);

    expect(filter).toBe('(groupType:1.2.840.113556.1.4.803:=2147483648)');
  });

  it.each([1.5, Number.NaN, 2 ** 32, -(2 ** 31) - 1])('rejects the mask %p', (mask) => {
    const act = () => bitAnd('userAccountControl', mask);

    expect(act).toThrow(InvalidFilterError);
  });

  it('rejects an invalid attribute', () => {
    const act = () => bitAnd('userAccountControl:1.2.3:', 2);

    expect(act).toThrow(InvalidFilterError);
  });
});

describe(bitOr.name, () => {
  it('uses the bitwise OR matching rule', () => {
    const filter = bitOr('userAccountControl', 0x1000 | 0x2000);

    expect(filter).toBe('(userAccountControl:1.2.840.113556.1.4.804:=12288)');
  });
});

describe(inChain.name, () => {
  it('uses the in-chain matching rule', () => {
    const filter = inChain('memberOf', 'CN=Domain Admins,CN=Users,DC=interlock,DC=test');

    expect(filter).toBe(
      '(memberOf:1.2.840.113556.1.4.1941:=CN=Domain Admins,CN=Users,DC=interlock,DC=test)',
    );
  });

  it('filter-escapes the DN escapes', () => {
    const filter = inChain('memberOf', 'CN=Sales\\, EMEA (*),DC=interlock,DC=test');

    expect(filter).toBe(
      '(memberOf:1.2.840.113556.1.4.1941:=CN=Sales\\5c, EMEA \\28\\2a\\29,DC=interlock,DC=test)',
    );
  });

  it('rejects an invalid attribute', () => {
    const act = () => inChain('member of', 'DC=test');

    expect(act).toThrow(InvalidFilterError);
  });
});
