import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

import { RAW_RESPONSE_KEY } from '../access/raw-response.decorator';

/** The body of every success response: the handler's own keys after `code` and `code_msg`. */
export type SuccessEnvelope = { code: 0; code_msg: 'ok' } & Record<string, unknown>;

const SUCCESS_HEAD = { code: 0, code_msg: 'ok' } as const;

/** Whether a handler result is data: a plain object or a response DTO instance. */
function isDataObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }

  return !(
    value instanceof Buffer ||
    value instanceof Map ||
    value instanceof Set ||
    value instanceof StreamableFile ||
    typeof (value as { pipe?: unknown }).pipe === 'function'
  );
}

/**
 * Wraps a handler's return value in the success envelope. `undefined` gives the bare envelope.
 * The envelope's own keys win over a payload key of the same name, and stay first.
 */
export function wrapInSuccessEnvelope(payload: unknown): SuccessEnvelope {
  if (payload === undefined || payload === null) {
    return { ...SUCCESS_HEAD };
  }

  if (!isDataObject(payload)) {
    throw new TypeError(
      'A handler returned a value that is not an object, which cannot be wrapped in the success ' +
        'envelope. Return an object, or mark the handler with @RawResponse().',
    );
  }

  return { ...SUCCESS_HEAD, ...payload, ...SUCCESS_HEAD };
}

/**
 * Sends every handler result as HTTP 200 `{code: 0, code_msg: "ok", ...result}`, POST included,
 * because the web frontend treats 201 as a failure. Handlers marked `@RawResponse()` (health
 * probes, metrics) are left alone.
 */
@Injectable()
export class SuccessEnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const isRaw = this.reflector.getAllAndOverride<boolean | undefined>(RAW_RESPONSE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (context.getType() !== 'http' || isRaw === true) {
      return next.handle();
    }

    const res = context.switchToHttp().getResponse<Response>();

    return next.handle().pipe(
      map((payload: unknown) => {
        const envelope = wrapInSuccessEnvelope(payload);
        res.status(HttpStatus.OK);

        return envelope;
      }),
    );
  }
}
