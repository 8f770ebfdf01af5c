import { createHash } from 'node:crypto';

import { DomainError, ErrorCode } from '../common/errors';
import { UserListItem } from './user.mapper';

const CURSOR_VERSION = 1;

/**
 * Sort key of the users list: the username, then a digest of the DN to order accounts without
 * one. The digest keeps cursors short however long the DN is.
 */
export function sortKeyOf(user: UserListItem): string {
  const dnDigest = createHash('sha256')
    .update(user.distinguishedName.toLowerCase())
    .digest('base64url')
    .slice(0, 16);

  return `${user.username.toLowerCase()}\u0000${dnDigest}`;
}

/** Encodes the sort key of a page's last user as an opaque cursor. */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, after: sortKey }), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { v?: unknown }).v === CURSOR_VERSION &&
      typeof (parsed as { after?: unknown }).after === 'string'
    ) {
      return (parsed as { after: string }).after;
    }
  } catch {
    // Reported below.
  }

  throw new DomainError(
    ErrorCode.InvalidInput,
    'cursor is invalid: pass the next_cursor value of the previous page unchanged.',
    {
      field: 'cursor',
    },
  );
}
