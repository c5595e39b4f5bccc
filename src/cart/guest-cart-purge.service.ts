import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { deleteInBatches } from '../database/delete-in-batches';
import { JobsService } from '../jobs/jobs.service';

export const PURGE_GUEST_CARTS_JOB = 'cart.purge-guests';
const BATCH = 1000;

/**
 * Deletes guest carts nobody touched for GUEST_CART_TTL_DAYS (lines go with them, ON DELETE
 * CASCADE). Scheduled hourly through pg-boss (once across instances); deleting in small batches
 * keeps each transaction short. A later request with a purged cart's token simply starts a new
 * empty cart under the same token.
 */
@Injectable()
export class GuestCartPurgeService implements OnModuleInit {
  private readonly logger = new Logger(GuestCartPurgeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register({
      name: PURGE_GUEST_CARTS_JOB,
      cron: '23 * * * *',
      handler: async () => void (await this.purgeAbandoned()),
    });
  }

  /** Returns how many carts were deleted. `now` comes from the Clock (tests move it). */
  async purgeAbandoned(now: Date = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.guestCartTtlDays * 86_400_000);
    const total = await deleteInBatches(
      this.dataSource,
      'cart',
      'user_id IS NULL AND updated_at < $1',
      [cutoff],
      {
        orderBy: 'updated_at',
        batch: BATCH,
      },
    );
    if (total) this.logger.log(`purged ${total} abandoned guest cart(s)`);
    return total;
  }
}
