import { SAM_ACCOUNT_TYPES, samAccountTypeName } from './sam-account-type';

describe(samAccountTypeName.name, () => {
  it.each([
    [0x0, 'SAM_DOMAIN_OBJECT'],
    [0x10000000, 'SAM_GROUP_OBJECT'],
    [0x10000001, 'SAM_NON_SECURITY_GROUP_OBJECT'],
    [0x20000000, 'SAM_ALIAS_OBJECT'],
    [0x20000001, 'SAM_NON_SECURITY_ALIAS_OBJECT'],
    [0x30000000, 'SAM_NORMAL_USER_ACCOUNT'],
    [0x30000001, 'SAM_MACHINE_ACCOUNT'],
    [0x30000002, 'SAM_TRUST_ACCOUNT'],
    [0x40000000, 'SAM_APP_BASIC_GROUP'],
    [0x40000001, 'SAM_APP_QUERY_GROUP'],
    [0x7fffffff, 'SAM_ACCOUNT_TYPE_MAX'],
  ])('names %i', (value, name) => {
    expect(samAccountTypeName(value)).toBe(name);
  });

  it.each([
    [805306368, 'SAM_NORMAL_USER_ACCOUNT'],
    [268435456, 'SAM_GROUP_OBJECT'],
    [536870912, 'SAM_ALIAS_OBJECT'],
  ])('names the decimal %i Samba returns', (value, name) => {
    expect(samAccountTypeName(value)).toBe(name);
  });

  it.each([
    [0x30000003, '805306371'],
    [-1, '-1'],
    [1.5, '1.5'],
  ])('returns an unknown value %p in decimal', (value, expected) => {
    expect(samAccountTypeName(value)).toBe(expected);
  });

  it('has one name per value', () => {
    const values = Object.values(SAM_ACCOUNT_TYPES);

    expect(new Set(values).size).toBe(values.length);
  });
});
