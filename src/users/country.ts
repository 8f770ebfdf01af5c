import { alpha2ToNumeric, getAlpha2Code } from 'i18n-iso-countries';

/** The three attributes AD keeps for a country, which must agree with each other. */
export interface CountryAttributes {
  /** ISO 3166-1 alpha-2 code, such as `NO`. */
  c: string;
  /** The country name as given, such as `Norway`. */
  co: string;
  /** ISO 3166-1 numeric code as a decimal integer without leading zeros, such as `578`. */
  countryCode: string;
}

/**
 * Maps an English country name (case-insensitive, official or common form) to `c`, `co` and
 * `countryCode` with the ISO 3166 tables of i18n-iso-countries. Returns undefined for a name
 * the tables do not contain. `co` keeps the name as given, trimmed.
 */
export function countryFromName(name: string): CountryAttributes | undefined {
  const trimmed = name.trim();
  if (trimmed === '') {
    return undefined;
  }

  const alpha2 = getAlpha2Code(trimmed, 'en');
  const numeric = alpha2 === undefined ? undefined : alpha2ToNumeric(alpha2);
  if (alpha2 === undefined || numeric === undefined) {
    return undefined;
  }

  // countryCode has integer syntax, so '040' (Austria) is stored and read back as 40.
  return { c: alpha2, co: trimmed, countryCode: String(Number(numeric)) };
}
