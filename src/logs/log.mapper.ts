import { AuditLog } from './audit-log.entity';

export const LOG_HEADERS = [
  'id',
  'date',
  'user',
  'actionType',
  'objectClass',
  'affectedObject',
  'extraMessage',
];

/** One row of `GET api/logs/`, in the shape the web frontend reads. */
export interface LogRow {
  id: number;
  /** UTC time as `YYYY-MM-DD HH:MM:SS`. */
  date: string;
  user: string;
  actionType: string;
  objectClass: string;
  affectedObject: unknown;
  extraMessage: string | null;
  /** `success`, `failure`, `pending` while the change runs, or `unknown` if its end was not recorded. */
  outcome: string;
}

export function toLogRow(log: AuditLog): LogRow {
  return {
    id: log.id,
    date: log.loggedAt.toISOString().slice(0, 19).replace('T', ' '),
    user: log.actor,
    actionType: log.action,
    objectClass: log.objectClass,
    affectedObject: log.affectedObject,
    extraMessage: log.extraMessage,
    outcome: log.outcome,
  };
}

const CURSOR_PATTERN = /^id:(\d{1,16})$/;

/** Encodes the id of a page's last row as an opaque cursor. */
export function encodeLogCursor(id: number): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

/** Decodes a cursor to the id of the previous page's last row; undefined when it is not one. */
export function decodeLogCursor(cursor: string): number | undefined {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const id = match === null ? NaN : Number(match[1]);

  return Number.isSafeInteger(id) ? id : undefined;
}
