import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { PaymentSessionsService } from './payment-sessions.service';

export const VERIFY_PENDING_JOB = 'payments.verify-pending';
/** A payment pending this long without a verdict is asked about (webhooks get lost). */
export const VERIFY_AFTER_MINUTES = 5;
/** Older than this it is left alone: the order expired long ago and its payment was cancelled. */
const VERIFY_WITHIN_HOURS = 48;

/**
 * Every 5 minutes: payments still pending after VERIFY_AFTER_MINUTES at a provider that can be
 * asked (Paystack's `GET /transaction/verify/:reference`, Stripe's session) are verified, and
 * the verdict goes through applyProviderEvent like the lost webhook would have. Runs once across
 * instances (pg-boss); the provider is called with no lock held.
 */
@Injectable()
export class PendingPaymentsSweep implements OnModuleInit {
  private readonly logger = new Logger(PendingPaymentsSweep.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: PaymentSessionsService,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register({
      name: VERIFY_PENDING_JOB,
      cron: '*/5 * * * *',
      handler: async () => void (await this.sweep()),
    });
  }

  /** Returns the outcomes applied (e.g. `paid`, `payment_failed`), one per payment that got a verdict. */
  async sweep(now: Date = new Date()): Promise<string[]> {
    const due: { reference: string }[] = await this.dataSource.query(
      `SELECT reference FROM payment
        WHERE status = 'pending' AND provider = ANY($1::text[])
          AND created_at < $2::timestamptz - make_interval(mins => $3)
          AND created_at > $2::timestamptz - make_interval(hours => $4)
        ORDER BY created_at LIMIT 100`,
      [this.sessions.verifiable(), now.toISOString(), VERIFY_AFTER_MINUTES, VERIFY_WITHIN_HOURS],
    );
    const outcomes: string[] = [];
    for (const { reference } of due) {
      try {
        const outcome = await this.sessions.verify(reference);
        if (outcome) outcomes.push(outcome);
      } catch (err) {
        this.logger.warn({ err }, `could not verify payment ${reference}; next sweep retries`);
      }
    }
    if (outcomes.length)
      this.logger.log(`verified ${outcomes.length} pending payment(s): ${outcomes.join(', ')}`);
    return outcomes;
  }
}
