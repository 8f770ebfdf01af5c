import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';
// pino-http declares `IncomingMessage.id`, which this file assigns.
import type {} from 'pino-http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const MAX_REQUEST_ID_LENGTH = 128;
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Returns the incoming request id when it is safe to copy into logs and headers (1 to 128
 * characters of `[A-Za-z0-9._-]`), otherwise undefined. A header sent twice arrives as an array
 * and is rejected.
 */
export function sanitizeRequestId(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }

  if (value.length > MAX_REQUEST_ID_LENGTH || !REQUEST_ID_PATTERN.test(value)) {
    return undefined;
  }

  return value;
}

/** Returns the sanitized incoming request id, or a new UUID when there is none or it is unsafe. */
export function resolveRequestId(headerValue: unknown): string {
  return sanitizeRequestId(headerValue) ?? randomUUID();
}

/**
 * Returns the id of the request, assigned by requestIdMiddleware or pino-http. A request that
 * skipped both gets one now, so that every later caller reads the same id.
 */
export function requestIdOf(req: Request): string {
  const id: unknown = req.id;
  if (typeof id === 'string' && id !== '') {
    return id;
  }

  const assigned = resolveRequestId(req.headers['x-request-id']);
  req.id = assigned;

  return assigned;
}

/**
 * Assigns `req.id` and echoes it in the `X-Request-Id` response header. It runs before the
 * request logger, which reuses `req.id`, so log lines, error bodies and the header agree.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  req.id = resolveRequestId(req.headers['x-request-id']);
  res.setHeader(REQUEST_ID_HEADER, req.id);
  next();
}
