import { LdapSyntaxError } from '../syntax/ldap-syntax-error';

/** Error raised when bytes or text are not a valid security identifier. */
export class InvalidSidError extends LdapSyntaxError {}

const MAX_SUB_AUTHORITIES = 15;
const HEADER_LENGTH = 8;
const TWO_POW_32 = 0x1_0000_0000;

interface SidParts {
  /** The 48-bit identifier authority (5 for NT AUTHORITY). */
  authority: number;
  subAuthorities: number[];
}

// MS-DTYP 2.4.2.1: the authority is decimal below 2^32 and `0x` plus 12 hex digits from there.
const SID_TEXT = /^S-1-(0x[0-9A-Fa-f]{12}|0|[1-9][0-9]*)((?:-(?:0|[1-9][0-9]*))*)$/i;

/**
 * Decodes a binary SID as stored in `objectSid`: byte 0 is the revision (1), byte 1 the number
 * of sub-authorities, bytes 2-7 the identifier authority as a 48-bit big-endian number, then
 * each sub-authority as a 32-bit little-endian number. The last sub-authority is the RID.
 */
export function decodeSid(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < HEADER_LENGTH) {
    throw new InvalidSidError(`A SID needs at least ${HEADER_LENGTH} bytes, got ${buffer.length}`);
  }

  const revision = buffer[0];
  const count = buffer[1];
  if (revision !== 1) {
    throw new InvalidSidError(`Unsupported SID revision ${revision}; only revision 1 exists`);
  }

  if (count > MAX_SUB_AUTHORITIES) {
    throw new InvalidSidError(
      `A SID has at most ${MAX_SUB_AUTHORITIES} sub-authorities, got ${count}`,
    );
  }

  const expectedLength = HEADER_LENGTH + 4 * count;
  if (buffer.length !== expectedLength) {
    throw new InvalidSidError(
      `A SID with ${count} sub-authorities is ${expectedLength} bytes long, got ${buffer.length}`,
    );
  }

  const subAuthorities: number[] = [];
  for (let index = 0; index < count; index++) {
    subAuthorities.push(buffer.readUInt32LE(HEADER_LENGTH + 4 * index));
  }

  return formatSid({ authority: buffer.readUIntBE(2, 6), subAuthorities });
}

function parseSid(text: string): SidParts {
  const match = SID_TEXT.exec(text);
  if (!match) {
    throw new InvalidSidError(`Invalid SID "${text}"; expected the form S-1-5-21-…`);
  }

  const authority = Number(match[1]);
  const subAuthorities = match[2] === '' ? [] : match[2].slice(1).split('-').map(Number);
  if (subAuthorities.length > MAX_SUB_AUTHORITIES) {
    throw new InvalidSidError(
      `Invalid SID "${text}": more than ${MAX_SUB_AUTHORITIES} sub-authorities`,
    );
  }

  if (subAuthorities.some((subAuthority) => subAuthority >= TWO_POW_32)) {
    throw new InvalidSidError(`Invalid SID "${text}": a sub-authority exceeds 32 bits`);
  }

  if (authority >= 2 ** 48) {
    throw new InvalidSidError(`Invalid SID "${text}": the identifier authority exceeds 48 bits`);
  }

  return { authority, subAuthorities };
}

function formatSid({ authority, subAuthorities }: SidParts): string {
  const authorityText =
    authority < TWO_POW_32
      ? String(authority)
      : `0x${authority.toString(16).toUpperCase().padStart(12, '0')}`;

  return ['S-1', authorityText, ...subAuthorities].join('-');
}

function encodeParts({ authority, subAuthorities }: SidParts): Buffer {
  const buffer = Buffer.alloc(HEADER_LENGTH + 4 * subAuthorities.length);
  buffer[0] = 1;
  buffer[1] = subAuthorities.length;
  buffer.writeUIntBE(authority, 2, 6);
  subAuthorities.forEach((subAuthority, index) => {
    buffer.writeUInt32LE(subAuthority, HEADER_LENGTH + 4 * index);
  });

  return buffer;
}

/** Encodes SID text (`S-1-5-21-…`, case-insensitive `S`) into the binary form of `objectSid`. */
export function encodeSid(text: string): Buffer {
  return encodeParts(parseSid(text));
}

export function isValidSid(text: string): boolean {
  try {
    parseSid(text);

    return true;
  } catch {
    return false;
  }
}

/** Returns the relative identifier, the last sub-authority (512 for Domain Admins). */
export function ridOf(sid: string): number {
  const { subAuthorities } = parseSid(sid);
  if (subAuthorities.length === 0) {
    throw new InvalidSidError(`The SID "${sid}" has no sub-authority, so it has no RID`);
  }

  return subAuthorities[subAuthorities.length - 1];
}

/** Returns the SID without its RID: the domain SID for a domain account, `S-1-5-32` for BUILTIN. */
export function domainSidOf(sid: string): string {
  const { authority, subAuthorities } = parseSid(sid);
  if (subAuthorities.length === 0) {
    throw new InvalidSidError(`The SID "${sid}" has no sub-authority, so it has no domain part`);
  }

  return formatSid({ authority, subAuthorities: subAuthorities.slice(0, -1) });
}

/** Builds `<domainSid>-<rid>`, e.g. the SID of a user's primary group from `primaryGroupID`. */
export function sidWithRid(domainSid: string, rid: number): string {
  const { authority, subAuthorities } = parseSid(domainSid);
  if (!Number.isInteger(rid) || rid < 0 || rid >= TWO_POW_32) {
    throw new InvalidSidError(`Invalid RID ${rid}; expected an unsigned 32-bit integer`);
  }

  if (subAuthorities.length === MAX_SUB_AUTHORITIES) {
    throw new InvalidSidError(
      `Cannot append a RID to "${domainSid}", which has ${MAX_SUB_AUTHORITIES} sub-authorities`,
    );
  }

  return formatSid({ authority, subAuthorities: [...subAuthorities, rid] });
}
