import { DataSource } from 'typeorm';

import { loadConfig } from './src/config/load-config';
import { buildDataSourceOptions } from './src/database/data-source-options';

// DataSource for the TypeORM CLI (`npm run migration:run`). It reads the same environment as the
// application: DATABASE_URL, or else PGlite under DATA_DIR.
export default new DataSource(buildDataSourceOptions(loadConfig().database));
