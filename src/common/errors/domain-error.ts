import { ErrorCode } from './error-code';

export interface DomainErrorOptions {
  /** The one request field at fault, reported as `field` in the envelope. */
  field?: string;
  /** Documented extra keys merged into the error envelope (never secrets). */
  extra?: Record<string, unknown>;
  /** Extra response headers, such as `Retry-After`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An expected failure with a stable code. Services throw it; the global exception filter turns
 * it into `{code, detail, status_code, field?, ...extra}` with the status from ERROR_HTTP_STATUS.
 */
export class DomainError extends Error {
  readonly field?: string;
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'DomainError';
    this.field = options.field;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

/**
 * Returns a copy of a DomainError with the given code that names one request field, so the
 * client can point at it. Any other error is returned unchanged.
 */
export function blameField(error: unknown, code: ErrorCode, field: string): unknown {
  if (!(error instanceof DomainError) || error.code !== code) {
    return error;
  }

  return new DomainError(code, error.detail, {
    field,
    extra: error.extra,
    headers: error.headers,
    cause: error,
  });
}
