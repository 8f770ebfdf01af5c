import { checkDnsZoneName, foldDnsCase } from './dns-zone-name';

describe(checkDnsZoneName.name, () => {
  it.each([
    'example.lan',
    'EXAMPLE.LAN.',
    'lan',
    '_msdcs.example.lan',
    'branch-1.example.lan',
    'bücher.example',
    '0.10.in-addr.arpa',
    '255.255.255.10.in-addr.arpa',
    '10.in-addr.arpa',
    '8.b.d.0.1.0.0.2.ip6.arpa',
    `${'f.'.repeat(32)}ip6.arpa`,
    `${'a'.repeat(63)}.example`,
    'RootDNSServers',
  ])('accepts %s', (name) => {
    expect(checkDnsZoneName(name)).toBeUndefined();
  });

  it.each([
    [5, 'must be a string'],
    [null, 'is required'],
    [undefined, 'is required'],
    ['', 'must not be empty'],
    ['a'.repeat(255), 'must be at most 254 characters long'],
    ['a..b', 'must not contain an empty label (two dots in a row, or a leading dot)'],
    ['.example', 'must not contain an empty label (two dots in a row, or a leading dot)'],
    ['example..', 'must not contain an empty label (two dots in a row, or a leading dot)'],
    [
      `x.${'a'.repeat(64)}`,
      `must have labels of at most 63 bytes, but "${'a'.repeat(64)}" is longer`,
    ],
    ['*.example', 'must have labels of letters, digits, "_" and inner "-" only, but has "*"'],
    ['a b.example', 'must have labels of letters, digits, "_" and inner "-" only, but has "a b"'],
    ['x-.example', 'must have labels of letters, digits, "_" and inner "-" only, but has "x-"'],
    [
      'Root DNS Servers',
      'must have labels of letters, digits, "_" and inner "-" only, but has "Root DNS Servers"',
    ],
    [
      '300.10.in-addr.arpa',
      'must have decimal octets from 0 to 255 before in-addr.arpa, but has "300"',
    ],
    [
      '01.10.in-addr.arpa',
      'must have decimal octets from 0 to 255 before in-addr.arpa, but has "01"',
    ],
    [
      'x.10.in-addr.arpa',
      'must have decimal octets from 0 to 255 before in-addr.arpa, but has "x"',
    ],
    ['1.2.3.4.5.in-addr.arpa', 'must have 1 to 4 octets before in-addr.arpa'],
    ['in-addr.arpa', 'must have 1 to 4 octets before in-addr.arpa'],
    ['ab.ip6.arpa', 'must have single hexadecimal digits before ip6.arpa, but has "ab"'],
    [`${'0.'.repeat(33)}ip6.arpa`, 'must have 1 to 32 hexadecimal digits before ip6.arpa'],
  ])('rejects %p: %s', (name, problem) => {
    expect(checkDnsZoneName(name)).toBe(problem);
  });

  it('rejects a name over 255 bytes in DNS form', () => {
    const name = `${'a'.repeat(62)}.`.repeat(4) + 'bb';

    expect(checkDnsZoneName(name)).toBe('must take at most 255 bytes in DNS form, but takes 256');
  });

  it('rejects a lone surrogate', () => {
    expect(checkDnsZoneName('a\uD800.example')).toBe('must be valid Unicode text');
  });

  it('accepts the empty string only when allowed', () => {
    expect(checkDnsZoneName('', { allowEmpty: true })).toBeUndefined();
  });

  it.each(['Root DNS Servers', 'root dns servers', '..TrustAnchors'])(
    'accepts the special zone %s only when allowed',
    (name) => {
      expect(checkDnsZoneName(name, { allowSpecialZones: true })).toBeUndefined();
      expect(checkDnsZoneName(name)).toBeDefined();
    },
  );
});

describe(foldDnsCase.name, () => {
  it('lower-cases ASCII letters', () => {
    expect(foldDnsCase('WWW.Example.LAN')).toBe('www.example.lan');
  });

  it.each([
    ['the Kelvin sign', '\u212a', '\u212a'],
    ['a capital A with umlaut', '\u00c4x', '\u00c4x'],
    ['a dotted capital I', '\u0130', '\u0130'],
  ])('keeps %s', (_case, name, folded) => {
    expect(foldDnsCase(name)).toBe(folded);
  });
});
