import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { currencyCode, money, query } from '../common/raw-rows';
import { PROVIDER_ACTOR } from '../orders/actor';
import { OrderStatus, REFUNDABLE } from '../orders/order-state';
import { OrdersService } from '../orders/orders.service';
import { PaymentStatus } from './entities/payment.entity';
import { ProviderEvent } from './payment-provider';
import { OrphanRefundsService } from './orphan-refunds.service';
import { RefundLedger } from './refund-ledger';

/** What applying a provider event did. */
export interface EventResult {
  /** The event id was seen before: acknowledged, nothing changed. */
  duplicate: boolean;
  outcome: string;
  paymentStatus: PaymentStatus | null;
  orderStatus: OrderStatus | null;
}

export type { PendingPayment } from './payment-sessions.service';

interface PaymentRow {
  id: string;
  order_id: string;
  provider: string;
  reference: string;
  status: PaymentStatus;
  amount: string;
  currency: string;
  redirect_url: string | null;
}

/**
 * Provider events: verified verdicts (webhooks, verification calls, the fake provider's endpoints)
 * applied once per event id. Sessions are PaymentSessionsService, refunds RefundsService.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly orphanRefunds: OrphanRefundsService,
    private readonly ledger: RefundLedger,
  ) {}

  /**
   * Applies a verified provider verdict. The event id is inserted first, in the same
   * transaction as the change it causes: a redelivery (even a concurrent one, which waits on the
   * unique index) finds it and changes nothing. Locks the order, then the payment (the order of
   * every other writer). Amount or currency different from the order's → payment failed, order stays pending.
   */
  async applyProviderEvent(event: ProviderEvent): Promise<EventResult> {
    const result = await this.dataSource.transaction(async (m) => {
      const [inserted]: { id: string }[] = await m.query(
        `INSERT INTO payment_event (provider, event_id, reference, type, outcome, payload)
         VALUES ($1, $2, $3, $4, 'received', $5::jsonb)
         ON CONFLICT (provider, event_id) DO NOTHING RETURNING id`,
        [event.provider, event.eventId, event.reference, event.type, JSON.stringify(event.payload ?? {})],
      );
      if (!inserted) return { duplicate: true, outcome: 'duplicate', paymentStatus: null, orderStatus: null };
      const applied = await this.apply(event, m);
      await m.query(`UPDATE payment_event SET outcome = $2 WHERE id = $1`, [inserted.id, applied.outcome]);
      return applied;
    });
    if (result.outcome === 'order_not_payable') {
      // After commit: give the money back (queued and retried; the periodic sweep catches a lost enqueue).
      await this.orphanRefunds
        .schedule(event.reference)
        .catch((err: unknown) =>
          this.logger.error({ err }, `could not queue the refund of ${event.reference}; the sweep will`),
        );
    }
    return result;
  }

  private async apply(event: ProviderEvent, m: EntityManager): Promise<EventResult> {
    if (event.type === 'refund_succeeded' || event.type === 'refund_failed')
      return this.applyRefund(event, m);
    const [found]: PaymentRow[] = await m.query(
      `SELECT id, order_id FROM payment WHERE reference = $1 AND provider = $2`,
      [event.reference, event.provider],
    );
    if (!found) {
      this.logger.warn(`${event.provider} event ${event.eventId} for unknown payment ${event.reference}`);
      return { duplicate: false, outcome: 'unknown_reference', paymentStatus: null, orderStatus: null };
    }
    const order = await this.orders.lockForPayment(found.order_id, m);
    const [payment]: PaymentRow[] = await m.query(
      `SELECT id, status, amount, currency FROM payment WHERE id = $1 FOR UPDATE`,
      [found.id],
    );
    const done = (outcome: string, paymentStatus: PaymentStatus, orderStatus: OrderStatus): EventResult => ({
      duplicate: false,
      outcome,
      paymentStatus,
      orderStatus,
    });
    const setPayment = async (status: PaymentStatus, reason: string | null = null) => {
      await m.query(
        `UPDATE payment SET status = $2, failure_reason = coalesce($3, failure_reason), updated_at = now() WHERE id = $1`,
        [payment.id, status, reason],
      );
    };

    switch (event.type) {
      case 'succeeded': {
        if (payment.status === PaymentStatus.Succeeded || payment.status === PaymentStatus.Refunded) {
          return done('already_applied', payment.status, order.status);
        }
        if (event.amount !== order.total || event.currency?.toUpperCase() !== order.currency) {
          const reason = `Amount mismatch: provider reported ${event.amount} ${event.currency}, order ${order.number} is ${order.total} ${order.currency}`;
          this.logger.warn(reason);
          await setPayment(PaymentStatus.Failed, reason.slice(0, 300));
          return done('amount_mismatch', PaymentStatus.Failed, order.status);
        }
        await setPayment(PaymentStatus.Succeeded);
        if (order.status !== OrderStatus.Pending) {
          // Money arrived for an order that was cancelled or expired meanwhile: the order does not
          // change (its stock is gone); the payment is recorded as succeeded and, after commit,
          // refunded automatically (OrphanRefundsService).
          this.logger.warn(
            `payment ${event.reference} succeeded for order ${order.number} which is ${order.status}: refunding`,
          );
          return done('order_not_payable', PaymentStatus.Succeeded, order.status);
        }
        await this.orders.enter(
          [found.order_id],
          OrderStatus.Pending,
          OrderStatus.Paid,
          PROVIDER_ACTOR,
          `Paid through ${event.provider} (${event.reference})`,
          m,
        );
        return done('paid', PaymentStatus.Succeeded, OrderStatus.Paid);
      }
      case 'failed': {
        if (payment.status !== PaymentStatus.Pending) return done('ignored', payment.status, order.status);
        const reason = event.failureReason ? `Declined: ${event.failureReason}` : 'Declined by the provider';
        await setPayment(PaymentStatus.Failed, reason.slice(0, 300));
        return done('payment_failed', PaymentStatus.Failed, order.status);
      }
      case 'expired': {
        // The provider will not take this payment any more (Stripe checkout.session.expired): the
        // order expires with it and its stock goes back, unless a newer payment of the order is open.
        if (payment.status !== PaymentStatus.Pending) return done('ignored', payment.status, order.status);
        await setPayment(PaymentStatus.Failed, 'Payment session expired');
        const [newer]: unknown[] = await m.query(
          `SELECT 1 FROM payment WHERE order_id = $1 AND id <> $2 AND status = 'pending'`,
          [found.order_id, payment.id],
        );
        if (order.status !== OrderStatus.Pending || newer)
          return done('payment_failed', PaymentStatus.Failed, order.status);
        await this.orders.enter(
          [found.order_id],
          OrderStatus.Pending,
          OrderStatus.Expired,
          PROVIDER_ACTOR,
          `The ${event.provider} payment session expired`,
          m,
        );
        return done('order_expired', PaymentStatus.Failed, OrderStatus.Expired);
      }
      case 'refunded': {
        if (payment.status !== PaymentStatus.Succeeded) return done('ignored', payment.status, order.status);
        // Refunded in full outside our refund rows (e.g. from the provider's dashboard).
        await setPayment(PaymentStatus.Refunded);
        if (REFUNDABLE.includes(order.status)) {
          await this.orders.enter(
            [found.order_id],
            order.status,
            OrderStatus.Refunded,
            PROVIDER_ACTOR,
            `Refunded through ${event.provider}`,
            m,
          );
          return done('refunded', PaymentStatus.Refunded, OrderStatus.Refunded);
        }
        return done('refunded', PaymentStatus.Refunded, order.status);
      }
      default:
        return done('ignored', payment.status, order.status);
    }
  }

  /** A provider's answer about one of our refund rows (Stripe refund.updated, Paystack refund.processed). */
  private async applyRefund(event: ProviderEvent, m: EntityManager): Promise<EventResult> {
    const refund = await this.ledger.findRefund(
      {
        refundId: event.refundId,
        refundRef: event.refundRef,
        reference: event.reference,
        amount: event.amount,
      },
      m,
    );
    if (!refund) {
      this.logger.warn(`${event.provider} refund event ${event.eventId} matches no refund of ours`);
      return { duplicate: false, outcome: 'unknown_refund', paymentStatus: null, orderStatus: null };
    }
    const settled = await this.ledger.settle(
      refund.id,
      {
        status: event.type === 'refund_succeeded' ? 'succeeded' : 'failed',
        providerRef: event.refundRef ?? null,
        failureReason:
          event.failureReason ?? (event.type === 'refund_failed' ? 'Refused by the provider' : null),
      },
      PROVIDER_ACTOR,
      m,
    );
    const [payment]: { status: PaymentStatus }[] = await m.query(
      `SELECT p.status FROM payment p JOIN refund r ON r.payment_id = p.id WHERE r.id = $1`,
      [refund.id],
    );
    return {
      duplicate: false,
      outcome: settled.outcome,
      paymentStatus: payment?.status ?? null,
      orderStatus: settled.orderStatus,
    };
  }

  async byReference(reference: string): Promise<{
    id: string;
    orderId: string;
    provider: string;
    status: PaymentStatus;
    amount: number;
    currency: string;
  }> {
    const [row] = await query<PaymentRow>(
      `SELECT id, order_id, provider, reference, status, amount, currency FROM payment WHERE reference = $1`,
      [reference],
      this.dataSource,
    );
    if (!row) throw new NotFoundError('Payment', { reference });
    return {
      id: row.id,
      orderId: row.order_id,
      provider: row.provider,
      status: row.status,
      amount: money(row.amount),
      currency: currencyCode(row.currency),
    };
  }
}
