import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An account kept in the database rather than the directory, such as the bootstrap admin. */
@Entity({ name: 'local_user' })
export class LocalUser {
  @PrimaryColumn({
    name: 'username',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'pk_local_user',
  })
  username: string;

  /** Password hash, or null while no password has been set. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'enabled', type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
