/**
 * `userAccountControl` bits under the names the API uses. Bit 0x4 has no documented meaning
 * and no name here. Like every unnamed bit, applyUacChanges keeps it.
 */
export const UAC_FLAGS = {
  LDAP_UF_SCRIPT: 0x1,
  LDAP_UF_ACCOUNT_DISABLE: 0x2,
  LDAP_UF_HOMEDIR_REQUIRED: 0x8,
  // Modern DCs do not keep lockout here, so read msDS-User-Account-Control-Computed or lockoutTime.
  LDAP_UF_LOCKOUT: 0x10,
  LDAP_UF_PASSWD_NOTREQD: 0x20,
  // Never stored: "cannot change password" is a deny ACE, so this bit always reads as 0.
  LDAP_UF_PASSWD_CANT_CHANGE: 0x40,
  LDAP_UF_ENCRYPTED_TEXT_PASSWORD_ALLOWED: 0x80,
  LDAP_UF_TEMP_DUPLICATE_ACCOUNT: 0x100,
  LDAP_UF_NORMAL_ACCOUNT: 0x200,
  LDAP_UF_INTERDOMAIN_TRUST_ACCOUNT: 0x800,
  LDAP_UF_WORKSTATION_TRUST_ACCOUNT: 0x1000,
  LDAP_UF_SERVER_TRUST_ACCOUNT: 0x2000,
  LDAP_UF_DONT_EXPIRE_PASSWD: 0x10000,
  LDAP_UF_MNS_LOGON_ACCOUNT: 0x20000,
  LDAP_UF_SMARTCARD_REQUIRED: 0x40000,
  LDAP_UF_TRUSTED_FOR_DELEGATION: 0x80000,
  LDAP_UF_NOT_DELEGATED: 0x100000,
  LDAP_UF_USE_DES_KEY_ONLY: 0x200000,
  LDAP_UF_DONT_REQUIRE_PREAUTH: 0x400000,
  // Computed by the DC and never stored in userAccountControl itself.
  LDAP_UF_PASSWORD_EXPIRED: 0x800000,
  LDAP_UF_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION: 0x1000000,
  LDAP_UF_NO_AUTH_DATA_REQUIRED: 0x2000000,
  LDAP_UF_PARTIAL_SECRETS_ACCOUNT: 0x4000000,
} as const;

export type UacFlagName = keyof typeof UAC_FLAGS;

/** The same bits under the names Microsoft documents (`ADS_UF_*` without the prefix). */
export const UAC = {
  SCRIPT: 0x1,
  ACCOUNTDISABLE: 0x2,
  HOMEDIR_REQUIRED: 0x8,
  LOCKOUT: 0x10,
  PASSWD_NOTREQD: 0x20,
  PASSWD_CANT_CHANGE: 0x40,
  ENCRYPTED_TEXT_PWD_ALLOWED: 0x80,
  TEMP_DUPLICATE_ACCOUNT: 0x100,
  NORMAL_ACCOUNT: 0x200,
  INTERDOMAIN_TRUST_ACCOUNT: 0x800,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  MNS_LOGON_ACCOUNT: 0x20000,
  SMARTCARD_REQUIRED: 0x40000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  NOT_DELEGATED: 0x100000,
  USE_DES_KEY_ONLY: 0x200000,
  DONT_REQ_PREAUTH: 0x400000,
  PASSWORD_EXPIRED: 0x800000,
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
  NO_AUTH_DATA_REQUIRED: 0x2000000,
  PARTIAL_SECRETS_ACCOUNT: 0x4000000,
} as const;

/**
 * Bits of the constructed attribute `msDS-User-Account-Control-Computed`, where the DC reports
 * the states it no longer keeps in `userAccountControl`.
 */
export const UAC_COMPUTED = {
  UF_LOCKOUT: 0x10,
  UF_PASSWORD_EXPIRED: 0x800000,
} as const;

export interface UacChanges {
  add?: readonly UacFlagName[];
  remove?: readonly UacFlagName[];
}

const UAC_FLAG_ENTRIES = (Object.entries(UAC_FLAGS) as [UacFlagName, number][]).sort(
  ([, a], [, b]) => a - b,
);

function checkUac(uac: number): number {
  if (!Number.isInteger(uac) || uac < -0x80000000 || uac > 0xffffffff) {
    throw new RangeError(`Invalid userAccountControl ${uac}; expected a 32-bit integer`);
  }

  return uac >>> 0;
}

export function isUacFlagName(name: string): name is UacFlagName {
  return Object.hasOwn(UAC_FLAGS, name);
}

/** Lists the names of the set bits, lowest bit first. Bits without a name are left out. */
export function uacToNames(uac: number): UacFlagName[] {
  const value = checkUac(uac);

  return UAC_FLAG_ENTRIES.filter(([, bit]) => (value & bit) !== 0).map(([name]) => name);
}

export function namesToUac(names: readonly UacFlagName[]): number {
  return names.reduce((uac, name) => (uac | UAC_FLAGS[name]) >>> 0, 0);
}

/**
 * Sets the `add` bits and clears the `remove` bits, keeping every other bit as it is, unnamed
 * ones included. Adding a set bit or removing a clear one changes nothing. AD cannot modify
 * single bits, so the result is meant to REPLACE the whole attribute.
 */
export function applyUacChanges(current: number, changes: UacChanges): number {
  const add = namesToUac(changes.add ?? []);
  const remove = namesToUac(changes.remove ?? []);
  if ((add & remove) !== 0) {
    const both = uacToNames(add & remove).join(', ');
    throw new RangeError(`Cannot both add and remove userAccountControl flags: ${both}`);
  }

  return ((checkUac(current) | add) & ~remove) >>> 0;
}
