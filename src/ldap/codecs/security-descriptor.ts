import { LdapSyntaxError } from '../syntax/ldap-syntax-error';
import { decodeGuid } from './guid';
import { decodeSid } from './sid';

/** Error raised when bytes are not a valid self-relative security descriptor. */
export class InvalidSecurityDescriptorError extends LdapSyntaxError {}

/** ACE types (MS-DTYP 2.4.4.1) that the API reads; other types keep only their header and mask. */
export const AceType = {
  AccessAllowed: 0x00,
  AccessDenied: 0x01,
  AccessAllowedObject: 0x05,
  AccessDeniedObject: 0x06,
} as const;

/** ACE header flags (MS-DTYP 2.4.4.1). */
export const ACE_FLAG = {
  INHERIT_ONLY: 0x08,
  INHERITED: 0x10,
} as const;

/** ADS_RIGHT_DS_CONTROL_ACCESS: the access-mask bit of extended rights such as Change Password. */
export const RIGHT_DS_CONTROL_ACCESS = 0x100;

/** The User-Change-Password extended right (rightsGuid of CN=User-Change-Password). */
export const USER_CHANGE_PASSWORD_RIGHT = 'ab721a53-1e2f-11d0-9819-00aa0040529b';

/** Well-known trustees: Everyone (WD) and the principal the object represents (PS, SELF). */
export const SID_EVERYONE = 'S-1-1-0';
export const SID_SELF = 'S-1-5-10';

/** SECURITY_DESCRIPTOR control bits (MS-DTYP 2.4.6). */
const SE_DACL_PRESENT = 0x0004;
const SE_SELF_RELATIVE = 0x8000;

const HEADER_LENGTH = 20;
const ACL_HEADER_LENGTH = 8;
const ACE_HEADER_LENGTH = 4;
const GUID_LENGTH = 16;
const SID_HEADER_LENGTH = 8;
/** ACCESS_*_OBJECT_ACE Flags: which of the two optional GUIDs follow. */
const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;

export interface Ace {
  type: number;
  flags: number;
  mask: number;
  /** The trustee; undefined for ACE types the decoder does not read. */
  sid?: string;
  /** Object ACEs: the property, property set, extended right or child class the ACE is about. */
  objectType?: string;
  /** Object ACEs: the class of objects that inherit the ACE. */
  inheritedObjectType?: string;
}

export interface SecurityDescriptor {
  control: number;
  owner?: string;
  group?: string;
  /** Undefined when the descriptor has no DACL or the read did not include it. */
  dacl?: Ace[];
}

/**
 * Decodes a self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6) as stored in `nTSecurityDescriptor`:
 * a 20-byte header with the control bits and the offsets of the owner SID, group SID, SACL and
 * DACL. An offset of 0 means the part is absent, which is what a read with the SD-flags control
 * returns for the parts it did not ask for. The SACL is not decoded.
 */
export function decodeSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < HEADER_LENGTH) {
    throw new InvalidSecurityDescriptorError(
      `A security descriptor needs at least ${HEADER_LENGTH} bytes, got ${buffer.length}`,
    );
  }

  if (buffer[0] !== 1) {
    throw new InvalidSecurityDescriptorError(
      `Unsupported security descriptor revision ${buffer[0]}`,
    );
  }

  const control = buffer.readUInt16LE(2);
  if ((control & SE_SELF_RELATIVE) === 0) {
    throw new InvalidSecurityDescriptorError('The security descriptor is not self-relative');
  }

  const ownerOffset = buffer.readUInt32LE(4);
  const groupOffset = buffer.readUInt32LE(8);
  const daclOffset = buffer.readUInt32LE(16);
  const descriptor: SecurityDescriptor = { control };
  if (ownerOffset !== 0) {
    descriptor.owner = readSid(buffer, ownerOffset, buffer.length);
  }

  if (groupOffset !== 0) {
    descriptor.group = readSid(buffer, groupOffset, buffer.length);
  }

  if ((control & SE_DACL_PRESENT) !== 0 && daclOffset !== 0) {
    descriptor.dacl = readAcl(buffer, daclOffset);
  }

  return descriptor;
}

/**
 * Tells whether a DACL denies an extended right to one of the trustees: an ACCESS_DENIED_OBJECT
 * ACE for that right (or for every right, without an object type), or an ACCESS_DENIED ACE with
 * the control-access bit. Inherit-only ACEs do not apply to the object itself and are skipped.
 */
