import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Client, Notification } from 'pg';

import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SettingsService } from './settings.service';
import { SETTINGS_CHANNEL } from './settings-store';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** Delay before a failed reload, such as one during a database restart, is tried again. */
const RELOAD_RETRY_MS = 5_000;

/**
 * Loads the stored settings before the API serves its first request, and keeps them current
 * when another replica changes them: a dedicated PostgreSQL connection LISTENs on
 * SETTINGS_CHANNEL and every notification reloads all rows. A dropped listener reconnects with
 * exponential backoff (0.5 s doubling to 30 s) and reloads, because notifications sent while
 * it was away are lost. With embedded PGlite only this process uses the database, so nothing
 * listens.
 */
@Injectable()
export class SettingsSyncService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettingsSyncService.name);
  private client?: Client;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer?: NodeJS.Timeout;
  private reloadRetryTimer?: NodeJS.Timeout;
  private stopped = false;
  /** The reload under way and whether another one was requested meanwhile. */
  private reloading?: Promise<void>;
  private reloadAgain = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.settings.reload();
    if (this.config.database.url !== undefined) {
      await this.listen();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.reloadRetryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.reloading;
  }

  /** Whether the listener connection is up; for tests and diagnostics. */
  get isListening(): boolean {
    return this.client !== undefined;
  }

  /** Drops the listener connection as a network failure would; for tests. */
  async dropListener(): Promise<void> {
    await this.client?.end();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.database.url, keepAlive: true });
    client.on('notification', (message: Notification) => this.onNotification(message));
    client.on('error', (error) => {
      this.logger.warn(`The settings listener connection failed: ${error.message}`);
      this.reconnectLater(client);
    });
    client.on('end', () => this.reconnectLater(client));

    try {
      await client.connect();
      await client.query(`LISTEN ${SETTINGS_CHANNEL}`);
    } catch (error) {
      this.logger.warn(`Could not start the settings listener: ${String(error)}`);
      await client.end().catch(() => undefined);
      this.reconnectLater(client);

      return;
    }

    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    this.logger.log(`Listening for settings changes on channel ${SETTINGS_CHANNEL}`);
  }

  private reconnectLater(client: Client): void {
    if (this.stopped || this.retryTimer !== undefined) {
      return;
    }

    if (this.client === client) {
      this.client = undefined;
    }

    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.logger.warn(`The settings listener stopped; reconnecting in ${delay} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) {
      return;
    }

    await this.listen();
    if (this.client !== undefined) {
      // Notifications sent while the listener was down are lost, so read every row again.
      this.requestReload();
    }
  }

  private onNotification(message: Notification): void {
    if (message.channel !== SETTINGS_CHANNEL || this.settings.isOwnNotice(message.payload)) {
      return;
    }

    this.requestReload();
  }

  /** Runs one reload at a time; a request during a reload runs one more afterwards. */
  private requestReload(): void {
    if (this.reloading !== undefined) {
      this.reloadAgain = true;

      return;
    }

    this.reloading = this.settings
      .reload()
      .then(() => this.logger.log('Reloaded the settings after a change on another replica'))
      .catch((error: unknown) => {
        this.logger.error(
          `Could not reload the settings, retrying in ${RELOAD_RETRY_MS} ms: ${String(error)}`,
        );
        clearTimeout(this.reloadRetryTimer);
        this.reloadRetryTimer = setTimeout(() => this.requestReload(), RELOAD_RETRY_MS);
      })
      .finally(() => {
        this.reloading = undefined;
        if (this.reloadAgain && !this.stopped) {
          this.reloadAgain = false;
          this.requestReload();
        }
      });
  }
}
