import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config';

export interface JobDefinition<T extends object = object> {
  /** Queue name, e.g. `orders.expire`. */
  name: string;
  handler: (data: T) => Promise<void>;
  /** Cron expression (UTC) for recurring work; pg-boss fires it once per tick across all instances. */
  cron?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often idle workers look for jobs (pg-boss minimum 0.5 s). */
  pollingIntervalSeconds?: number;
}

/**
 * The job queue: pg-boss on the application's own PostgreSQL (schema `pgboss`).
 * Jobs are rows fetched with FOR UPDATE SKIP LOCKED, so with several API instances each job runs
 * once and no extra server is needed. Modules register their handlers in `onModuleInit` (the
 * one registration style, as for the hooks services: OrderExpiryService, OrphanRefundsService…);
 * workers and schedules start after the app has booted (onApplicationBootstrap, which Nest runs
 * after every onModuleInit) and stop before the DB closes.
 *
 * With JOBS_ENABLED=false (most e2e tests) nothing is started; tests call the services'
 * job methods directly with a controlled clock.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly definitions = new Map<string, JobDefinition>();
  private boss?: PgBoss;

  constructor(private readonly config: AppConfig) {}

  /** Register a handler, from the owning service's `onModuleInit` (before the queue starts). */
  async register<T extends object>(definition: JobDefinition<T>): Promise<void> {
    if (this.definitions.has(definition.name)) throw new Error(`Job ${definition.name} registered twice`);
    const def = definition as unknown as JobDefinition;
    this.definitions.set(def.name, def);
    if (this.boss) await this.startQueue(this.boss, def);
  }

  get running(): boolean {
    return !!this.boss;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobsEnabled) return;
    const boss = new PgBoss({
      connectionString: this.config.databaseUrl,
      schema: 'pgboss',
      max: 4,
      application_name: 'bazaar-jobs',
    });
    boss.on('error', (err: Error) => this.logger.error(`job queue: ${err.message}`));
    await boss.start();
    for (const def of this.definitions.values()) await this.startQueue(boss, def);
    this.boss = boss;
    this.logger.log(`job queue started with ${this.definitions.size} queue(s)`);
  }

  private async startQueue(boss: PgBoss, def: JobDefinition): Promise<void> {
    await boss.createQueue(def.name, {
      name: def.name,
      // A recurring sweep must not pile up behind itself: one queued, one active at most.
      policy: def.cron ? 'stately' : 'standard',
      retryLimit: def.retryLimit ?? 3,
      retryDelay: def.retryDelaySeconds ?? 10,
      retryBackoff: true,
    });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
    await boss.work<object>(
      def.name,
      { pollingIntervalSeconds: def.pollingIntervalSeconds ?? 2 },
      async (jobs) => {
        for (const job of jobs) await def.handler(job.data ?? {});
      },
    );
  }

  /** Enqueue a job; `singletonKey` de-duplicates while one with the same key is queued. */
  async send<T extends object>(
    name: string,
    data: T,
    options: PgBoss.SendOptions = {},
  ): Promise<string | null> {
    if (!this.definitions.has(name)) throw new Error(`Unknown job ${name}`);
    if (!this.boss) {
      // Queue off (tests, JOBS_ENABLED=false): run inline so behaviour stays observable.
      await this.definitions.get(name)!.handler(data);
      return null;
    }
    return this.boss.send(name, data, options);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    const boss = this.boss;
    this.boss = undefined;
    // Let running handlers finish (bounded), then close pg-boss's own pool.
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
