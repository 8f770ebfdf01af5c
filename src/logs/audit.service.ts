import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { AuditConfig } from '../config/app-config';
import { DomainError, ErrorCode } from '../common/errors';
import { AuditAction, AuditLog, AuditObjectClass, AuditOutcome } from './audit-log.entity';
import { AuditSettings } from './audit-settings';

export interface AuditEvent {
  actor: string;
  action: AuditAction;
  objectClass: AuditObjectClass;
  affectedObject?: unknown;
  extraMessage?: string;
}

/** A pending audit row of a change that is under way. */
export interface PendingAudit {
  id: number;
}

const SWITCH_OF_ACTION: Partial<Record<AuditAction, keyof AuditConfig>> = {
  CREATE: 'create',
  READ: 'read',
  UPDATE: 'update',
  DELETE: 'delete',
  LOGIN: 'login',
  LOGOUT: 'logout',
  OPEN: 'openConnection',
  CLOSE: 'closeConnection',
};

/**
 * Writes the audit trail. Which actions are logged follows the LDAP_LOG_* switches in force; the
 * table keeps at most LDAP_LOG_MAX rows, deleting the oldest.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly settings: AuditSettings,
    @InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>,
  ) {}

  isLogged(action: AuditAction): boolean {
    const key = SWITCH_OF_ACTION[action];

    return key === undefined ? true : this.settings.current()[key] === true;
  }

  /**
   * Records an event that already happened (a login, a read). A failure to write is logged and
   * swallowed: the event itself has succeeded and must not fail because of the audit trail.
   */
  async record(event: AuditEvent, outcome: AuditOutcome = 'success'): Promise<void> {
    if (!this.isLogged(event.action)) {
      return;
    }

    try {
      await this.insert(event, outcome);
    } catch (error) {
      this.logger.error(
        `Could not write the ${event.action} audit row of ${event.actor}: ${String(error)}`,
      );
    }
  }

  /**
   * Writes the pending row of a change before the directory is touched. If it cannot be
   * written, the change is refused with 503, so the trail never misses a change.
   */
  async begin(event: AuditEvent): Promise<PendingAudit | undefined> {
    if (!this.isLogged(event.action)) {
      return undefined;
    }

    try {
      return { id: await this.insert(event, 'pending') };
    } catch (error) {
      this.logger.error(
        `Could not write the pending audit row of ${event.actor}: ${String(error)}`,
      );
      throw new DomainError(
        ErrorCode.DatabaseUnavailable,
        'The audit log cannot be written, so the change was not made. Try again later.',
        { cause: error },
      );
    }
  }

  /** Completes a pending row; on failure the row stays with an unknown outcome. */
  async complete(pending: PendingAudit | undefined, outcome: 'success' | 'failure'): Promise<void> {
    if (pending === undefined) {
      return;
    }

    try {
      await this.logs.update({ id: pending.id }, { outcome });
    } catch (error) {
      this.logger.error(`Could not complete audit row ${pending.id}: ${String(error)}`);
    }
  }

  /**
   * Writes a completed row inside the caller's transaction, whatever the switches are, so the
   * change it records is committed only together with its row. Errors reach the caller.
   */
  async recordWithin(manager: EntityManager, event: AuditEvent): Promise<void> {
    await this.insert(event, 'success', manager);
  }

  /**
   * Inserts the row and trims the log to the newest LDAP_LOG_MAX rows in one statement, one
   * database round trip on every audited request.
   */
  private async insert(
    event: AuditEvent,
    outcome: AuditOutcome,
    manager: EntityManager = this.logs.manager,
  ): Promise<number> {
    const rows: { id: string | number }[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO audit_log (actor, action, object_class, affected_object, extra_message, outcome)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         RETURNING id
       ), trimmed AS (
         DELETE FROM audit_log WHERE id <= (SELECT id FROM inserted) - $7::bigint
       )
       SELECT id FROM inserted`,
      [
        event.actor,
        event.action,
        event.objectClass,
        event.affectedObject === undefined || event.affectedObject === null
          ? null
          : JSON.stringify(event.affectedObject),
        event.extraMessage ?? null,
        outcome,
        this.settings.current().max,
      ],
    );

    return Number(rows[0].id);
  }
}
