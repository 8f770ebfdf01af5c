import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import {
  decodeGroupType,
  encodeGroupType,
  GROUP_TYPE,
  groupTypeFromRequest,
  InvalidGroupTypeError,
} from './group-type';

describe(decodeGroupType.name, () => {
  it.each([
    [-2147483646, true, 'global', false, ['GROUP_SECURITY', 'GROUP_GLOBAL']],
    [-2147483644, true, 'domain_local', false, ['GROUP_SECURITY', 'GROUP_DOMAIN_LOCAL']],
    [-2147483640, true, 'universal', false, ['GROUP_SECURITY', 'GROUP_UNIVERSAL']],
    [
      -2147483643,
      true,
      'domain_local',
      true,
      ['GROUP_SECURITY', 'GROUP_DOMAIN_LOCAL', 'GROUP_SYSTEM'],
    ],
    [2, false, 'global', false, ['GROUP_DISTRIBUTION', 'GROUP_GLOBAL']],
    [4, false, 'domain_local', false, ['GROUP_DISTRIBUTION', 'GROUP_DOMAIN_LOCAL']],
    [8, false, 'universal', false, ['GROUP_DISTRIBUTION', 'GROUP_UNIVERSAL']],
  ] as const)('decodes %i', (value, security, scope, system, names) => {
    const decoded = decodeGroupType(value);

    expect(decoded).toEqual({ security, scope, system, names });
  });

  it('accepts the unsigned form', () => {
    const decoded = decodeGroupType(2147483650);

    expect(decoded.names).toEqual(['GROUP_SECURITY', 'GROUP_GLOBAL']);
  });

  it('decodes an app basic group', () => {
    const decoded = decodeGroupType(-2147483648 | 0x10);

    expect(decoded).toEqual({
      security: true,
      scope: null,
      system: false,
      names: ['GROUP_SECURITY', 'GROUP_APP_BASIC'],
    });
  });

  it('decodes an app query group with a scope', () => {
    const decoded = decodeGroupType(-2147483648 | 0x20 | 0x8);

    expect(decoded.names).toEqual(['GROUP_SECURITY', 'GROUP_UNIVERSAL', 'GROUP_APP_QUERY']);
  });

  it('puts GROUP_SYSTEM last', () => {
    const decoded = decodeGroupType(0x1 | 0x4 | 0x10 | 0x20);

    expect(decoded.names).toEqual([
      'GROUP_DISTRIBUTION',
      'GROUP_DOMAIN_LOCAL',
      'GROUP_APP_BASIC',
      'GROUP_APP_QUERY',
      'GROUP_SYSTEM',
    ]);
  });

  it('reports no scope when none is set', () => {
    const decoded = decodeGroupType(0);

    expect(decoded).toEqual({
      security: false,
      scope: null,
      system: false,
      names: ['GROUP_DISTRIBUTION'],
    });
  });

  it('reports no scope when two are set', () => {
    const decoded = decodeGroupType(0x2 | 0x8);

    expect(decoded.scope).toBeNull();
    expect(decoded.names).toEqual(['GROUP_DISTRIBUTION']);
  });

  it.each([1.5, Number.NaN, 2 ** 32, -(2 ** 31) - 1])('rejects %p', (value) => {
    const act = () => decodeGroupType(value);

    expect(act).toThrow(RangeError);
  });
});

describe(encodeGroupType.name, () => {
  it.each([
    [true, 'global', -2147483646],
    [true, 'domain_local', -2147483644],
    [true, 'universal', -2147483640],
    [false, 'global', 2],
    [false, 'domain_local', 4],
    [false, 'universal', 8],
  ] as const)('encodes security %p with scope %s', (security, scope, expected) => {
    const value = encodeGroupType({ security, scope });

    expect(value).toBe(expected);
  });

  it('encodes a builtin local group', () => {
    const value = encodeGroupType({ security: true, scope: 'domain_local', system: true });

    expect(value).toBe(-2147483643);
  });

  it('round-trips with decodeGroupType', () => {
    const value = encodeGroupType({ security: true, scope: 'universal' });

    const decoded = decodeGroupType(value);

    expect(decoded).toMatchObject({ security: true, scope: 'universal', system: false });
  });

  it('uses the documented bits', () => {
    expect(GROUP_TYPE.SECURITY).toBe(0x80000000);
    expect(GROUP_TYPE.SYSTEM | GROUP_TYPE.GLOBAL | GROUP_TYPE.DOMAIN_LOCAL).toBe(7);
    expect(GROUP_TYPE.UNIVERSAL | GROUP_TYPE.APP_BASIC | GROUP_TYPE.APP_QUERY).toBe(0x38);
  });
});

describe(groupTypeFromRequest.name, () => {
  it.each([
    [0, 0, 2],
    [0, 1, 4],
    [0, 2, 8],
    [1, 0, -2147483646],
    [1, 1, -2147483644],
    [1, 2, -2147483640],
  ])('maps type %i and scope %i to %i', (groupType, groupScope, expected) => {
    const value = groupTypeFromRequest(groupType, groupScope);

    expect(value).toBe(expected);
  });

  it.each([-1, 2, 0.5, Number.NaN])('rejects the type %p', (groupType) => {
    const act = () => groupTypeFromRequest(groupType, 0);

    expect(act).toThrow(InvalidGroupTypeError);
    expect(act).toThrow('expected 0 (distribution) or 1 (security)');
  });

  it.each([-1, 3, 1.5, Number.NaN])('rejects the scope %p', (groupScope) => {
    const act = () => groupTypeFromRequest(1, groupScope);

    expect(act).toThrow('expected 0 (global), 1 (domain local) or 2 (universal)');
  });

  it('throws an LdapSyntaxError subclass', () => {
    const act = () => groupTypeFromRequest(5, 0);

    expect(act).toThrow(LdapSyntaxError);
  });
});
