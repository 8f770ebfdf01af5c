import { InitialSchema1764806400000 } from './1764806400000-initial-schema';

/** Every migration in the order it was written, listed so that the DataSource never globs files. */
export const MIGRATIONS = [InitialSchema1764806400000];
