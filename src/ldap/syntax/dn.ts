import { LdapSyntaxError } from './ldap-syntax-error';

/** Error raised when a string is not a distinguished name in the RFC 4514 string form. */
export class InvalidDnError extends LdapSyntaxError {}

export interface RdnAttribute {
  type: string;
  value: string;
}

/** A relative distinguished name. With more than one attribute it is multi-valued (`a+b`). */
export interface Rdn {
  attributes: RdnAttribute[];
}

interface ParsedRdn {
  rdn: Rdn;
  /** Index in the DN string where the RDN starts, after any leading spaces. */
  start: number;
}

const ATTRIBUTE_TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))+)$/;
const ATTRIBUTE_TYPE_CHAR = /[A-Za-z0-9.-]/;
const HEX_DIGIT = /[0-9A-Fa-f]/;
// Characters RFC 4514 lets a backslash escape by themselves, besides a pair of hex digits.
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
// Characters that RFC 4514 forbids unescaped anywhere in a string value.
const FORBIDDEN_UNESCAPED = new Set(['"', ';', '<', '>', '\0']);
// `=` needs no escape under RFC 4514, but Active Directory documents it as reserved.
const ESCAPED_BY_BACKSLASH = new Set([',', '+', '"', '\\', '<', '>', ';', '=']);
// BER tags whose contents are a character string: OCTET STRING, UTF8String,
// PrintableString and IA5String.
const BER_STRING_TAGS = new Set([0x04, 0x0c, 0x13, 0x16]);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function fail(dn: string, reason: string, position?: number): never {
  const where = position === undefined ? '' : ` at position ${position}`;

  throw new InvalidDnError(`Invalid DN "${dn}": ${reason}${where}`);
}

function checkAttributeType(type: string): string {
  if (!ATTRIBUTE_TYPE.test(type)) {
    throw new InvalidDnError(`Invalid attribute type in DN: "${type}"`);
  }

  return type;
}

function skipSpaces(dn: string, position: number): number {
  let next = position;
  while (dn[next] === ' ') {
    next++;
  }

  return next;
}

function decodeUtf8(dn: string, bytes: Uint8Array, position: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return fail(dn, 'escaped bytes are not valid UTF-8 in the value starting', position);
  }
}

/**
 * Decodes a `#hex` value, which RFC 4514 defines as the BER encoding of the attribute value.
 * Only primitive character-string types are accepted, because the result must be a string.
 */
function decodeBerString(dn: string, hex: string, position: number): string {
  const bytes = Buffer.from(hex, 'hex');
  const tag = bytes[0];
  let length = bytes[1];
  let offset = 2;
  if (length === undefined) {
    return fail(dn, 'truncated BER value', position);
  }

  if (length & 0x80) {
    const lengthOctets = length & 0x7f;
    if (lengthOctets === 0 || lengthOctets > 4 || bytes.length < 2 + lengthOctets) {
      return fail(dn, 'unsupported BER length in the value', position);
    }

    length = bytes.readUIntBE(2, lengthOctets);
    offset = 2 + lengthOctets;
  }

  if (offset + length !== bytes.length) {
    return fail(dn, 'BER length does not match the value', position);
  }

  if (!BER_STRING_TAGS.has(tag)) {
    return fail(
      dn,
      `BER tag 0x${tag.toString(16).padStart(2, '0')} is not a string type`,
      position,
    );
  }

  return decodeUtf8(dn, bytes.subarray(offset), position);
}

function parseHexValue(dn: string, start: number): { value: string; end: number } {
  let position = start + 1;
  while (position < dn.length && HEX_DIGIT.test(dn[position])) {
    position++;
  }

  const hex = dn.slice(start + 1, position);
  if (hex.length === 0 || hex.length % 2 !== 0) {
    fail(dn, 'a #hex value needs an even, non-zero number of hex digits', start);
  }

  const end = skipSpaces(dn, position);
  if (end < dn.length && dn[end] !== ',' && dn[end] !== '+') {
    fail(dn, `unexpected "${dn[end]}" after a #hex value`, end);
  }

  return { value: decodeBerString(dn, hex, start), end };
}

