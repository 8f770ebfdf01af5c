import { isJsonContentType, normalizeContentType } from './content-type';

describe(normalizeContentType.name, () => {
  it.each([
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['application/json;charset=UTF-8 application/json', 'application/json'],
    ['APPLICATION/JSON;charset=UTF-8', 'application/json'],
    ['application/json, application/json', 'application/json'],
  ])('rewrites %j to plain JSON', (input, expected) => {
    expect(normalizeContentType(input)).toBe(expected);
  });

  it.each([
    ['text/plain'],
    ['application/jsonp'],
    ['application/json-patch+json'],
    ['multipart/form-data; boundary=x'],
  ])('leaves %j unchanged', (input) => {
    expect(normalizeContentType(input)).toBe(input);
  });

  it('leaves a missing header missing', () => {
    expect(normalizeContentType(undefined)).toBeUndefined();
  });
});

describe(isJsonContentType.name, () => {
  it('rejects an empty value', () => {
    expect(isJsonContentType('')).toBe(false);
  });
});
