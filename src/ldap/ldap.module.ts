import { Global, Module } from '@nestjs/common';

import { DirectoryContainers } from './directory-containers';
import { DirectorySettings } from './directory-settings';
import { LdapGateway } from './ldap-gateway';
import { LdapPool } from './ldap-pool';
import { RootDseService } from './root-dse';

/** The directory connection: settings in force, the service-account pool, the gateway and the RootDSE. */
@Global()
@Module({
  providers: [DirectorySettings, LdapPool, LdapGateway, RootDseService, DirectoryContainers],
  exports: [DirectorySettings, LdapGateway, LdapPool, RootDseService, DirectoryContainers],
})
export class LdapModule {}
