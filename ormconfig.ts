/**
 * DataSource for the TypeORM CLI (`npm run migration:generate|run|revert`).
 * With DATABASE_URL it uses that database; otherwise it starts the embedded PostgreSQL
 * under DATA_DIR (stop `npm start` first: one cluster, one process) and stops it when the
 * CLI is done.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';
import { startEmbeddedPostgres } from './src/database/embedded-postgres.server';

async function cliDataSource(): Promise<DataSource> {
  const config = loadConfig(process.env);
  if (config.databaseUrl) return new DataSource(dataSourceOptions(config.databaseUrl));
  const embedded = await startEmbeddedPostgres(config.dataDir);
  const dataSource = new DataSource(dataSourceOptions(embedded.url));
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await embedded.stop();
  };
  return dataSource;
}

export const dataSource = cliDataSource();
