import { STATUS_CODES } from 'node:http';

import { HttpException, HttpStatus } from '@nestjs/common';

import { DomainError, ERROR_HTTP_STATUS, ErrorCode } from '../errors';

/** The JSON body of every error response. */
export interface ErrorEnvelope {
  code: string;
  detail: string;
  status_code: number;
  field?: string;
  [extraKey: string]: unknown;
}

/** An error response: status, body and the headers to set with it. */
export interface ErrorReply {
  status: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
}

/** Keys of the envelope that `extra` may not overwrite. */
const RESERVED_KEYS = new Set(['code', 'detail', 'status_code', 'field']);

const ERROR_CODE_VALUES = new Set<string>(Object.values(ErrorCode));

/** Codes for the statuses that Nest, guards and Express raise on their own. */
const STATUS_ERROR_CODE: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.InvalidInput,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.NotAuthenticated,
  [HttpStatus.FORBIDDEN]: ErrorCode.PermissionDenied,
  [HttpStatus.NOT_FOUND]: ErrorCode.NotFound,
  [HttpStatus.METHOD_NOT_ALLOWED]: ErrorCode.MethodNotAllowed,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ErrorCode.UnsupportedMediaType,
  [HttpStatus.INTERNAL_SERVER_ERROR]: ErrorCode.InternalError,
};

/** Details for exceptions created without a message, such as `new ForbiddenException()`. */
const DEFAULT_DETAIL: Partial<Record<number, string>> = {
  [HttpStatus.UNAUTHORIZED]: 'Authentication credentials were not provided or are not valid.',
  [HttpStatus.FORBIDDEN]: 'You do not have permission to perform this action.',
  [HttpStatus.NOT_FOUND]: 'The requested resource was not found.',
};

export const INTERNAL_ERROR_DETAIL =
  'An unexpected error occurred. Report the request_id to the administrator.';

/**
 * Returns the error code for a status. Statuses without an ErrorCode get the snake_case name of
 * the status (429 gives `too_many_requests`), so every error body still has a stable code.
 */
export function errorCodeForStatus(status: number): string {
  const known = STATUS_ERROR_CODE[status];
  if (known !== undefined) {
    return known;
  }

  const name = (HttpStatus as unknown as Record<number, string | undefined>)[status];
  if (name !== undefined) {
    return name.toLowerCase();
  }

  return status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidInput;
}

/** Returns the headers every error of a status carries: a 401 names the Bearer scheme. */
function defaultHeadersFor(status: number): Record<string, string> {
  return status === Number(HttpStatus.UNAUTHORIZED) ? { 'WWW-Authenticate': 'Bearer' } : {};
}

export function buildErrorReply(
  status: number,
  code: string,
  detail: string,
  options: {
    field?: string;
    extra?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): ErrorReply {
  const body: ErrorEnvelope = { code, detail, status_code: status };
  if (options.field !== undefined) {
    body.field = options.field;
  }

  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (!RESERVED_KEYS.has(key)) {
      body[key] = value;
    }
  }

  return { status, body, headers: { ...defaultHeadersFor(status), ...options.headers } };
}

export function replyForDomainError(error: DomainError): ErrorReply {
  return buildErrorReply(ERROR_HTTP_STATUS[error.code], error.code, error.detail, {
    field: error.field,
    extra: error.extra,
    headers: error.headers,
  });
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Reads the message of an HttpException. Nest puts a bare reason phrase ("Forbidden") in the
 * response when the exception was created without a message, and a readable default replaces it.
 */
function detailOf(exception: HttpException, status: number): string {
  const response = exception.getResponse();
  const message: unknown =
    typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const reasonPhrase = STATUS_CODES[status];
  const fallback = DEFAULT_DETAIL[status] ?? sentence(reasonPhrase ?? 'The request failed');

  if (Array.isArray(message) && message.length > 0) {
    return sentence(message.map(String).join(', '));
  }

  if (typeof message !== 'string' || message === '' || message === reasonPhrase) {
    return fallback;
  }

  return sentence(message);
}

/**
 * Maps a Nest HttpException to the envelope. A response object of the form `{code, detail}` with
 * a known ErrorCode keeps that code, so a guard can raise `token_not_valid` through Nest's types.
 */
export function replyForHttpException(exception: HttpException): ErrorReply {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'object') {
    const { code, detail } = response as { code?: unknown; detail?: unknown };
    if (typeof code === 'string' && ERROR_CODE_VALUES.has(code) && typeof detail === 'string') {
      return buildErrorReply(status, code, detail);
    }
  }

  return buildErrorReply(status, errorCodeForStatus(status), detailOf(exception, status));
}

export function replyForInternalError(requestId: string): ErrorReply {
  return buildErrorReply(
    HttpStatus.INTERNAL_SERVER_ERROR,
    ErrorCode.InternalError,
    INTERNAL_ERROR_DETAIL,
    { extra: { request_id: requestId } },
  );
}
