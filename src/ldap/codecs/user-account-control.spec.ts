import {
  applyUacChanges,
  isUacFlagName,
  namesToUac,
  UAC,
  UAC_COMPUTED,
  UAC_FLAGS,
  uacToNames,
} from './user-account-control';

describe('UAC_FLAGS', () => {
  it.each([
    ['LDAP_UF_SCRIPT', 1],
    ['LDAP_UF_ACCOUNT_DISABLE', 2],
    ['LDAP_UF_HOMEDIR_REQUIRED', 8],
    ['LDAP_UF_LOCKOUT', 16],
    ['LDAP_UF_PASSWD_NOTREQD', 32],
    ['LDAP_UF_PASSWD_CANT_CHANGE', 64],
    ['LDAP_UF_ENCRYPTED_TEXT_PASSWORD_ALLOWED', 128],
    ['LDAP_UF_TEMP_DUPLICATE_ACCOUNT', 256],
    ['LDAP_UF_NORMAL_ACCOUNT', 512],
    ['LDAP_UF_INTERDOMAIN_TRUST_ACCOUNT', 2048],
    ['LDAP_UF_WORKSTATION_TRUST_ACCOUNT', 4096],
    ['LDAP_UF_SERVER_TRUST_ACCOUNT', 8192],
    ['LDAP_UF_DONT_EXPIRE_PASSWD', 65536],
    ['LDAP_UF_MNS_LOGON_ACCOUNT', 131072],
    ['LDAP_UF_SMARTCARD_REQUIRED', 262144],
    ['LDAP_UF_TRUSTED_FOR_DELEGATION', 524288],
    ['LDAP_UF_NOT_DELEGATED', 1048576],
    ['LDAP_UF_USE_DES_KEY_ONLY', 2097152],
    ['LDAP_UF_DONT_REQUIRE_PREAUTH', 4194304],
    ['LDAP_UF_PASSWORD_EXPIRED', 8388608],
    ['LDAP_UF_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION', 16777216],
    ['LDAP_UF_NO_AUTH_DATA_REQUIRED', 33554432],
    ['LDAP_UF_PARTIAL_SECRETS_ACCOUNT', 67108864],
  ])('maps %s to %i', (name, value) => {
    expect(UAC_FLAGS[name as keyof typeof UAC_FLAGS]).toBe(value);
  });

  it('has 23 distinct single bits', () => {
    const values = Object.values(UAC_FLAGS);

    expect(values).toHaveLength(23);
    expect(new Set(values).size).toBe(23);
    expect(values.every((value) => (value & (value - 1)) === 0)).toBe(true);
  });

  it('agrees with the Microsoft names', () => {
    const apiValues = Object.values(UAC_FLAGS).sort((a, b) => a - b);
    const microsoftValues = Object.values(UAC).sort((a, b) => a - b);

    expect(microsoftValues).toEqual(apiValues);
    expect(UAC.ACCOUNTDISABLE).toBe(0x2);
    expect(UAC.NORMAL_ACCOUNT).toBe(0x200);
    expect(UAC.DONT_EXPIRE_PASSWORD).toBe(0x10000);
  });

  it('gives no name to bit 0x4', () => {
    expect(Object.values(UAC_FLAGS)).not.toContain(0x4);
  });
});

describe('UAC_COMPUTED', () => {
  it('holds the computed lockout and expiry bits', () => {
    expect(UAC_COMPUTED.UF_LOCKOUT).toBe(0x10);
    expect(UAC_COMPUTED.UF_PASSWORD_EXPIRED).toBe(0x800000);
  });
});

describe(uacToNames.name, () => {
  it('decodes a normal enabled user', () => {
    const names = uacToNames(512);

    expect(names).toEqual(['LDAP_UF_NORMAL_ACCOUNT']);
  });

  it('decodes a disabled user whose password never expires', () => {
    const names = uacToNames(66050);

    expect(names).toEqual([
      'LDAP_UF_ACCOUNT_DISABLE',
      'LDAP_UF_NORMAL_ACCOUNT',
      'LDAP_UF_DONT_EXPIRE_PASSWD',
    ]);
  });

  it('decodes the Samba Guest account', () => {
    const names = uacToNames(66082);

    expect(names).toEqual([
      'LDAP_UF_ACCOUNT_DISABLE',
      'LDAP_UF_PASSWD_NOTREQD',
      'LDAP_UF_NORMAL_ACCOUNT',
      'LDAP_UF_DONT_EXPIRE_PASSWD',
    ]);
  });

  it('decodes a domain controller', () => {
    const names = uacToNames(532480);

    expect(names).toEqual(['LDAP_UF_SERVER_TRUST_ACCOUNT', 'LDAP_UF_TRUSTED_FOR_DELEGATION']);
  });

  it('decodes the temporary duplicate bit', () => {
    const names = uacToNames(0x100);

    expect(names).toEqual(['LDAP_UF_TEMP_DUPLICATE_ACCOUNT']);
  });

  it('decodes the highest named bit', () => {
    const names = uacToNames(0x4000000 | 0x1000);

    expect(names).toEqual(['LDAP_UF_WORKSTATION_TRUST_ACCOUNT', 'LDAP_UF_PARTIAL_SECRETS_ACCOUNT']);
  });

  it('skips unnamed bits', () => {
    const names = uacToNames(0x4 | 0x400 | 0x4000 | 0x8000000 | 0x80000000 | 0x200);

    expect(names).toEqual(['LDAP_UF_NORMAL_ACCOUNT']);
  });

  it('decodes every named bit in ascending order', () => {
    const names = uacToNames(0xffffffff);

    expect(names).toEqual(
      Object.entries(UAC_FLAGS)
        .sort(([, a], [, b]) => a - b)
        .map(([name]) => name),
    );
  });

  it('returns no names for 0', () => {
    expect(uacToNames(0)).toEqual([]);
  });

  it('accepts the signed form of the top bit', () => {
    const names = uacToNames(-2147483648 | 2);

    expect(names).toEqual(['LDAP_UF_ACCOUNT_DISABLE']);
  });

  it.each([1.5, Number.NaN, 2 ** 32, -(2 ** 31) - 1])('rejects %p', (value) => {
    const act = () => uacToNames(value);

    expect(act).toThrow(RangeError);
  });
});

