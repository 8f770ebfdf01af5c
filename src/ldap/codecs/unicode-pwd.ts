/**
 * Encodes a password as AD's `unicodePwd` value: the password in double quotes, in UTF-16LE
 * without a byte-order mark. AD accepts it only over an encrypted connection.
 */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}
