import { Injectable } from '@nestjs/common';

import { DirectorySettings } from '../ldap/directory-settings';
import { LdapPool } from '../ldap/ldap-pool';

export interface SmokeTestResult {
  result: 'ok';
  user_dn_used: string;
  server_pool: string[];
  elapsed_ms: number;
  pool: { borrowed: number; idle: number; pending: number };
}

/** Checks that the service account can get a bound connection from the pool. */
@Injectable()
export class DevTestsService {
  constructor(
    private readonly pool: LdapPool,
    private readonly settings: DirectorySettings,
  ) {}

  /** @throws DomainError (503) when no connection can be opened or bound. */
  async run(): Promise<SmokeTestResult> {
    const started = performance.now();
    const client = await this.pool.acquire();
    await this.pool.release(client);
    const settings = this.settings.current();

    return {
      result: 'ok',
      user_dn_used: settings.bindDn,
      server_pool: settings.urls,
      elapsed_ms: Math.round(performance.now() - started),
      pool: this.pool.stats(),
    };
  }
}
