import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { createPool, Pool } from 'generic-pool';
import { Client } from 'ldapts';

import { APP_CONFIG, AppConfig, DirectoryConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { MetricsService } from '../metrics/metrics.service';
import { DirectorySettings } from './directory-settings';
import { LdapEndpoint, openConnection, resolveEndpoint } from './ldap-connection';
import { LdapOperationError } from './ldap-error';

/** The internal queue of acquire requests in generic-pool 3.x. */
interface WaitingQueueAccess {
  _waitingClientsQueue?: { dequeue(): { reject(error: unknown): void } | undefined };
}

/** How long a server that refused a connection is skipped before it is tried again. */
const SERVER_RETRY_AFTER_MS = 30_000;

/**
 * Service-account connections, bound and ready. Several server URLs give failover: connections
 * are opened on the first server that accepts them, starting after the last one that worked, and a
 * server that fails is skipped for a while. The pool is rebuilt when the settings change.
 */
@Injectable()
export class LdapPool implements OnModuleDestroy {
  private readonly logger = new Logger(LdapPool.name);
  private pool?: Pool<Client>;
  /**
   * The pool each borrowed connection came from. After a rebuild, a request in flight still
   * has a connection of the old pool and must give it back there, or the old pool's drain
   * never finishes and its idle connections stay open.
   */
  private readonly owners = new WeakMap<Client, Pool<Client>>();
  private readonly downUntil = new Map<string, number>();
  private nextServer = 0;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: DirectorySettings,
    @Optional() metrics?: MetricsService,
  ) {
    this.unsubscribe = settings.onChange(() => this.rebuild());
    metrics?.observePool(() => this.stats());
    this.warnIfUnverified(settings.current());
  }

  /** Borrows a bound connection; give it back with `release`, or `destroy` it after a failure. */
  async acquire(): Promise<Client> {
    const pool = this.currentPool();
    try {
      const client = await pool.acquire();
      this.owners.set(client, pool);

      return client;
    } catch (error) {
      if (error instanceof DomainError) {
        throw error;
      }

      throw new LdapOperationError({
        operation: 'connect',
        diagnostic: error instanceof Error ? error.message : String(error),
        timedOut: true,
        poolExhausted: pool.borrowed >= pool.max ? pool.max : undefined,
        cause: error,
      });
    }
  }

  async release(client: Client): Promise<void> {
    const pool = this.owners.get(client);
    if (pool?.isBorrowedResource(client)) {
      await pool.release(client);
    } else {
      await client.unbind().catch(() => undefined);
    }
  }

  async destroy(client: Client): Promise<void> {
    const pool = this.owners.get(client);
    if (pool?.isBorrowedResource(client)) {
      await pool.destroy(client);
    } else {
      await client.unbind().catch(() => undefined);
    }
  }

  /** Connection counts by state, for metrics and readiness reports. */
  stats(): { borrowed: number; idle: number; pending: number } {
    return {
      borrowed: this.pool?.borrowed ?? 0,
      idle: this.pool?.available ?? 0,
      pending: this.pool?.pending ?? 0,
    };
  }

  /**
   * Resolves the configured URLs in failover order: servers not marked down first, starting
   * after the last one that worked.
   */
  endpoints(settings: DirectoryConfig = this.settings.current()): LdapEndpoint[] {
    if (settings.urls.length === 0) {
      throw new DomainError(
        ErrorCode.DirectoryUnconfigured,
        'No directory server is configured. Set LDAP_AUTH_URL or save it in the settings.',
      );
    }

    const endpoints = settings.urls.map((url) => resolveEndpoint(url, settings));
    const rotated = [
      ...endpoints.slice(this.nextServer % endpoints.length),
      ...endpoints.slice(0, this.nextServer % endpoints.length),
    ];
    const now = Date.now();

    return [
      ...rotated.filter((endpoint) => (this.downUntil.get(endpoint.url) ?? 0) <= now),
      ...rotated.filter((endpoint) => (this.downUntil.get(endpoint.url) ?? 0) > now),
    ];
  }

  /** Marks a server as failing so the next connections try the others first. */
  markDown(endpoint: LdapEndpoint): void {
    this.downUntil.set(endpoint.url, Date.now() + SERVER_RETRY_AFTER_MS);
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe();
    await this.drain(this.pool);
    this.pool = undefined;
  }

  private currentPool(): Pool<Client> {
    if (!this.settings.isConfigured()) {
      throw new DomainError(
        ErrorCode.DirectoryUnconfigured,
        'The directory connection is not configured: set the server URL and the service-account password.',
      );
    }

    this.pool ??= this.createPool();

    return this.pool;
  }

  private createPool(): Pool<Client> {
    const settings = this.settings.current();
    const pool = createPool<Client>(
      {
        create: () => this.connect(settings),
        destroy: async (client) => {
          await client.unbind().catch(() => undefined);
        },
        // A connection whose socket closed, or that ldapts re-established without a bind, is
        // useless for service-account work: drop it and open a fresh, bound one.
        validate: (client) => Promise.resolve(client.isConnected && client.isBound),
      },
      {
        max: this.config.ldap.poolSize,
        min: 0,
        testOnBorrow: true,
        // Waiting for a busy pool gets LDAP_POOL_WAIT; a connection that cannot be opened fails
        // at once through factoryCreateError below, so a long wait does not delay outages.
        acquireTimeoutMillis:
          Math.max(this.config.ldap.poolWait, settings.connectTimeout * settings.urls.length + 5) *
          1000,
        idleTimeoutMillis: 5 * 60_000,
        evictionRunIntervalMillis: 60_000,
      },
    );

    // generic-pool keeps a waiting acquire pending after a failed create and only gives up at
    // acquireTimeoutMillis. Failing the oldest waiter at once turns a DC outage or a wrong
    // service-account password into an immediate 503 instead of a slow one.
    pool.on('factoryCreateError', (error: unknown) => {
      const waiting = (pool as unknown as WaitingQueueAccess)._waitingClientsQueue?.dequeue();
      waiting?.reject(error);
    });

    return pool;
  }

  private async connect(settings: DirectoryConfig): Promise<Client> {
    const endpoints = this.endpoints(settings);
    let lastError: unknown;
    for (const [index, endpoint] of endpoints.entries()) {
      try {
        const client = await openConnection(
          endpoint,
          settings,
          settings.bindDn,
          settings.bindPassword ?? '',
        );
        this.downUntil.delete(endpoint.url);
        this.nextServer = settings.urls.findIndex(
          (url) => resolveEndpoint(url, settings).url === endpoint.url,
        );
        this.logger.log(`Opened a directory connection to ${endpoint.url}`);

        return client;
      } catch (error) {
        lastError = error;
        const connectionFailed =
          error instanceof LdapOperationError && error.resultCode === undefined;
        if (!connectionFailed) {
          // Wrong service-account credentials fail the same way on every server. The caller's
          // own credentials are fine, so this must not reach the client as a 401.
          this.logger.error(
            `The service account could not bind to ${endpoint.url}: ${String(error)}`,
          );
          throw new DomainError(
            ErrorCode.DirectoryUnavailable,
            'The service account could not bind to the directory. Check LDAP_AUTH_CONNECTION_USER_DN and its password.',
            { cause: error },
          );
        }

        this.markDown(endpoint);
        this.logger.warn(
          `Could not connect to ${endpoint.url}${index + 1 < endpoints.length ? ', trying the next server' : ''}: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      }
    }

    throw lastError;
  }

  private warnIfUnverified(settings: DirectoryConfig): void {
    if (!settings.tlsVerify) {
      this.logger.warn(
        'LDAP_TLS_VERIFY is false: directory server certificates are not verified, so a machine in the middle can read the service-account and user passwords.',
      );
    }
  }

  private rebuild(): void {
    const old = this.pool;
    this.pool = undefined;
    this.downUntil.clear();
    this.nextServer = 0;
    this.logger.log('Directory settings changed; the connection pool will reconnect');
    this.warnIfUnverified(this.settings.current());
    void this.drain(old);
  }

  private async drain(pool: Pool<Client> | undefined): Promise<void> {
    if (pool === undefined) {
      return;
    }

    try {
      await pool.drain();
      await pool.clear();
    } catch (error) {
      this.logger.warn(`Draining the directory connection pool failed: ${String(error)}`);
    }
  }
}
