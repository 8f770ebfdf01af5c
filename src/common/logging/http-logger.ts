import type { RequestHandler } from 'express';
import type { Params } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';

/** Injection token of the pino-http middleware that configureApp mounts. */
export const HTTP_LOGGER_MIDDLEWARE = Symbol('HTTP_LOGGER_MIDDLEWARE');

/**
 * Creates the request logger from the nestjs-pino options, so that it writes through the same
 * root logger as `PinoLogger` and Nest's `Logger`.
 */
export function createHttpLogger(params: Params): RequestHandler {
  return pinoHttp(params.pinoHttp as Options);
}
