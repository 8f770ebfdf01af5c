import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';

import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import { ConfigValidationError, loadConfig } from './config/load-config';
import { limitHeapGrowth } from './heap-growth';

/** How long requests in flight may run after SIGTERM before the process closes anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

async function bootstrap(): Promise<void> {
  limitHeapGrowth();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }

    throw error;
  }

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  await configureApp(app, config);
  if (config.http.host === undefined) {
    await app.listen(config.http.port);
  } else {
    await app.listen(config.http.port, config.http.host);
  }

  const logger = new Logger('Bootstrap');
  logger.log(
    `Interlock listens on ${config.http.host ?? 'every interface'}, port ${config.http.port}; Swagger UI is at /api/docs`,
  );
  if (config.database.url === undefined) {
    logger.warn(
      `DATABASE_URL is unset: using embedded PGlite in ${config.database.dataDir}, which serves one replica only.`,
    );
  }

  if (config.directory.urls.length === 0) {
    logger.warn(
      'LDAP_AUTH_URL is unset: only the local admin can log in until a directory is configured.',
    );
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(app, signal, logger));
  }
}

/**
 * Stops accepting connections, lets the requests in flight finish, and only then closes the
 * modules (the LDAP pool, the database). Nest's own shutdown hooks close the modules before the
 * HTTP server, which would fail the requests still running.
 */
async function shutdown(
  app: NestExpressApplication,
  signal: string,
  logger: Logger,
): Promise<void> {
  logger.log(`${signal} received: finishing the requests in flight`);
  const server: Server = app.getHttpServer();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      logger.warn(`Requests still running after ${SHUTDOWN_GRACE_MS} ms are cut off`);
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });

  try {
    await app.close();
    logger.log('Stopped');
    process.exit(0);
  } catch (error) {
    logger.error(`Shutdown failed: ${String(error)}`);
    process.exit(1);
  }
}

void bootstrap();