/**
 * Reads a string value up to the next unescaped `,` or `+`. Unescaped spaces at the end are
 * dropped because RFC 4514 requires a trailing space of the value itself to be escaped.
 * Hex escapes are collected as bytes, because several of them can encode one UTF-8 character.
 * A lone surrogate becomes U+FFFD, the character its UTF-8 encoding would give.
 */
function parseStringValue(dn: string, start: number): { value: string; end: number } {
  let value = '';
  let escapedBytes: number[] = [];
  let trailingSpaces = 0;
  let runStart = start;
  let position = start;
  const flushRun = (): void => {
    value += dn.slice(runStart, position);
  };

  const flushBytes = (): void => {
    if (escapedBytes.length > 0) {
      value += decodeUtf8(dn, Uint8Array.from(escapedBytes), start);
      escapedBytes = [];
    }
  };

  while (position < dn.length) {
    const char = dn[position];
    if (char === ',' || char === '+') {
      break;
    }

    if (char === '\\') {
      flushRun();
      const next = dn[position + 1];
      if (next === undefined) {
        fail(dn, 'unterminated escape', position);
      }

      if (HEX_DIGIT.test(next) && HEX_DIGIT.test(dn[position + 2] ?? '')) {
        escapedBytes.push(parseInt(dn.slice(position + 1, position + 3), 16));
        position += 3;
      } else if (ESCAPABLE.has(next)) {
        flushBytes();
        value += next;
        position += 2;
      } else {
        fail(dn, `invalid escape "\\${next}"`, position);
      }

      runStart = position;
      trailingSpaces = 0;
      continue;
    }

    if (FORBIDDEN_UNESCAPED.has(char)) {
      fail(dn, `unescaped ${JSON.stringify(char)} in a value`, position);
    }

    flushBytes();
    trailingSpaces = char === ' ' ? trailingSpaces + 1 : 0;
    position++;
  }

  flushRun();
  flushBytes();

  return { value: value.slice(0, value.length - trailingSpaces).toWellFormed(), end: position };
}

function parseAttribute(dn: string, start: number): { attribute: RdnAttribute; end: number } {
  let position = start;
  while (position < dn.length && ATTRIBUTE_TYPE_CHAR.test(dn[position])) {
    position++;
  }

  const type = dn.slice(start, position);
  if (type === '') {
    const char = dn[start];
    if (char === undefined || char === ',') {
      fail(dn, 'empty RDN', start);
    }

    if (char === '=' || char === '+') {
      fail(dn, 'empty attribute type', start);
    }

    fail(dn, `invalid character "${char}" in attribute type`, start);
  }

  if (!ATTRIBUTE_TYPE.test(type)) {
    fail(dn, `invalid attribute type "${type}"`, start);
  }

  const typeEnd = position;
  position = skipSpaces(dn, position);
  const char = dn[position];
  if (char !== '=') {
    if (position === typeEnd && char !== undefined && char !== ',' && char !== '+') {
      fail(dn, `invalid character "${char}" in attribute type`, position);
    }

    fail(dn, `missing "=" after attribute type "${type}"`, position);
  }

  position = skipSpaces(dn, position + 1);
  const { value, end } =
    dn[position] === '#' ? parseHexValue(dn, position) : parseStringValue(dn, position);

  return { attribute: { type, value }, end };
}

function parseRdns(dn: string): ParsedRdn[] {
  const rdns: ParsedRdn[] = [];
  let position = skipSpaces(dn, 0);
  if (position === dn.length) {
    return rdns;
  }

  for (;;) {
    const start = position;
    const attributes: RdnAttribute[] = [];
    for (;;) {
      const { attribute, end } = parseAttribute(dn, position);
      attributes.push(attribute);
      position = end;
      if (dn[position] !== '+') {
        break;
      }

      position = skipSpaces(dn, position + 1);
    }

    rdns.push({ rdn: { attributes }, start });
    if (position === dn.length) {
      return rdns;
    }

    position = skipSpaces(dn, position + 1);
  }
}

function parseNonRoot(dn: string): ParsedRdn[] {
  const rdns = parseRdns(dn);
  if (rdns.length === 0) {
    fail(dn, 'the root DN has no RDN');
  }

  return rdns;
}

