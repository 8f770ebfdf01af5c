import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import { decodeGuid, encodeGuid, InvalidGuidError, isValidGuid } from './guid';

function bytes(hex: string): Buffer {
  return Buffer.from(hex.replace(/ /g, ''), 'hex');
}

const VECTORS: [string, string][] = [
  ['b15dbede-7fc0-47be-973b-3d058a0a3060', 'de be 5d b1 c0 7f be 47 97 3b 3d 05 8a 0a 30 60'],
  ['00112233-4455-6677-8899-aabbccddeeff', '33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff'],
  ['00000000-0000-0000-0000-000000000000', '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'],
  // The "Change Password" extended right.
  ['ab721a53-1e2f-11d0-9819-00aa0040529b', '53 1a 72 ab 2f 1e d0 11 98 19 00 aa 00 40 52 9b'],
];

// objectGUID values of a Samba 4.17 AD DC (Administrator, Domain Admins, Domain Users,
// Administrators), with the text Samba's own decoder gives for them.
const SAMBA_VECTORS: [string, string][] = [
  ['4633824f-cda6-44f3-bb58-bb29f0508940', '4f 82 33 46 a6 cd f3 44 bb 58 bb 29 f0 50 89 40'],
  ['d47cd548-3a24-466e-b667-313f6be69592', '48 d5 7c d4 24 3a 6e 46 b6 67 31 3f 6b e6 95 92'],
  ['1dd85dd2-0604-476e-b2cc-6f3cc8b9b667', 'd2 5d d8 1d 04 06 6e 47 b2 cc 6f 3c c8 b9 b6 67'],
  ['4b70aab4-b0b5-455e-a5be-d273e2780941', 'b4 aa 70 4b b5 b0 5e 45 a5 be d2 73 e2 78 09 41'],
];

describe(decodeGuid.name, () => {
  it.each(SAMBA_VECTORS)('decodes the Samba GUID %s', (text, hex) => {
    const guid = decodeGuid(bytes(hex));

    expect(guid).toBe(text);
  });

  it.each(VECTORS)('decodes %s', (text, hex) => {
    const guid = decodeGuid(bytes(hex));

    expect(guid).toBe(text);
  });

  it('writes lower-case hex', () => {
    const guid = decodeGuid(bytes('ff'.repeat(16)));

    expect(guid).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const backing = bytes('aa de be 5d b1 c0 7f be 47 97 3b 3d 05 8a 0a 30 60 bb');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 1, 16);

    const guid = decodeGuid(view);

    expect(guid).toBe('b15dbede-7fc0-47be-973b-3d058a0a3060');
  });

  it.each([0, 15, 17])('rejects %i bytes', (length) => {
    const act = () => decodeGuid(Buffer.alloc(length));

    expect(act).toThrow(InvalidGuidError);
    expect(act).toThrow(`A GUID is 16 bytes long, got ${length}`);
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => decodeGuid(Buffer.alloc(1));

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(encodeGuid.name, () => {
  it.each(SAMBA_VECTORS)('encodes the Samba GUID %s', (text, hex) => {
    const encoded = encodeGuid(text);

    expect(encoded.toString('hex')).toBe(bytes(hex).toString('hex'));
  });

  it.each(VECTORS)('encodes %s', (text, hex) => {
    const encoded = encodeGuid(text);

    expect(encoded.toString('hex')).toBe(bytes(hex).toString('hex'));
  });

  it('accepts upper case', () => {
    const encoded = encodeGuid('B15DBEDE-7FC0-47BE-973B-3D058A0A3060');

    expect(encoded.toString('hex')).toBe('debe5db1c07fbe47973b3d058a0a3060');
  });

  it('accepts braces', () => {
    const encoded = encodeGuid('{b15dbede-7fc0-47be-973b-3d058a0a3060}');

    expect(encoded.toString('hex')).toBe('debe5db1c07fbe47973b3d058a0a3060');
  });

  it.each([
    ['empty', ''],
    ['no dashes', 'b15dbede7fc047be973b3d058a0a3060'],
    ['one brace', '{b15dbede-7fc0-47be-973b-3d058a0a3060'],
    ['short', 'b15dbede-7fc0-47be-973b-3d058a0a306'],
    ['long', 'b15dbede-7fc0-47be-973b-3d058a0a30600'],
    ['non-hex', 'g15dbede-7fc0-47be-973b-3d058a0a3060'],
    ['misplaced dash', 'b15dbed-e7fc0-47be-973b-3d058a0a3060'],
    ['injection', 'b15dbede-7fc0-47be-973b-3d058a0a3060)(cn=*'],
  ])('rejects %s', (_case, text) => {
    const act = () => encodeGuid(text);

    expect(act).toThrow(InvalidGuidError);
  });

  it('round-trips through decodeGuid', () => {
    const text = '6f1a4b3c-2d5e-4f60-8172-93a4b5c6d7e8';

    const decoded = decodeGuid(encodeGuid(text));

    expect(decoded).toBe(text);
  });
});

describe(isValidGuid.name, () => {
  it.each(['b15dbede-7fc0-47be-973b-3d058a0a3060', '{B15DBEDE-7FC0-47BE-973B-3D058A0A3060}'])(
    'accepts %s',
    (text) => {
      expect(isValidGuid(text)).toBe(true);
    },
  );

  it.each(['', 'b15dbede-7fc0-47be-973b-3d058a0a3060}', 'not-a-guid'])('rejects %j', (text) => {
    expect(isValidGuid(text)).toBe(false);
  });
});
