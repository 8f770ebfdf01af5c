import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import {
  decodeSid,
  domainSidOf,
  encodeSid,
  InvalidSidError,
  isValidSid,
  ridOf,
  sidWithRid,
} from './sid';

function bytes(hex: string): Buffer {
  return Buffer.from(hex.replace(/ /g, ''), 'hex');
}

// Computed from the documented layout: revision, count, 48-bit big-endian authority, then
// 32-bit little-endian sub-authorities.
const VECTORS: [string, string][] = [
  ['S-1-5-32-544', '01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00'],
  [
    'S-1-5-21-1004336348-1177238915-682003330-512',
    '01 05 00 00 00 00 00 05 15 00 00 00 dc f4 dc 3b 83 3d 2b 46 82 8b a6 28 00 02 00 00',
  ],
  [
    'S-1-5-21-1004336348-1177238915-682003330-1105',
    '01 05 00 00 00 00 00 05 15 00 00 00 dc f4 dc 3b 83 3d 2b 46 82 8b a6 28 51 04 00 00',
  ],
  [
    'S-1-5-21-1004336348-1177238915-682003330',
    '01 04 00 00 00 00 00 05 15 00 00 00 dc f4 dc 3b 83 3d 2b 46 82 8b a6 28',
  ],
  ['S-1-1-0', '01 01 00 00 00 00 00 01 00 00 00 00'],
  ['S-1-5-18', '01 01 00 00 00 00 00 05 12 00 00 00'],
  ['S-1-5-4294967295', '01 01 00 00 00 00 00 05 ff ff ff ff'],
  ['S-1-5', '01 00 00 00 00 00 00 05'],
  ['S-1-0x010000000000-1', '01 01 01 00 00 00 00 00 01 00 00 00'],
];

// objectSid values of a Samba 4.17 AD DC, with the text Samba's own decoder gives for them.
const SAMBA_VECTORS: [string, string][] = [
  [
    'S-1-5-21-4096911202-4123073200-3351253959-500',
    '01 05 00 00 00 00 00 05 15 00 00 00 62 e7 31 f4 b0 1a c1 f5 c7 13 c0 c7 f4 01 00 00',
  ],
  [
    'S-1-5-21-4096911202-4123073200-3351253959-501',
    '01 05 00 00 00 00 00 05 15 00 00 00 62 e7 31 f4 b0 1a c1 f5 c7 13 c0 c7 f5 01 00 00',
  ],
  [
    'S-1-5-21-4096911202-4123073200-3351253959-512',
    '01 05 00 00 00 00 00 05 15 00 00 00 62 e7 31 f4 b0 1a c1 f5 c7 13 c0 c7 00 02 00 00',
  ],
  [
    'S-1-5-21-4096911202-4123073200-3351253959-513',
    '01 05 00 00 00 00 00 05 15 00 00 00 62 e7 31 f4 b0 1a c1 f5 c7 13 c0 c7 01 02 00 00',
  ],
  ['S-1-5-32-544', '01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00'],
];

describe(decodeSid.name, () => {
  it.each(SAMBA_VECTORS)('decodes the Samba SID %s', (text, hex) => {
    const sid = decodeSid(bytes(hex));

    expect(sid).toBe(text);
  });

  it.each(VECTORS)('decodes %s', (text, hex) => {
    const sid = decodeSid(bytes(hex));

    expect(sid).toBe(text);
  });

  it('reads the authority before the count', () => {
    const sid = decodeSid(bytes('01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00'));

    expect(sid).not.toBe('S-1-2-32-544');
  });

  it('reads all six authority bytes', () => {
    const sid = decodeSid(bytes('01 01 00 00 00 01 00 00 07 00 00 00'));

    expect(sid).toBe('S-1-65536-7');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const backing = bytes('ff ff 01 01 00 00 00 00 00 01 00 00 00 00 ff');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 12);

    const sid = decodeSid(view);

    expect(sid).toBe('S-1-1-0');
  });

  it.each([
    ['empty', '', 'A SID needs at least 8 bytes, got 0'],
    ['short header', '01 01 00 00 00 00 00', 'A SID needs at least 8 bytes, got 7'],
    ['revision 2', '02 00 00 00 00 00 00 05', 'Unsupported SID revision 2'],
    ['16 sub-authorities', '01 10 00 00 00 00 00 05', 'at most 15 sub-authorities, got 16'],
    ['truncated', '01 02 00 00 00 00 00 05 20 00 00 00 20 02 00', 'is 16 bytes long, got 15'],
    ['trailing bytes', '01 01 00 00 00 00 00 01 00 00 00 00 00', 'is 12 bytes long, got 13'],
  ])('rejects %s', (_case, hex, message) => {
    const act = () => decodeSid(bytes(hex));

    expect(act).toThrow(InvalidSidError);
    expect(act).toThrow(message);
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => decodeSid(Buffer.alloc(0));

    expect(act).toThrow(LdapSyntaxError);
  });
});