/**
 * Escapes a string for use as an attribute value in a DN (RFC 4514, section 2.4). Besides the
 * required escapes it escapes `=`, which Active Directory lists as reserved, and control
 * characters as `\xx` (AD lists LF and CR). A `#` is escaped only in first position, as AD
 * does. Non-ASCII characters are left as they are.
 */
export function escapeDnValue(value: string, options: { hexBackslash?: boolean } = {}): string {
  const chars = Array.from(value);
  const last = chars.length - 1;

  return chars
    .map((char, index) => {
      const code = char.charCodeAt(0);
      if (char === '\\' && options.hexBackslash === true) {
        return '\\5C';
      }

      if (ESCAPED_BY_BACKSLASH.has(char)) {
        return `\\${char}`;
      }

      if (code < 0x20 || code === 0x7f) {
        return `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
      }

      if ((char === ' ' && (index === 0 || index === last)) || (char === '#' && index === 0)) {
        return `\\${char}`;
      }

      return char;
    })
    .join('');
}

/**
 * Parses a DN in the RFC 4514 string form into its RDNs, leaf first. Escapes and hex pairs are
 * decoded (a run of pairs forms UTF-8), spaces around `,`, `+` and `=` are ignored, and the
 * empty string is the root DN with no RDN. A `#hex` value is decoded from its BER form when
 * that is a character string and rejected otherwise, so every value is plain text.
 *
 * @throws InvalidDnError on malformed input, including unescaped `"`, `;`, `<`, `>` or NUL.
 */
export function parseDn(dn: string): Rdn[] {
  return parseRdns(dn).map((parsed) => parsed.rdn);
}

/** An attribute type given by name, as Active Directory names RDN types (`CN`, `OU`, `DC`). */
const DESCRIPTOR = /^[A-Za-z][A-Za-z0-9-]*$/;

/**
 * Tells whether `dn` is a DN a client may send: valid RFC 4514 syntax in the forms Active
 * Directory names objects with. Multi-valued RDNs, attribute types given as OIDs, and NUL
 * characters (also escaped as `\00`, after which Samba ignores the rest of the value) are
 * rejected, because the directory would read them differently from this parser.
 */
export function isValidDn(dn: string): boolean {
  try {
    return parseRdns(dn).every(
      ({ rdn }) =>
        rdn.attributes.length === 1 &&
        DESCRIPTOR.test(rdn.attributes[0].type) &&
        !rdn.attributes[0].value.includes('\0'),
    );
  } catch (error) {
    if (error instanceof InvalidDnError) {
      return false;
    }

    throw error;
  }
}

/**
 * Re-formats `dn` with every backslash in a value written as `\5C`. ldapts splits the new DN of
 * a modify DN request at the first comma not preceded by a backslash. After a value that ends in
 * an escaped backslash (`CN=a\\,OU=b`) that is the wrong comma, and the hex form avoids it.
 */
export function withHexBackslashes(dn: string): string {
  return parseDn(dn)
    .map((rdn) =>
      rdn.attributes
        .map(({ type, value }) => `${type}=${escapeDnValue(value, { hexBackslash: true })}`)
        .join('+'),
    )
    .join(',');
}

/** Formats RDNs as a DN string: types as given, values escaped by escapeDnValue, no spaces. */
export function formatDn(rdns: readonly Rdn[]): string {
  return rdns.map(formatRdn).join(',');
}

function formatRdn(rdn: Rdn): string {
  if (rdn.attributes.length === 0) {
    throw new InvalidDnError('An RDN needs at least one attribute');
  }

  return rdn.attributes
    .map(({ type, value }) => `${checkAttributeType(type)}=${escapeDnValue(value)}`)
    .join('+');
}

/**
 * Builds one RDN such as `CN=Lastname\, Firstname`. An empty value is rejected because Active
 * Directory cannot name an object with it.
 */
export function rdn(type: string, value: string): string {
  if (value === '') {
    throw new InvalidDnError(`The ${type} value of an RDN cannot be empty`);
  }

  return formatRdn({ attributes: [{ type, value }] });
}

/** Builds the DN of a child of `parent`, which is validated and kept as written. */
export function childDn(parent: string, type: string, value: string): string {
  const leaf = rdn(type, value);
  if (parseRdns(parent).length === 0) {
    return leaf;
  }

  return `${leaf},${parent}`;
}

/**
 * Returns the DN without its first RDN, as written in `dn`, so the server's own escaping is
 * kept. The parent of a one-RDN DN is the root DN `''`.
 */
export function parentDn(dn: string): string {
  const rdns = parseNonRoot(dn);

  return rdns.length === 1 ? '' : dn.slice(rdns[1].start);
}

/** Returns the first RDN of `dn`, re-escaped canonically (for a move that keeps the name). */
export function firstRdn(dn: string): string {
  return formatRdn(parseNonRoot(dn)[0].rdn);
}

/** Returns the unescaped value of the first attribute of the first RDN, e.g. a CN. */
export function firstRdnValue(dn: string): string {
  return parseNonRoot(dn)[0].rdn.attributes[0].value;
}

/**
 * Folds a value as LDAP's case-ignore matching does: lower case, no leading or trailing spaces,
 * and inner runs of spaces as one (insignificant space handling, RFC 4518 section 2.6.1).
 */
function foldValue(value: string): string {
  return value.toLowerCase().replace(/ +/g, ' ').trim();
}

function normalizeRdn(rdn: Rdn): string {
  return rdn.attributes
    .map(({ type, value }) => `${type.toUpperCase()}=${escapeDnValue(foldValue(value))}`)
    .sort()
    .join('+');
}

/**
 * Returns a form of `dn` for comparisons: types upper-cased, values folded as case-ignore
 * matching folds them and re-escaped, and the parts of a multi-valued RDN sorted. The directory
 * compares DNs the same way, so `CN=Users`, `cn=users` and `CN=Users\20` name one object.
 *
 * NOTE: `toLowerCase()` approximates the server's Unicode case folding, and a type given as an
 * OID (`2.5.4.3`) does not match its name (`CN`).
 */
export function normalizeDn(dn: string): string {
  return parseDn(dn).map(normalizeRdn).join(',');
}

export function dnEquals(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

/** Tells whether `dn` is `ancestor` itself or lies anywhere below it. */
export function isDescendantOrSelf(dn: string, ancestor: string): boolean {
  const rdns = parseDn(dn).map(normalizeRdn);
  const ancestorRdns = parseDn(ancestor).map(normalizeRdn);
  const offset = rdns.length - ancestorRdns.length;
  if (offset < 0) {
    return false;
  }

  return ancestorRdns.every((ancestorRdn, index) => rdns[offset + index] === ancestorRdn);
}

/** The comparison form of a DN and of its parent, and its first RDN value, from one parse. */
export interface DnKeys {
  /** normalizeDn of the DN. */
  key: string;
  /** normalizeDn of the parent DN (`''` for a one-RDN DN). */
  parentKey: string;
  /** Unescaped value of the first attribute of the first RDN. */
  name: string;
}

/** Parses `dn` once and returns its keys, for code that places many entries by DN. */
export function dnKeys(dn: string): DnKeys {
  const rdns = parseNonRoot(dn).map((parsed) => parsed.rdn);
  const normalized = rdns.map(normalizeRdn);

  return {
    key: normalized.join(','),
    parentKey: normalized.slice(1).join(','),
    name: rdns[0].attributes[0].value,
  };
}

/** Returns normalizeDn of `dn` and of each of its ancestors, the DN itself first. */
export function ancestorKeys(dn: string): string[] {
  const normalized = parseDn(dn).map(normalizeRdn);

  return normalized.map((_, index) => normalized.slice(index).join(','));
}

/**
 * Tells whether the normalized DN `key` is `ancestorKey` or lies below it, by comparing text.
 * A suffix match is exact on normalized DNs because values escape both `,` and `=`: the text
 * `,CN=` can only occur where one RDN ends and the next begins.
 */
export function isKeyDescendantOrSelf(key: string, ancestorKey: string): boolean {
  return ancestorKey === '' || key === ancestorKey || key.endsWith(`,${ancestorKey}`);
}
