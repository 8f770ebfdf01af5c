import type { IncomingMessage, ServerResponse } from 'node:http';

import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';

import type { AppConfig, NodeEnv } from '../../config/app-config';
import { resolveRequestId } from '../http/request-id';

export type LogLevel = LevelWithSilent;

export interface LoggerOverrides {
  /** Takes precedence over the default level of NODE_ENV. */
  level?: LogLevel;
  /** Stream for the JSON lines in place of stdout, so tests can read them. */
  destination?: DestinationStream;
}

/**
 * Object keys whose values are replaced by `[Redacted]` in log lines: request and form
 * fields that carry passwords or tokens, settings keys and the secrets of the configuration.
 */
export const REDACTED_KEYS = [
  'password',
  'passwordConfirm',
  'oldPassword',
  'newPassword',
  'new_password',
  'refresh',
  'access',
  'token',
  'unicodePwd',
  'bindPassword',
  'jwtSecret',
  'settingsEncryptionKey',
  'localAdminPassword',
  'LDAP_AUTH_CONNECTION_PASSWORD',
  'DEFAULT_ADMIN_PWD',
];

/** Deepest nesting level at which REDACTED_KEYS are redacted. Each level costs one `*` path. */
const REDACT_DEPTH = 5;

/** The request id is logged under the same name as in 500 bodies, so one search finds both. */
export const REQUEST_ID_LOG_KEY = 'request_id';

/** Probe and scrape paths, polled every few seconds, whose successes are logged at debug only. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function defaultLogLevel(nodeEnv: NodeEnv): LogLevel {
  switch (nodeEnv) {
    case 'production':
      return 'info';
    case 'development':
      return 'debug';
    case 'test':
      return 'warn';
  }
}

/**
 * Returns pino redact paths for the credential headers and for REDACTED_KEYS nested up to
 * REDACT_DEPTH levels deep.
 */
export function redactPaths(): string[] {
  const paths = [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    'headers.authorization',
    'headers.cookie',
  ];
  for (const key of REDACTED_KEYS) {
    for (let depth = 0; depth <= REDACT_DEPTH; depth++) {
      paths.push([...Array<string>(depth).fill('*'), key].join('.'));
    }
  }

  return paths;
}

/** Path of the request without the query string, which is not logged. */
function pathOf(req: IncomingMessage & { originalUrl?: string }): string {
  const url = req.originalUrl ?? req.url ?? '';
  const queryStart = url.indexOf('?');

  return queryStart === -1 ? url : url.slice(0, queryStart);
}

function requestSummary(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  return { method: req.method, path: pathOf(req), status: res.statusCode, duration_ms: durationMs };
}

function requestLine(req: IncomingMessage, res: ServerResponse, durationMs: number): string {
  return `${req.method} ${pathOf(req)} ${res.statusCode} ${durationMs}ms`;
}

function createRootLogger(config: AppConfig, overrides: LoggerOverrides): Logger {
  const options: pino.LoggerOptions = {
    level: overrides.level ?? defaultLogLevel(config.http.nodeEnv),
    redact: { paths: redactPaths(), censor: '[Redacted]' },
  };
  if (overrides.destination !== undefined) {
    return pino(options, overrides.destination);
  }

  if (config.http.nodeEnv === 'development' && process.stdout.isTTY) {
    options.transport = {
      target: 'pino-pretty',
      options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
    };
  }

  return pino(options);
}

/**
 * Builds the nestjs-pino options: JSON lines in production, pino-pretty in development on a
 * terminal, warnings and errors only under NODE_ENV=test unless a level is given. Every request gets one line with
 * method, path, status, duration and request id, and no body.
 *
 * The pino-http middleware is not mounted by nestjs-pino (`useExisting`) but by configureApp,
 * ahead of the body parsers, so that requests rejected by the parsers are logged too.
 */
export function buildLoggerOptions(config: AppConfig, overrides: LoggerOverrides = {}): Params {
  const pinoHttp: PinoHttpOptions = {
    logger: createRootLogger(config, overrides),
    genReqId: (req) => resolveRequestId(req.headers['x-request-id']),
    customAttributeKeys: { reqId: REQUEST_ID_LOG_KEY },
    // Bind only the request id to the logger of each request, not the whole request object.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) {
        return 'error';
      }

      return QUIET_PATHS.has(pathOf(req)) && res.statusCode < 400 ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, value: { responseTime: number }) =>
      requestSummary(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) =>
      requestSummary(req, res, value.responseTime),
    customSuccessMessage: (req, res, responseTime) => requestLine(req, res, responseTime),
    // pino-http 10 passes the response time as a fourth argument that its types leave out.
    customErrorMessage: (req, res, _error, responseTime?: number) =>
      requestLine(req, res, responseTime ?? 0),
  };

  return {
    pinoHttp,
    useExisting: true,
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
