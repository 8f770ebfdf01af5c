import { ValueTransformer } from 'typeorm';

/**
 * Reads a PostgreSQL bigint as a JavaScript number. `pg` returns int8 as a string and PGlite as
 * a number, so both are accepted. Use it only for values that stay below 2^53, such as identity
 * ids, because larger values lose precision.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | bigint | null) => (value === null ? null : Number(value)),
};
