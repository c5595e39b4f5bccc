import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { deleteInBatches } from '../database/delete-in-batches';
import { JobsService } from '../jobs/jobs.service';

export const PURGE_REFRESH_TOKENS_JOB = 'accounts.purge-refresh-tokens';
const BATCH = 5000;
/**
 * Expired rows are kept a day before deletion so that presenting a just-expired token still
 * answers "expired, log in again" rather than "invalid".
 */
const GRACE_MS = 86_400_000;

/**
 * Every login and refresh inserts a refresh-token row; without pruning the table grows forever.
 * Deletes rows expired for over a day, hourly through pg-boss (once across instances), in
 * small batches so each transaction stays short. Safe for theft detection: an expired token
 * can no longer be exchanged, so there is nothing left to detect.
 */
@Injectable()
export class RefreshTokenPurgeService implements OnModuleInit {
  private readonly logger = new Logger(RefreshTokenPurgeService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register({
      name: PURGE_REFRESH_TOKENS_JOB,
      cron: '41 * * * *',
      handler: async () => void (await this.purgeExpired()),
    });
  }

  /** Returns how many rows were deleted. `now` comes from the Clock (tests move it). */
  async purgeExpired(now: Date = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - GRACE_MS);
    const total = await deleteInBatches(this.dataSource, 'refresh_token', 'expires_at < $1', [cutoff], {
      orderBy: 'expires_at',
      batch: BATCH,
    });
    if (total) this.logger.log(`purged ${total} expired refresh token(s)`);
    return total;
  }
}
