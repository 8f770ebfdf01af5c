import { firstRdnValue } from '../ldap/syntax/dn';

/** Length of the audit_log.extra_message column, in characters. */
export const MAX_EXTRA_MESSAGE_LENGTH = 256;

/** The changes of one group update, as the audit row records them. */
export interface GroupUpdateAudit {
  /** Names of the changed attributes (groupType, sAMAccountName, mail, description). */
  attributes: readonly string[];
  /** DNs of the members added. */
  added: readonly string[];
  /** DNs of the members removed. */
  removed: readonly string[];
}

/**
 * Builds the extra message of a group update's audit row, such as
 * `changed: description; added 3: Jane Doe, Sales, …; removed 1: Bob`. Members are named by the
 * value of their RDN. The message is cut to the 256 characters of the column, so the full DN
 * lists belong in the row's affectedObject.
 */
export function describeGroupUpdate(changes: GroupUpdateAudit): string {
  const parts: string[] = [];
  if (changes.attributes.length > 0) {
    parts.push(`changed: ${changes.attributes.join(', ')}`);
  }

  if (changes.added.length > 0) {
    parts.push(`added ${changes.added.length}: ${memberNames(changes.added)}`);
  }

  if (changes.removed.length > 0) {
    parts.push(`removed ${changes.removed.length}: ${memberNames(changes.removed)}`);
  }

  return truncate(parts.join('; '), MAX_EXTRA_MESSAGE_LENGTH);
}

function memberNames(dns: readonly string[]): string {
  return dns.map((dn) => firstRdnValue(dn)).join(', ');
}

/** Cuts text to at most `max` code points, ending with an ellipsis when anything was cut. */
function truncate(text: string, max: number): string {
  const codePoints = [...text];
  if (codePoints.length <= max) {
    return text;
  }

  return `${codePoints.slice(0, max - 1).join('')}…`;
}
