import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { DirectorySettings } from './directory-settings';
import { LdapGateway } from './ldap-gateway';

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
  private cached?: Promise<RootDse>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly gateway: LdapGateway,
    settings: DirectorySettings,
  ) {
    this.unsubscribe = settings.onChange(() => {
      this.cached = undefined;
    });
  }

  async get(): Promise<RootDse> {
    if (this.cached === undefined) {
      const pending = this.read();
      this.cached = pending;
      // A failed read is not kept, so the next request tries again.
      pending.catch(() => {
        if (this.cached === pending) {
          this.cached = undefined;
        }
      });
    }

    return this.cached;
  }

  onModuleDestroy(): void {
    this.unsubscribe();
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