describe(encodeSid.name, () => {
  it.each(SAMBA_VECTORS)('encodes the Samba SID %s', (text, hex) => {
    const encoded = encodeSid(text);

    expect(encoded.toString('hex')).toBe(bytes(hex).toString('hex'));
  });

  it.each(VECTORS)('encodes %s', (text, hex) => {
    const encoded = encodeSid(text);

    expect(encoded.toString('hex')).toBe(bytes(hex).toString('hex'));
  });

  it('accepts a lower-case s and hex authority', () => {
    const encoded = encodeSid('s-1-0X010000000000-1');

    expect(decodeSid(encoded)).toBe('S-1-0x010000000000-1');
  });

  it('writes a hex authority below 2^32 in decimal', () => {
    const encoded = encodeSid('S-1-0x000000000005-18');

    expect(decodeSid(encoded)).toBe('S-1-5-18');
  });

  it('round-trips 15 sub-authorities', () => {
    const text = `S-1-5-${Array.from({ length: 15 }, (_, index) => index + 1).join('-')}`;

    const decoded = decodeSid(encodeSid(text));

    expect(decoded).toBe(text);
  });

  it.each([
    ['empty', ''],
    ['missing prefix', '1-5-21'],
    ['revision 2', 'S-2-5-21'],
    ['leading zero', 'S-1-5-021'],
    ['leading zero in authority', 'S-1-05-21'],
    ['trailing dash', 'S-1-5-21-'],
    ['double dash', 'S-1-5--21'],
    ['negative', 'S-1-5-21--1'],
    ['spaces', ' S-1-5-21'],
    ['short hex authority', 'S-1-0x5-21'],
    ['sub-authority over 32 bits', 'S-1-5-4294967296'],
    ['authority over 48 bits', 'S-1-281474976710656-1'],
    ['16 sub-authorities', `S-1-5-${'1-'.repeat(15)}1`],
    ['injection', 'S-1-5-21)(cn=*'],
  ])('rejects %s', (_case, text) => {
    const act = () => encodeSid(text);

    expect(act).toThrow(InvalidSidError);
  });

  it('names the text in the error', () => {
    const act = () => encodeSid('S-1-x');

    expect(act).toThrow('Invalid SID "S-1-x"; expected the form S-1-5-21-…');
  });
});

describe(isValidSid.name, () => {
  it.each(['S-1-5-32-544', 'S-1-1-0', 'S-1-5', 'S-1-0x010000000000-1'])('accepts %s', (text) => {
    expect(isValidSid(text)).toBe(true);
  });

  it.each(['', 'S-1', 'S-1-5-4294967296', 'S-1-5-21-x'])('rejects %j', (text) => {
    expect(isValidSid(text)).toBe(false);
  });
});

describe(ridOf.name, () => {
  it('returns the last sub-authority', () => {
    const rid = ridOf('S-1-5-21-1004336348-1177238915-682003330-512');

    expect(rid).toBe(512);
  });

  it('returns the RID of a builtin group', () => {
    const rid = ridOf('S-1-5-32-544');

    expect(rid).toBe(544);
  });

  it('returns the largest RID', () => {
    const rid = ridOf('S-1-5-21-1-2-3-4294967295');

    expect(rid).toBe(4294967295);
  });

  it('rejects a SID without sub-authorities', () => {
    const act = () => ridOf('S-1-5');

    expect(act).toThrow('The SID "S-1-5" has no sub-authority, so it has no RID');
  });

  it('rejects invalid text', () => {
    const act = () => ridOf('512');

    expect(act).toThrow(InvalidSidError);
  });
});

describe(domainSidOf.name, () => {
  it('drops the RID of a domain account', () => {
    const domainSid = domainSidOf('S-1-5-21-1004336348-1177238915-682003330-1105');

    expect(domainSid).toBe('S-1-5-21-1004336348-1177238915-682003330');
  });

  it('returns the BUILTIN domain', () => {
    const domainSid = domainSidOf('S-1-5-32-544');

    expect(domainSid).toBe('S-1-5-32');
  });

  it('rejects a SID without sub-authorities', () => {
    const act = () => domainSidOf('S-1-5');

    expect(act).toThrow(InvalidSidError);
  });
});

describe(sidWithRid.name, () => {
  it('appends the RID', () => {
    const sid = sidWithRid('S-1-5-21-1004336348-1177238915-682003330', 513);

    expect(sid).toBe('S-1-5-21-1004336348-1177238915-682003330-513');
  });

  it('inverts domainSidOf and ridOf', () => {
    const original = 'S-1-5-21-1004336348-1177238915-682003330-1105';

    const rebuilt = sidWithRid(domainSidOf(original), ridOf(original));

    expect(rebuilt).toBe(original);
  });

  it.each([-1, 1.5, 4294967296, Number.NaN])('rejects the RID %p', (rid) => {
    const act = () => sidWithRid('S-1-5-21-1-2-3', rid);

    expect(act).toThrow(InvalidSidError);
  });

  it('rejects a domain SID that would exceed 15 sub-authorities', () => {
    const act = () => sidWithRid(`S-1-5${'-1'.repeat(15)}`, 1);

    expect(act).toThrow(InvalidSidError);
  });
});
