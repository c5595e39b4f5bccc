import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { SYSTEM_ACTOR } from './actor';
import { OrderStatus } from './order-state';
import { OrdersService } from './orders.service';

export const EXPIRE_ORDERS_JOB = 'orders.expire';
const BATCH = 100;

/**
 * Unpaid orders older than ORDER_TTL_MINUTES become `expired` and give their stock back.
 * pg-boss fires the sweep every minute, once across instances; even if two sweeps overlap
 * (a manual run, a slow tick) each batch takes its rows with FOR UPDATE SKIP LOCKED and the
 * update is conditional on `status = 'pending'`, so an order expires once and never races a
 * payment or a cancel holding its lock.
 */
@Injectable()
export class OrderExpiryService implements OnModuleInit {
  private readonly logger = new Logger(OrderExpiryService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register({
      name: EXPIRE_ORDERS_JOB,
      cron: '* * * * *',
      handler: async () => void (await this.expireDue()),
    });
  }

  /** Expires every due order; returns how many. `now` comes from the Clock (tests move it). */
  async expireDue(now: Date = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.orderTtlMinutes * 60_000);
    let total = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (m) => {
        const rows: { id: string }[] = await m.query(
          `SELECT id FROM "order" WHERE status = 'pending' AND created_at < $1
            ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [cutoff],
        );
        if (!rows.length) return 0;
        const ids = rows.map((r) => r.id);
        await this.orders.enter(
          ids,
          OrderStatus.Pending,
          OrderStatus.Expired,
          SYSTEM_ACTOR,
          `Unpaid after ${this.config.orderTtlMinutes} minutes`,
          m,
        );
        return ids.length;
      });
      total += count;
      if (count < BATCH) break;
    }
    if (total) this.logger.log(`expired ${total} unpaid order(s)`);
    return total;
  }
}
