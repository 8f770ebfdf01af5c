import { decodeSid, ridOf } from './codecs/sid';
import { LdapEntry } from './ldap-entry';

/** RIDs below this belong to principals the domain creates for itself (Administrator, krbtgt, Domain Admins). */
const FIRST_ORDINARY_RID = 1000;

/** Attributes an entry must carry for isProtectedObject to judge it. */
export const PROTECTION_ATTRIBUTES = ['isCriticalSystemObject', 'objectSid'];

/**
 * True for critical system objects and for the security principals the domain creates itself
 * (RID below 1000, such as Administrator, krbtgt, Domain Admins and the Builtin groups), whose
 * state only the DC's own tools should change. The entry must carry PROTECTION_ATTRIBUTES.
 */
export function isProtectedObject(entry: LdapEntry): boolean {
  if (entry.text('isCriticalSystemObject')?.toUpperCase() === 'TRUE') {
    return true;
  }

  const sid = entry.buffer('objectSid');

  return sid !== undefined && ridOf(decodeSid(sid)) < FIRST_ORDINARY_RID;
}
