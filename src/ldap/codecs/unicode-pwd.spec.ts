import { encodeUnicodePwd } from './unicode-pwd';

describe(encodeUnicodePwd.name, () => {
  it('quotes and encodes as UTF-16LE', () => {
    expect(encodeUnicodePwd('Pa55word!').toString('hex')).toBe(
      '220050006100350035007700' + '6f0072006400210022' + '00',
    );
  });

  it('is 2 bytes per code unit plus the quotes', () => {
    expect(encodeUnicodePwd('Pa55word!')).toHaveLength(22);
  });

  it('encodes non-ASCII letters', () => {
    expect(encodeUnicodePwd('ø').toString('hex')).toBe('2200f8002200');
  });
});
