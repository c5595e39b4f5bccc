import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.setup';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { checkDatabaseUrl } from './config/database-url-check';
import { ensureJwtSecret } from './config/jwt-secret';
import { redactSecrets } from './config/secrets';
import {
  EmbeddedDatabase,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from './database/embedded-postgres.server';
import { DemoSeeder } from './database/seed/demo-seeder';

/**
 * Boot order: validate config -> database (DATABASE_URL, or embedded PostgreSQL under DATA_DIR)
 * -> Nest app (migrations run as TypeORM connects) -> demo seed on an empty shop -> listen.
 * Shutdown order on SIGTERM/SIGINT is the reverse: stop accepting and drain HTTP (in-flight
 * requests finish, SHUTDOWN_GRACE_SECONDS at most), then app.close() stops job workers and closes
 * the pool, then the embedded PostgreSQL stops.
 */
async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = await ensureJwtSecret(loadConfig(process.env));
    if (config.databaseUrl) await checkDatabaseUrl(config.databaseUrl);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    try {
      // Detached: a terminal's Ctrl-C reaches only us; shutdown() stops it once HTTP has drained.
      embedded = await startEmbeddedPostgres(config.dataDir, undefined, { detached: true });
    } catch (err) {
      if (!(err instanceof EmbeddedPostgresError)) throw err;
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    config = config.with({ databaseUrl: embedded.url });
  }

  let app;
  try {
    app = await createApp(config);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const logger = app.get(Logger);
  for (const warning of config.warnings) logger.warn(warning, 'Bootstrap');
  if (embedded) {
    for (const notice of embedded.notices) logger.warn(notice, 'Bootstrap');
    logger.log(embedded.summary, 'Bootstrap');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`, 'Bootstrap');
    // New connections are refused at once; in-flight requests get the grace period, then
    // whatever is still open (a stuck or very slow client) is closed so shutdown cannot hang.
    const server = app.getHttpServer();
    const force = setTimeout(() => {
      logger.warn(`requests still open after ${config.shutdownGraceSeconds}s: closing them`, 'Bootstrap');
      server.closeAllConnections();
    }, config.shutdownGraceSeconds * 1000);
    force.unref();
    try {
      // HTTP first: Nest's close() runs onModuleDestroy hooks (e.g. the Redis rate-limit client)
      // before it closes the server, which would pull resources from under in-flight requests.
      await app.getHttpAdapter().close();
      clearTimeout(force);
      await app.close();
      await embedded?.stop();
      logger.log('stopped cleanly', 'Bootstrap');
      process.exit(0);
    } catch (err) {
      logger.error(`shutdown failed: ${(err as Error).message}`, 'Bootstrap');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  if (config.seedDemo) await app.get(DemoSeeder).seedIfEmpty();
  await app.listen({ port: config.port, host: config.host });
  logger.log(
    `Bazaar listening on ${config.publicUrl}: API ${config.publicUrl}/api/v1, docs ${config.publicUrl}/docs, admin ${config.publicUrl}/admin`,
    'Bootstrap',
  );
}

bootstrap().catch((err: unknown) => {
  const detail = err instanceof Error ? err.stack : (JSON.stringify(err) ?? 'unknown error');
  process.stderr.write(`${redactSecrets(`Bazaar failed to start: ${detail}`, process.env)}\n`);
  process.exit(1);
});