describe(namesToUac.name, () => {
  it('combines names', () => {
    const uac = namesToUac(['LDAP_UF_NORMAL_ACCOUNT', 'LDAP_UF_DONT_EXPIRE_PASSWD']);

    expect(uac).toBe(66048);
  });

  it('ignores repeated names', () => {
    const uac = namesToUac(['LDAP_UF_ACCOUNT_DISABLE', 'LDAP_UF_ACCOUNT_DISABLE']);

    expect(uac).toBe(2);
  });

  it('returns 0 for no names', () => {
    expect(namesToUac([])).toBe(0);
  });

  it('inverts uacToNames for named bits', () => {
    const uac = 0x4000000 | 0x10000 | 0x200 | 0x100 | 0x2 | 0x1;

    const rebuilt = namesToUac(uacToNames(uac));

    expect(rebuilt).toBe(uac);
  });
});

describe(applyUacChanges.name, () => {
  it('disables an account', () => {
    const uac = applyUacChanges(512, { add: ['LDAP_UF_ACCOUNT_DISABLE'] });

    expect(uac).toBe(514);
  });

  it('enables an account', () => {
    const uac = applyUacChanges(514, { remove: ['LDAP_UF_ACCOUNT_DISABLE'] });

    expect(uac).toBe(512);
  });

  it('adds an already set flag without change', () => {
    const uac = applyUacChanges(514, { add: ['LDAP_UF_ACCOUNT_DISABLE'] });

    expect(uac).toBe(514);
  });

  it('removes a clear flag without change', () => {
    const uac = applyUacChanges(512, { remove: ['LDAP_UF_ACCOUNT_DISABLE'] });

    expect(uac).toBe(512);
  });

  it('keeps unnamed bits', () => {
    const unnamed = 0x4 | 0x400 | 0x4000 | 0x8000000;

    const uac = applyUacChanges(unnamed | 0x200, {
      add: ['LDAP_UF_DONT_EXPIRE_PASSWD'],
      remove: ['LDAP_UF_NORMAL_ACCOUNT'],
    });

    expect(uac).toBe(unnamed | 0x10000);
  });

  it('keeps the temporary duplicate bit', () => {
    const uac = applyUacChanges(0x100 | 0x200, { add: ['LDAP_UF_ACCOUNT_DISABLE'] });

    expect(uac).toBe(0x302);
  });

  it('returns an unsigned value when the top bit is set', () => {
    const uac = applyUacChanges(-2147483648, { add: ['LDAP_UF_SCRIPT'] });

    expect(uac).toBe(0x80000001);
  });

  it('applies several changes at once', () => {
    const uac = applyUacChanges(66050, {
      add: ['LDAP_UF_SMARTCARD_REQUIRED', 'LDAP_UF_NOT_DELEGATED'],
      remove: ['LDAP_UF_ACCOUNT_DISABLE', 'LDAP_UF_DONT_EXPIRE_PASSWD'],
    });

    expect(uac).toBe(0x200 | 0x40000 | 0x100000);
  });

  it('changes nothing without changes', () => {
    expect(applyUacChanges(66050, {})).toBe(66050);
  });

  it('rejects a flag both added and removed', () => {
    const act = () =>
      applyUacChanges(512, {
        add: ['LDAP_UF_ACCOUNT_DISABLE'],
        remove: ['LDAP_UF_ACCOUNT_DISABLE'],
      });

    expect(act).toThrow(
      'Cannot both add and remove userAccountControl flags: LDAP_UF_ACCOUNT_DISABLE',
    );
  });

  it('rejects an invalid current value', () => {
    const act = () => applyUacChanges(Number.NaN, { add: ['LDAP_UF_SCRIPT'] });

    expect(act).toThrow(RangeError);
  });
});

describe(isUacFlagName.name, () => {
  it('accepts an API name', () => {
    expect(isUacFlagName('LDAP_UF_ACCOUNT_DISABLE')).toBe(true);
  });

  it.each([
    'ACCOUNTDISABLE',
    'ldap_uf_account_disable',
    '',
    'toString',
    '__proto__',
    'constructor',
  ])('rejects %j', (name) => {
    expect(isUacFlagName(name)).toBe(false);
  });
});
