import type { IncomingMessage } from 'node:http';

import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';

import { DomainError, ErrorCode } from '../errors';
import { isJsonContentType, normalizeContentType } from './content-type';

/** The fields body-parser adds to the errors it passes to `next()` (they come from http-errors). */
interface BodyParserError extends Error {
  type: string;
  status?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string';
}

/**
 * Checks whether the request announces a body. Unlike type-is, it treats `Content-Length: 0` as
 * no body, so an empty POST without a `Content-Type` is accepted.
 */
function announcesBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) {
    return true;
  }

  const length = req.headers['content-length'];

  return length !== undefined && length.trim() !== '0';
}

/** Maps body-parser failures to API error codes and returns any other error unchanged. */
export function mapBodyParserError(error: unknown, limitBytes: number): unknown {
  if (!isBodyParserError(error)) {
    return error;
  }

  switch (error.type) {
    case 'entity.too.large':
      return new DomainError(
        ErrorCode.PayloadTooLarge,
        `The request body is larger than the limit of ${limitBytes} bytes.`,
      );
    case 'entity.parse.failed':
      return new DomainError(
        ErrorCode.InvalidInput,
        `The request body is not valid JSON: ${error.message}.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError(
        ErrorCode.UnsupportedMediaType,
        `The request body has an unsupported charset or content encoding (${error.message}).`,
      );
    case 'request.aborted':
    case 'request.size.invalid':
      return new DomainError(
        ErrorCode.InvalidInput,
        'The request body was incomplete: its length does not match Content-Length.',
      );
    default:
      return error;
  }
}

/** Rewrites every JSON `Content-Type` to plain `application/json` before the parser reads it. */
export function normalizeContentTypeMiddleware(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  const contentType = req.headers['content-type'];
  const normalized = normalizeContentType(contentType);
  if (normalized !== contentType) {
    req.headers['content-type'] = normalized;
  }

  next();
}

/**
 * Rejects a body of any type other than JSON with 415, and gives a request without a body an
 * empty object, so DTO validation of a bodiless POST reports the missing fields.
 */
export function requireJsonBodyMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const contentType = req.headers['content-type'];
  if (announcesBody(req) && !isJsonContentType(contentType)) {
    const received = contentType === undefined ? 'no Content-Type' : `Content-Type ${contentType}`;
    next(
      new DomainError(
        ErrorCode.UnsupportedMediaType,
        `The request body must be JSON sent as application/json, but it came with ${received}.`,
      ),
    );

    return;
  }

  if (req.body === undefined) {
    req.body = {};
  }

  next();
}

/**
 * Returns the body-parsing middleware chain in order: normalize the content type, parse JSON up
 * to `limitBytes`, then reject other media types. JSON parsing is not strict, so a top-level
 * array or string reaches the validation pipe, which rejects it with a readable 400.
 */
export function createBodyParsers(limitBytes: number): RequestHandler[] {
  const parseJson = express.json({ limit: limitBytes, strict: false, type: isJsonRequest });

  const parseJsonWithApiErrors: RequestHandler = (req, res, next) => {
    parseJson(req, res, (error?: unknown) => {
      if (error === undefined) {
        next();

        return;
      }

      next(mapBodyParserError(error, limitBytes));
    });
  };

  return [normalizeContentTypeMiddleware, parseJsonWithApiErrors, requireJsonBodyMiddleware];
}

function isJsonRequest(req: IncomingMessage): boolean {
  return isJsonContentType(req.headers['content-type']);
}
