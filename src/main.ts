import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import { ConfigValidationError, loadConfig } from './config/load-config';

async function bootstrap(): Promise<void> {
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
  app.enableShutdownHooks();
  await app.listen(config.http.port);

  const logger = new Logger('Bootstrap');
  logger.log(`Interlock listens on port ${config.http.port}; Swagger UI is at /api/docs`);
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
}

void bootstrap();
