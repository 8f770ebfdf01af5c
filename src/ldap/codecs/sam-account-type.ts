/** `sAMAccountType` values and the names the API returns for them. */
export const SAM_ACCOUNT_TYPES = {
  SAM_DOMAIN_OBJECT: 0x0,
  SAM_GROUP_OBJECT: 0x10000000,
  SAM_NON_SECURITY_GROUP_OBJECT: 0x10000001,
  SAM_ALIAS_OBJECT: 0x20000000,
  SAM_NON_SECURITY_ALIAS_OBJECT: 0x20000001,
  // Also called SAM_USER_OBJECT, but the API has always returned this name.
  SAM_NORMAL_USER_ACCOUNT: 0x30000000,
  SAM_MACHINE_ACCOUNT: 0x30000001,
  SAM_TRUST_ACCOUNT: 0x30000002,
  SAM_APP_BASIC_GROUP: 0x40000000,
  SAM_APP_QUERY_GROUP: 0x40000001,
  SAM_ACCOUNT_TYPE_MAX: 0x7fffffff,
} as const;

export type SamAccountTypeName = keyof typeof SAM_ACCOUNT_TYPES;

const NAMES_BY_VALUE = new Map<number, SamAccountTypeName>(
  (Object.entries(SAM_ACCOUNT_TYPES) as [SamAccountTypeName, number][]).map(([name, value]) => [
    value,
    name,
  ]),
);

/** Returns the name of a `sAMAccountType` value, or the value in decimal when it has none. */
export function samAccountTypeName(value: number): string {
  return NAMES_BY_VALUE.get(value) ?? String(value);
}
