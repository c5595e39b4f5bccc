import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AnalyticsRebuildService } from './analytics/analytics-rebuild.service';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { ensureJwtSecret } from './config/jwt-secret';
import {
  EmbeddedDatabase,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from './database/embedded-postgres.server';

/**
 * `npm run analytics:rebuild`: recomputes the analytics rollups from the order lines and refunds
 * (idempotent). Against DATABASE_URL it runs beside the live shop (readers keep the old numbers
 * until it commits; payments wait for it, see AnalyticsRebuildService). Without DATABASE_URL it
 * uses the embedded database under DATA_DIR, so stop `npm start` first (as for `npm run seed`).
 */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = await ensureJwtSecret(loadConfig(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    config = config.with({ databaseUrl: embedded.url });
  }
  config = config.with({ jobsEnabled: false, seedDemo: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    const { orders, ms } = await app.get(AnalyticsRebuildService).rebuild();
    process.stdout.write(`analytics rebuilt: ${orders} counted orders in ${ms} ms\n`);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    const detail =
      err instanceof EmbeddedPostgresError ? err.message : err instanceof Error ? err.stack : String(err);
    process.stderr.write(`analytics rebuild failed: ${detail}\n`);
    process.exit(1);
  });
}
