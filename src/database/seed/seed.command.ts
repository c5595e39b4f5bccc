import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../app.module';
import { AppConfig, ConfigError, loadConfig } from '../../config/app-config';
import { ensureJwtSecret } from '../../config/jwt-secret';
import { StoreBulkSeed } from '../../store/store-bulk.seed';
import { EmbeddedDatabase, EmbeddedPostgresError, startEmbeddedPostgres } from '../embedded-postgres.server';
import { DemoSeeder } from './demo-seeder';

const USAGE = `usage: npm run seed [-- --products N] [-- --no-demo]
  Seeds the demo shop (idempotent) into DATABASE_URL, or the embedded PostgreSQL under DATA_DIR
  (stop \`npm start\` first), after running pending migrations.
  --products N   also add N synthetic products (benchmarks: --products 100000)
  --no-demo      skip the demo shop`;

export interface SeedArgs {
  products: number;
  demo: boolean;
}

export function parseSeedArgs(argv: string[]): SeedArgs {
  const args: SeedArgs = { products: 0, demo: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-demo') args.demo = false;
    else if (arg === '--products' || arg.startsWith('--products=')) {
      const raw = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 0 || n > 10_000_000)
        throw new ConfigError(`--products needs a whole number, got "${raw}"\n${USAGE}`);
      args.products = n;
    } else throw new ConfigError(`unknown argument "${arg}"\n${USAGE}`);
  }
  return args;
}

/** `npm run seed`: the same bootstrap as main.ts (config, database), then the seeders, then exit. */
async function main(): Promise<void> {
  let config: AppConfig;
  let args: SeedArgs;
  try {
    args = parseSeedArgs(process.argv.slice(2));
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
  // No job workers: this process only writes seed data and exits.
  config = config.with({ jobsEnabled: false });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    if (args.demo) await app.get(DemoSeeder).seed();
    if (args.products) await app.get(StoreBulkSeed).run(args.products);
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // An embedded start failure is already one line saying what to do (as in main.ts).
    const detail =
      err instanceof EmbeddedPostgresError ? err.message : err instanceof Error ? err.stack : String(err);
    process.stderr.write(`seed failed: ${detail}\n`);
    process.exit(1);
  });
}
