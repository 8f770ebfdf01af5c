import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when bytes or text are not a valid GUID. */
export class InvalidGuidError extends LdapSyntaxError {}

const GUID_LENGTH = 16;
const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/**
 * Decodes a 16-byte `objectGUID`. The first three fields (4, 2 and 2 bytes) are stored
 * little-endian and the last 8 bytes in order, so the text is not the bytes in sequence.
 * The result is lower-case with dashes and without braces.
 */
export function decodeGuid(bytes: Uint8Array): string {
  if (bytes.length !== GUID_LENGTH) {
    throw new InvalidGuidError(`A GUID is ${GUID_LENGTH} bytes long, got ${bytes.length}`);
  }

  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const swap = (start: number, end: number): string =>
    (hex.slice(start, end).match(/../g) ?? []).reverse().join('');

  return [swap(0, 8), swap(8, 12), swap(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

/** Encodes GUID text (case-insensitive, braces optional) into the binary form of `objectGUID`. */
export function encodeGuid(text: string): Buffer {
  const match = GUID_TEXT.exec(text);
  if (!match || text.startsWith('{') !== text.endsWith('}')) {
    throw new InvalidGuidError(
      `Invalid GUID "${text}"; expected the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`,
    );
  }

  const [, first, second, third, fourth, fifth] = match;

  return Buffer.concat([
    Buffer.from(first, 'hex').reverse(),
    Buffer.from(second, 'hex').reverse(),
    Buffer.from(third, 'hex').reverse(),
    Buffer.from(fourth + fifth, 'hex'),
  ]);
}

export function isValidGuid(text: string): boolean {
  return GUID_TEXT.test(text) && text.startsWith('{') === text.endsWith('}');
}
