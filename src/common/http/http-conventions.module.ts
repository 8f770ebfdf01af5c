import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule, PARAMS_PROVIDER_TOKEN } from 'nestjs-pino';

import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MetricsModule } from '../../metrics/metrics.module';
import { createHttpLogger, HTTP_LOGGER_MIDDLEWARE } from '../logging/http-logger';
import { buildLoggerOptions, type LoggerOverrides } from '../logging/logger-options';
import { RequestValidationPipe } from '../validation/request-validation.pipe';
import { GlobalExceptionFilter } from './global-exception.filter';
import { SuccessEnvelopeInterceptor } from './success-envelope.interceptor';

/**
 * The conventions every endpoint shares: logging (nestjs-pino), metrics, the global validation
 * pipe, the error filter and the success envelope. It needs the global ConfigModule, and the app must
 * also go through configureApp, which mounts the middleware that has to run before the routes.
 */
@Module({})
export class HttpConventionsModule {
  static forRoot(logging: LoggerOverrides = {}): DynamicModule {
    return {
      module: HttpConventionsModule,
      imports: [
        MetricsModule,
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => buildLoggerOptions(config, logging),
        }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: SuccessEnvelopeInterceptor },
        {
          provide: HTTP_LOGGER_MIDDLEWARE,
          inject: [PARAMS_PROVIDER_TOKEN],
          useFactory: createHttpLogger,
        },
      ],
      exports: [HTTP_LOGGER_MIDDLEWARE],
    };
  }
}
