import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A runtime setting that overrides the environment default of the same key. */
@Entity({ name: 'setting' })
export class Setting {
  @PrimaryColumn({
    name: 'key',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'pk_setting',
  })
  key: string;

  /** Any JSON value except null, because TypeORM writes null as SQL NULL and the column is NOT NULL. */
  @Column({ name: 'value', type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Username of the last writer, or null. */
  @Column({ name: 'updated_by', type: 'varchar', length: 256, nullable: true })
  updatedBy: string | null;
}
