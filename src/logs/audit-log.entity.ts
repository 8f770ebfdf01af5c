import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintToNumber } from '../database/bigint-number.transformer';

export const AUDIT_ACTIONS = [
  'CREATE',
  'READ',
  'UPDATE',
  'DELETE',
  'LOGIN',
  'LOGOUT',
  'OPEN',
  'CLOSE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OBJECT_CLASSES = [
  'USER',
  'GROUP',
  'OU',
  'LDAP',
  'DNSZ',
  'DNSR',
  'SET',
  'LOG',
  'CONN',
] as const;
export type AuditObjectClass = (typeof AUDIT_OBJECT_CLASSES)[number];

/** `pending` is written before a directory change and replaced once the change has finished. */
export const AUDIT_OUTCOMES = ['pending', 'success', 'failure', 'unknown'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audited action. The database does not restrict the enumerated columns to the lists above. */
@Entity({ name: 'audit_log' })
export class AuditLog {
  @PrimaryColumn({
    name: 'id',
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'pk_audit_log',
    transformer: bigintToNumber,
  })
  id: number;

  @Index('idx_audit_log_logged_at')
  @CreateDateColumn({ name: 'logged_at', type: 'timestamptz' })
  loggedAt: Date;

  @Column({ name: 'actor', type: 'varchar', length: 256 })
  actor: string;

  @Column({ name: 'action', type: 'varchar', length: 16 })
  action: AuditAction;

  @Column({ name: 'object_class', type: 'varchar', length: 8 })
  objectClass: AuditObjectClass;

  /** Any JSON value describing the object acted on. */
  @Column({ name: 'affected_object', type: 'jsonb', nullable: true })
  affectedObject: unknown;

  @Column({ name: 'extra_message', type: 'varchar', length: 256, nullable: true })
  extraMessage: string | null;

  @Column({ name: 'outcome', type: 'varchar', length: 16, default: 'success' })
  outcome: AuditOutcome;
}
