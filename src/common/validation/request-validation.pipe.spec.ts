import { findUnsafeJson, MAX_JSON_DEPTH } from './request-validation.pipe';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) {
    value = level % 2 === 0 ? { a: value } : [value];
  }

  return value;
}

describe(findUnsafeJson.name, () => {
  it('accepts an ordinary body', () => {
    const body = { group: { cn: 'Sales, EMEA', member: ['CN=a\\, b,DC=x'], groupType: 1 } };

    expect(findUnsafeJson(body)).toBeUndefined();
  });

  it('accepts the deepest allowed nesting', () => {
    expect(findUnsafeJson(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('rejects deeper nesting', () => {
    expect(findUnsafeJson(nested(MAX_JSON_DEPTH + 1))?.message).toContain('deeper than');
  });

  it('walks very deep input without recursion', () => {
    expect(findUnsafeJson(nested(100_000))).toBeDefined();
  });

  it('names a string with NUL', () => {
    expect(findUnsafeJson({ filter: { iexact: { x: ['ok', 'a\u0000b'] } } })).toEqual({
      field: 'filter.iexact.x[1]',
      message: 'filter.iexact.x[1] must not contain NUL characters.',
    });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'rejects the key %s',
    (key) => {
      const body = JSON.parse(`{"filter":{"iexact":{"${key}":"cn"}}}`) as unknown;

      expect(findUnsafeJson(body)?.field).toBe(`filter.iexact.${key}`);
    },
  );

  it('rejects NUL in a key', () => {
    expect(findUnsafeJson({ 'a\u0000': 1 })?.field).toBe('a\u0000');
  });
});
