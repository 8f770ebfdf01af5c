import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { RequestHandler } from 'express';
import { Logger } from 'nestjs-pino';

import { createBodyParsers } from './common/http/body-parsing';
import { handleClientError } from './common/http/client-error';
import { REQUEST_ID_HEADER, requestIdMiddleware } from './common/http/request-id';
import { securityHeadersMiddleware } from './common/http/security-headers';
import { setupSwagger } from './common/http/swagger';
import { HTTP_LOGGER_MIDDLEWARE } from './common/logging/http-logger';
import type { AppConfig } from './config/app-config';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsService } from './metrics/metrics.service';

export function buildCorsOptions(corsOrigins: readonly string[]): CorsOptions {
  return {
    // The API sets no cookies and reads no credentials from them, so `*` is safe to send as is.
    origin: corsOrigins.includes('*') ? '*' : [...corsOrigins],
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: [REQUEST_ID_HEADER, 'WWW-Authenticate', 'Retry-After'],
    optionsSuccessStatus: 204,
    maxAge: 600,
  };
}

/**
 * Applies the HTTP conventions that live on the app instance rather than in a module. Call it
 * after `NestFactory.create(…, { bodyParser: false, bufferLogs: true })` and before
 * `app.init()` or `app.listen()`: Nest mounts the routes at init, and this middleware must run
 * before them. The app's root module must import HttpConventionsModule.
 *
 * Returns a promise so that callers await it like the other bootstrap steps.
 *
 * Order per request: request id, metrics, request log line, security headers, CORS (ends
 * preflights), JSON body parsing, then Nest's routes and finally its 404/error handlers.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): Promise<void> {
  // This lookup fails, and Nest exits the process unless abortOnError is false, when the root
  // module does not import HttpConventionsModule.
  app.useLogger(app.get(Logger));
  app.getHttpServer().on('clientError', handleClientError);
  app.disable('x-powered-by');
  // Every response is per caller and read fresh from the directory, so a 304 would rarely
  // apply, and Express would hash each body for its ETag, up to megabytes per users list.
  app.set('etag', false);
  app.set('trust proxy', config.http.trustProxy);

  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(app.get<RequestHandler>(HTTP_LOGGER_MIDDLEWARE));
  app.use(securityHeadersMiddleware);
  app.enableCors(buildCorsOptions(config.http.corsOrigins));
  for (const parser of createBodyParsers(config.http.bodyLimitBytes)) {
    app.use(parser);
  }

  setupSwagger(app);

  return Promise.resolve();
}
