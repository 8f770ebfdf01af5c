import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { DirectorySettings } from './directory-settings';
import { LdapGateway } from './ldap-gateway';
import { SettingsScopedCache } from './settings-cache';

/** The RootDSE attributes the API relies on: naming contexts and the server's own host name. */
export interface RootDse {
  namingContexts: string[];
  defaultNamingContext: string;
  rootDomainNamingContext: string;
  schemaNamingContext: string;
  configurationNamingContext: string;
  /** DNS name of the domain controller that answered, such as `dc1.example.lan`. */
  dnsHostName: string;
}

const ROOT_DSE_ATTRIBUTES = [
  'namingContexts',
  'defaultNamingContext',
  'rootDomainNamingContext',
  'schemaNamingContext',
  'configurationNamingContext',
  'dnsHostName',
];

/**
 * Reads the RootDSE once and keeps it until the directory settings change. The naming contexts
 * of a domain do not change while the API runs, so the cache saves a search on every request
 * that needs one. `dnsHostName` is the DC of the first read; with several servers it names one
 * of them.
 */
@Injectable()
export class RootDseService implements OnModuleDestroy {
  private readonly cache: SettingsScopedCache<RootDse>;

  constructor(
    private readonly gateway: LdapGateway,
    settings: DirectorySettings,
  ) {
    this.cache = new SettingsScopedCache(settings, () => this.read());
  }

  get(): Promise<RootDse> {
    return this.cache.get();
  }

  onModuleDestroy(): void {
    this.cache.close();
  }

  private async read(): Promise<RootDse> {
    const entry = await this.gateway.read('', ROOT_DSE_ATTRIBUTES);
    const defaultNamingContext = entry?.text('defaultNamingContext') ?? '';

    return {
      namingContexts: entry?.texts('namingContexts') ?? [],
      defaultNamingContext,
      rootDomainNamingContext: entry?.text('rootDomainNamingContext') ?? defaultNamingContext,
      schemaNamingContext: entry?.text('schemaNamingContext') ?? '',
      configurationNamingContext: entry?.text('configurationNamingContext') ?? '',
      dnsHostName: entry?.text('dnsHostName') ?? '',
    };
  }
}
