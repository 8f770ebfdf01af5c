import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig, AuditConfig } from '../config/app-config';

/**
 * The LDAP_LOG_* switches and LDAP_LOG_MAX in force. They start from the environment; the
 * settings service replaces them with `update` when settings are saved, reset or loaded.
 */
@Injectable()
export class AuditSettings {
  private settings: AuditConfig;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.audit;
  }

  current(): AuditConfig {
    return this.settings;
  }

  update(settings: AuditConfig): void {
    this.settings = settings;
  }
}
