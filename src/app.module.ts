import { DynamicModule, Module } from '@nestjs/common';

import { AuthModule } from './auth/auth.module';
import { HttpConventionsModule } from './common/http/http-conventions.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DevTestsModule } from './dev-tests/dev-tests.module';
import { DirectoryTreeModule } from './directory-tree/directory-tree.module';
import { DnsModule } from './dns/dns.module';
import { DomainModule } from './domain/domain.module';
import { GroupsModule } from './groups/groups.module';
import { HealthModule } from './health/health.module';
import { LdapModule } from './ldap/ldap.module';
import { LogsModule } from './logs/logs.module';
import { SettingsModule } from './settings/settings.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole API for a validated configuration; tests pass their own. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        HttpConventionsModule.forRoot({ level: config.http.logLevel }),
        DatabaseModule,
        LdapModule,
        LogsModule,
        AuthModule,
        UsersModule,
        DomainModule,
        GroupsModule,
        DirectoryTreeModule,
        HealthModule,
        SettingsModule,
        ...(config.http.isProduction ? [] : [DevTestsModule]),
        DnsModule,
      ],
    };
  }
}
