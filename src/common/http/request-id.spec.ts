import { resolveRequestId, sanitizeRequestId } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(sanitizeRequestId.name, () => {
  it.each(['abc', 'trace-42.a_b', 'A'.repeat(128), '3f2b8e0c-3c1d-4f7e-9a55-2f1f0d3c9b7a'])(
    'keeps %j',
    (value) => {
      expect(sanitizeRequestId(value)).toBe(value);
    },
  );

  it.each([
    ['an empty string', ''],
    ['129 characters', 'A'.repeat(129)],
    ['a space', 'a b'],
    ['a line break', 'a\nb'],
    ['a non-ASCII letter', 'é'],
    ['a slash', 'a/b'],
    ['a repeated header', ['a', 'b']],
    ['a number', 42],
    ['no header', undefined],
  ])('rejects %s', (_case, value) => {
    expect(sanitizeRequestId(value)).toBeUndefined();
  });
});

describe(resolveRequestId.name, () => {
  it('keeps a sane incoming id', () => {
    expect(resolveRequestId('trace-1')).toBe('trace-1');
  });

  it('generates a UUID for an unsafe id', () => {
    expect(resolveRequestId('<script>')).toMatch(UUID);
  });

  it('generates a new UUID each time', () => {
    expect(resolveRequestId(undefined)).not.toBe(resolveRequestId(undefined));
  });
});
