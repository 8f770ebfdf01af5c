import { Global, Module } from '@nestjs/common';

import { DirectorySettings } from './directory-settings';
import { LdapGateway } from './ldap-gateway';
import { LdapPool } from './ldap-pool';

/** The directory connection: settings in force, the service-account pool and the gateway. */
@Global()
@Module({
  providers: [DirectorySettings, LdapPool, LdapGateway],
  exports: [DirectorySettings, LdapGateway, LdapPool],
})
export class LdapModule {}
