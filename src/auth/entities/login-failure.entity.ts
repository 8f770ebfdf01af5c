import { CreateDateColumn, Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintToNumber } from '../../database/bigint-number.transformer';

/** Throttling counts failures per username and per client address separately. */
export const LOGIN_FAILURE_SCOPES = ['username', 'address'] as const;
export type LoginFailureScope = (typeof LOGIN_FAILURE_SCOPES)[number];

/** One failed login attempt, counted by the login throttle within its time window. */
@Entity({ name: 'login_failure' })
@Index('idx_login_failure_scope_subject_failed_at', ['scope', 'subject', 'failedAt'])
export class LoginFailure {
  @PrimaryColumn({
    name: 'id',
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'BY DEFAULT',
    primaryKeyConstraintName: 'pk_login_failure',
    transformer: bigintToNumber,
  })
  id: number;

  @Column({ name: 'scope', type: 'varchar', length: 16 })
  scope: LoginFailureScope;

  /** The username or client address, depending on `scope`. */
  @Column({ name: 'subject', type: 'varchar', length: 512 })
  subject: string;

  @CreateDateColumn({ name: 'failed_at', type: 'timestamptz' })
  failedAt: Date;
}
