import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { RefundResult } from './payment-provider';
import { CapturedPaymentRow, PaymentProviders } from './payment-providers';

export const REFUND_ORPHANS_JOB = 'payments.refund-orphans';

interface OrphanRow extends CapturedPaymentRow {
  number: string;
  order_status: string;
}

/**
 * Money that arrives for an order that can no longer be paid goes back by itself. It happens
 * when the provider confirms after the order expired (ORDER_TTL_MINUTES) or was cancelled (by the
 * buyer, staff, or a newer checkout): the order keeps its state and its stock stays released, so
 * the shopper must not be charged. PaymentsService records such a payment as `succeeded` with
 * outcome `order_not_payable` and enqueues this job after commit; a sweep every 10 minutes
 * catches any enqueue lost to a crash in between. The provider is called with no lock held;
 * refunds are idempotent per payment reference at the provider, and the row only moves
 * succeeded → refunded once.
 */
@Injectable()
export class OrphanRefundsService implements OnModuleInit {
  private readonly logger = new Logger(OrphanRefundsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly jobs: JobsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<{ reference?: string }>({
      name: REFUND_ORPHANS_JOB,
      cron: '*/10 * * * *',
      retryLimit: 5,
      retryDelaySeconds: 60,
      handler: async ({ reference }) => void (await this.refundOrphans(reference)),
    });
  }

  /** After a verdict committed money to an unpayable order: refund it now (queued, retried). */
  async schedule(reference: string): Promise<void> {
    await this.jobs.send(REFUND_ORPHANS_JOB, { reference }, { singletonKey: reference });
  }

  /** Refunds captured payments of cancelled/expired orders (one, or all); returns how many were refunded. */
  async refundOrphans(reference?: string): Promise<number> {
    const orphans: OrphanRow[] = await this.dataSource.query(
      `SELECT p.id, p.provider, p.reference, p.provider_ref, p.amount, p.currency, o.number, o.status AS order_status
         FROM payment p JOIN "order" o ON o.id = p.order_id
        WHERE p.status = 'succeeded' AND o.status IN ('cancelled', 'expired')
          AND ($1::text IS NULL OR p.reference = $1)
          AND p.provider <> ALL($2::text[])
        ORDER BY p.updated_at
        LIMIT 200`,
      // Manual-refund providers (crypto) list such money for staff instead (GET /payments?needs=manual_refund).
      [reference ?? null, this.providers.manualRefundNames],
    );
    let refunded = 0;
    let failures = 0;
    for (const orphan of orphans) {
      if (!this.providers.has(orphan.provider)) {
        this.logger.error(
          `payment ${orphan.reference} (order ${orphan.number}) needs a refund but provider ${orphan.provider} is not configured`,
        );
        continue;
      }
      let result: RefundResult;
      try {
        result = await this.providers.refundInFull(orphan);
      } catch (err) {
        // One provider hiccup must not hold up the others; the job is retried (see below).
        this.logger.error({ err }, `refund of payment ${orphan.reference} (order ${orphan.number}) failed`);
        failures++;
        continue;
      }
      // 'pending': the provider confirms with a `refunded` webhook, applied by PaymentsService.
      if (result.status !== 'succeeded') continue;
      const note = `Refunded automatically: order ${orphan.number} was ${orphan.order_status} before the payment arrived`;
      const [moved] = (await this.dataSource.query(
        `UPDATE payment SET status = 'refunded', failure_reason = $2, updated_at = now()
          WHERE id = $1 AND status = 'succeeded' RETURNING id`,
        [orphan.id, note],
      )) as [unknown[], number];
      if (moved.length) {
        refunded++;
        this.logger.warn(note);
      }
    }
    // Throwing makes pg-boss retry the job (retryLimit/retryDelaySeconds); the sweep retries anyway.
    if (failures) throw new Error(`${failures} orphaned payment refund(s) failed; will retry`);
    return refunded;
  }
}
