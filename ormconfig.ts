import { DataSource } from 'typeorm';
import { loadEnvironment } from './src/config/environment.js';
import { dataSourceOptions } from './src/database/data-source-options.js';

/** The DataSource for the TypeORM CLI (`npm run typeorm -- migration:show`), built from the options the app uses. */
export default new DataSource(dataSourceOptions(loadEnvironment()));
