import { DynamicModule, Global, Module } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from './app-config';

/** Provides the validated AppConfig everywhere; nothing outside src/config reads process.env. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
