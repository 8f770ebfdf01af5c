import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig, DirectoryConfig } from '../config/app-config';

export type DirectorySettingsListener = (settings: DirectoryConfig) => void;

/**
 * The directory connection settings in force. They start from the environment; runtime settings
 * saved through the API replace them with `update`, and every listener (the connection pool
 * first) reacts at once.
 */
@Injectable()
export class DirectorySettings {
  private settings: DirectoryConfig;
  private readonly listeners = new Set<DirectorySettingsListener>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.directory;
  }

  current(): DirectoryConfig {
    return this.settings;
  }

  /** True when a server URL and a service-account password are set. */
  isConfigured(): boolean {
    return this.settings.urls.length > 0 && this.settings.bindPassword !== null;
  }

  update(settings: DirectoryConfig): void {
    this.settings = settings;
    for (const listener of this.listeners) {
      listener(settings);
    }
  }

  /** Registers a listener and returns the function that removes it. */
  onChange(listener: DirectorySettingsListener): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }
}
