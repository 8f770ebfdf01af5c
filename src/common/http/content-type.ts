/**
 * Matches `application/json` followed by the end of the value, a parameter, a space or a comma.
 * Browsers have been seen sending `application/json;charset=UTF-8 application/json` (an axios
 * default combined with axios' own header), which Express 5 rejects as an unsupported charset.
 * `application/jsonp` and `application/json-patch+json` do not match.
 */
const JSON_MEDIA_TYPE_PREFIX = /^\s*application\/json(?=$|[\s;,])/i;

export const JSON_MEDIA_TYPE = 'application/json';

/** Checks whether a `Content-Type` value names JSON, whatever parameters or garbage follow it. */
export function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && JSON_MEDIA_TYPE_PREFIX.test(value);
}

/**
 * Returns `application/json` for any JSON `Content-Type` value and the value unchanged
 * otherwise. The charset parameter is dropped because RFC 8259 requires UTF-8 for JSON.
 */
export function normalizeContentType(value: string | undefined): string | undefined {
  return isJsonContentType(value) ? JSON_MEDIA_TYPE : value;
}