export function deniesExtendedRight(
  descriptor: SecurityDescriptor,
  rightGuid: string,
  trustees: string[],
): boolean {
  const right = rightGuid.toLowerCase();

  return (descriptor.dacl ?? []).some((ace) => {
    if ((ace.flags & ACE_FLAG.INHERIT_ONLY) !== 0 || (ace.mask & RIGHT_DS_CONTROL_ACCESS) === 0) {
      return false;
    }

    if (ace.sid === undefined || !trustees.includes(ace.sid)) {
      return false;
    }

    if (ace.type === AceType.AccessDenied) {
      return true;
    }

    return (
      ace.type === AceType.AccessDeniedObject &&
      (ace.objectType === undefined || ace.objectType === right)
    );
  });
}

/** Reads an ACL (MS-DTYP 2.4.5): an 8-byte header with its size and ACE count, then the ACEs. */
function readAcl(buffer: Buffer, offset: number): Ace[] {
  requireBytes(buffer, offset, ACL_HEADER_LENGTH, 'ACL header', buffer.length);
  const size = buffer.readUInt16LE(offset + 2);
  const count = buffer.readUInt16LE(offset + 4);
  const end = offset + size;
  if (size < ACL_HEADER_LENGTH || end > buffer.length) {
    throw new InvalidSecurityDescriptorError(`The ACL at offset ${offset} overruns the descriptor`);
  }

  const aces: Ace[] = [];
  let position = offset + ACL_HEADER_LENGTH;
  for (let index = 0; index < count; index++) {
    requireBytes(buffer, position, ACE_HEADER_LENGTH, 'ACE header', end);
    const aceSize = buffer.readUInt16LE(position + 2);
    if (aceSize < ACE_HEADER_LENGTH + 4 || position + aceSize > end) {
      throw new InvalidSecurityDescriptorError(`ACE ${index} has an invalid size ${aceSize}`);
    }

    aces.push(readAce(buffer, position, position + aceSize));
    position += aceSize;
  }

  return aces;
}

/**
 * Reads one ACE (MS-DTYP 2.4.4): header, access mask, then for object ACEs a flags word and the
 * GUIDs it announces, and the trustee SID last.
 */
function readAce(buffer: Buffer, offset: number, end: number): Ace {
  const ace: Ace = {
    type: buffer[offset],
    flags: buffer[offset + 1],
    mask: buffer.readUInt32LE(offset + ACE_HEADER_LENGTH),
  };
  let position = offset + ACE_HEADER_LENGTH + 4;
  switch (ace.type) {
    case AceType.AccessAllowed:
    case AceType.AccessDenied:
      ace.sid = readSid(buffer, position, end);
      break;
    case AceType.AccessAllowedObject:
    case AceType.AccessDeniedObject: {
      requireBytes(buffer, position, 4, 'object ACE flags', end);
      const objectFlags = buffer.readUInt32LE(position);
      position += 4;
      if ((objectFlags & ACE_OBJECT_TYPE_PRESENT) !== 0) {
        requireBytes(buffer, position, GUID_LENGTH, 'object type', end);
        ace.objectType = decodeGuid(buffer.subarray(position, position + GUID_LENGTH));
        position += GUID_LENGTH;
      }

      if ((objectFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) !== 0) {
        requireBytes(buffer, position, GUID_LENGTH, 'inherited object type', end);
        ace.inheritedObjectType = decodeGuid(buffer.subarray(position, position + GUID_LENGTH));
        position += GUID_LENGTH;
      }

      ace.sid = readSid(buffer, position, end);
      break;
    }

    default:
      // Audit, alarm and callback ACEs carry no trustee the API evaluates.
      break;
  }

  return ace;
}

/** Reads a SID whose length follows from its sub-authority count (byte 1). */
function readSid(buffer: Buffer, offset: number, end: number): string {
  requireBytes(buffer, offset, SID_HEADER_LENGTH, 'SID', end);
  const length = SID_HEADER_LENGTH + 4 * buffer[offset + 1];
  requireBytes(buffer, offset, length, 'SID', end);

  return decodeSid(buffer.subarray(offset, offset + length));
}

function requireBytes(buffer: Buffer, offset: number, length: number, what: string, end: number) {
  if (offset + length > Math.min(end, buffer.length)) {
    throw new InvalidSecurityDescriptorError(
      `The ${what} at offset ${offset} overruns the security descriptor`,
    );
  }
}
