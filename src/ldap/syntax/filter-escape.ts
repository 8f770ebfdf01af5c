const FILTER_SPECIALS = /[*()\\\0]/g;

function hexEscape(byte: number): string {
  return `\\${byte.toString(16).padStart(2, '0')}`;
}

/**
 * Escapes a string for use as an assertion value in an LDAP filter (RFC 4515, section 3).
 * Only `*`, `(`, `)`, `\` and NUL are escaped. Every other character, non-ASCII included, is
 * sent as is and travels as UTF-8.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(FILTER_SPECIALS, (char) => hexEscape(char.charCodeAt(0)));
}

/**
 * Escapes every byte as `\xx`, the form a binary attribute such as `objectSid` or `objectGUID`
 * needs in an equality filter.
 */
export function escapeFilterBytes(bytes: Uint8Array): string {
  let escaped = '';
  for (const byte of bytes) {
    escaped += hexEscape(byte);
  }

  return escaped;
}
