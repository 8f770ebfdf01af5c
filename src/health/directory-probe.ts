import { Injectable } from '@nestjs/common';

import { DirectorySettings } from '../ldap/directory-settings';
import { LdapGateway } from '../ldap/ldap-gateway';

export type DirectoryState = 'up' | 'down' | 'unconfigured' | 'unknown';

/** How long a probe result is reused, so frequent readiness checks cost one search at most. */
const PROBE_TTL_MS = 10_000;
/** How long a readiness request waits for a fresh probe before reporting the last known state. */
const PROBE_WAIT_MS = 1_000;

/**
 * Reports whether the directory responds, for the readiness body. A RootDSE read on a pooled
 * connection is the probe. Results are cached, and a slow probe keeps running in the background
 * while the request returns, so a DC outage never makes the probe endpoint itself time out.
 */
@Injectable()
export class DirectoryProbe {
  private state: DirectoryState = 'unknown';
  private checkedAt = 0;
  private running?: Promise<DirectoryState>;

  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
  ) {}

  async check(): Promise<DirectoryState> {
    if (!this.settings.isConfigured()) {
      return 'unconfigured';
    }

    if (Date.now() - this.checkedAt < PROBE_TTL_MS) {
      return this.state;
    }

    this.running ??= this.probe().finally(() => {
      this.running = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<DirectoryState>((resolve) => {
      timer = setTimeout(() => resolve(this.state), PROBE_WAIT_MS);
    });
    try {
      return await Promise.race([this.running, waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async probe(): Promise<DirectoryState> {
    try {
      await this.gateway.read('', ['1.1']);
      this.state = 'up';
    } catch {
      this.state = 'down';
    }

    this.checkedAt = Date.now();

    return this.state;
  }
}
