import { escapeFilterBytes, escapeFilterValue } from './filter-escape';

describe(escapeFilterValue.name, () => {
  it.each([
    ['*', '\\2a'],
    ['(', '\\28'],
    [')', '\\29'],
    ['\\', '\\5c'],
    ['\0', '\\00'],
  ])('escapes %j', (input, expected) => {
    const escaped = escapeFilterValue(input);

    expect(escaped).toBe(expected);
  });

  it('leaves plain text unchanged', () => {
    const escaped = escapeFilterValue('john.doe@interlock.test');

    expect(escaped).toBe('john.doe@interlock.test');
  });

  it('leaves DN and other punctuation unchanged', () => {
    const escaped = escapeFilterValue(', + " # ; < > = & | ! ~ : /');

    expect(escaped).toBe(', + " # ; < > = & | ! ~ : /');
  });

  it('leaves non-ASCII characters unchanged', () => {
    const escaped = escapeFilterValue('Jürgen Groß from Gjøvik 日本');

    expect(escaped).toBe('Jürgen Groß from Gjøvik 日本');
  });

  it('neutralises an injection attempt', () => {
    const escaped = escapeFilterValue('*)(uid=*))(|(uid=*');

    expect(escaped).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(escaped).not.toMatch(/[()*]/);
  });

  it('escapes a backslash before the characters it precedes', () => {
    const escaped = escapeFilterValue('a\\2a');

    expect(escaped).toBe('a\\5c2a');
  });

  it('escapes every occurrence', () => {
    const escaped = escapeFilterValue('**((');

    expect(escaped).toBe('\\2a\\2a\\28\\28');
  });

  it('returns an empty string unchanged', () => {
    const escaped = escapeFilterValue('');

    expect(escaped).toBe('');
  });
});

describe(escapeFilterBytes.name, () => {
  it('escapes every byte as two hex digits', () => {
    const bytes = Buffer.from([0x01, 0x02, 0x00, 0x2a, 0x28, 0x29, 0x5c, 0xff]);

    const escaped = escapeFilterBytes(bytes);

    expect(escaped).toBe('\\01\\02\\00\\2a\\28\\29\\5c\\ff');
  });

  it('escapes a SID', () => {
    const sid = Buffer.from('01020000000000052000000020020000', 'hex');

    const escaped = escapeFilterBytes(sid);

    expect(escaped).toBe('\\01\\02\\00\\00\\00\\00\\00\\05\\20\\00\\00\\00\\20\\02\\00\\00');
  });

  it('escapes printable bytes too', () => {
    const escaped = escapeFilterBytes(Buffer.from('AB', 'ascii'));

    expect(escaped).toBe('\\41\\42');
  });

  it('accepts a plain Uint8Array', () => {
    const escaped = escapeFilterBytes(new Uint8Array([0xde, 0xbe]));

    expect(escaped).toBe('\\de\\be');
  });

  it('returns an empty string for no bytes', () => {
    const escaped = escapeFilterBytes(Buffer.alloc(0));

    expect(escaped).toBe('');
  });
});
