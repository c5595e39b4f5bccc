import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { money } from '../common/raw-rows';
import { JobsService } from '../jobs/jobs.service';
import { SYSTEM_ACTOR } from '../orders/actor';
import { OrdersService } from '../orders/orders.service';
import { RefundResult } from './payment-provider';
import { CapturedPaymentRow, PaymentProviders } from './payment-providers';
import { RefundLedger } from './refund-ledger';
import { PlannedRefund, RefundsService } from './refunds.service';

export const REFUND_ORPHANS_JOB = 'payments.refund-orphans';

interface OrphanRow extends CapturedPaymentRow {
  order_id: string;
  number: string;
  order_status: string;
}

/**
 * Money that arrives for an order that can no longer be paid goes back by itself. It happens
 * when the provider confirms after the order expired (ORDER_TTL_MINUTES) or was cancelled (by the
 * buyer, staff, or a newer checkout): the order keeps its state and its stock stays released, so
 * the shopper must not be charged. PaymentsService records such a payment as `succeeded` with
 * outcome `order_not_payable` and enqueues this job after commit; a sweep every 10 minutes
 * catches any enqueue lost to a crash in between. Each goes through a `refund` row like a staff
 * refund (created_by NULL, the note as reason): written pending under the order lock, sent to
 * the provider with no lock held (our row id is the idempotency key), settled by RefundLedger,
 * which moves the payment succeeded → refunded once the whole amount went back.
 */
@Injectable()
export class OrphanRefundsService implements OnModuleInit {
  private readonly logger = new Logger(OrphanRefundsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly jobs: JobsService,
    private readonly orders: OrdersService,
    private readonly ledger: RefundLedger,
    private readonly refunds: RefundsService,
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
      `SELECT p.id, p.order_id, p.provider, p.reference, p.provider_ref, p.amount, p.currency, o.number, o.status AS order_status
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
      const note = `Refunded automatically: order ${orphan.number} was ${orphan.order_status} before the payment arrived`;
      const planned = await this.dataSource.transaction((m) => this.plan(orphan, note, m));
      // Nothing to send: refunded already, or the provider accepted it and confirms by webhook.
      if (!planned) continue;
      let result: RefundResult;
      try {
        result = await this.refunds.send(planned, SYSTEM_ACTOR);
      } catch (err) {
        // One provider hiccup must not hold up the others; the job is retried (see below).
        this.logger.error({ err }, `refund of payment ${orphan.reference} (order ${orphan.number}) failed`);
        failures++;
        continue;
      }
      // 'pending': the provider confirms with a refund webhook (RefundLedger.settle).
      if (result.status === 'succeeded') {
        refunded++;
        this.logger.warn(note);
      }
    }
    // Throwing makes pg-boss retry the job (retryLimit/retryDelaySeconds); the sweep retries anyway.
    if (failures) throw new Error(`${failures} orphaned payment refund(s) failed; will retry`);
    return refunded;
  }

  /**
   * Under the order and payment locks: the refund row for what is left of the payment. A pending
   * row the provider never answered (a crash, a failed call) is sent again with the same id —
   * the provider's idempotency key — instead of writing a second one.
   */
  private async plan(orphan: OrphanRow, note: string, m: EntityManager): Promise<PlannedRefund | null> {
    await this.orders.lockStatus(orphan.order_id, m);
    const payment = await this.ledger.capturedPayment(orphan.order_id, m, true);
    if (!payment || payment.id !== orphan.id || payment.status !== 'succeeded') return null;
    const [open]: { id: string; amount: string; provider_ref: string | null }[] = await m.query(
      `SELECT id, amount, provider_ref FROM refund WHERE payment_id = $1 AND status = 'pending' ORDER BY created_at LIMIT 1`,
      [payment.id],
    );
    if (open)
      return open.provider_ref ? null : { id: open.id, amount: money(open.amount), reason: note, payment };
    const totals = await this.ledger.totals(payment.id, m);
    const left = payment.amount - totals.succeeded;
    if (left <= 0) return null;
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO refund (order_id, payment_id, status, amount, currency, reason, restock, created_by)
       VALUES ($1, $2, 'pending', $3, $4, $5, false, NULL) RETURNING id`,
      [orphan.order_id, payment.id, left, payment.currency, note],
    );
    return { id: row.id, amount: left, reason: note, payment };
  }
}
