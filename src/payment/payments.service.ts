import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { currencyCode, money, query } from '../common/raw-rows';
import { AppConfig } from '../config/app-config';
import { PROVIDER_ACTOR } from '../orders/actor';
import { OrderStatus } from '../orders/order-state';
import { OrdersService } from '../orders/orders.service';
import { CheckoutPaymentDto } from './dto/checkout-payment.dto';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentStatus } from './entities/payment.entity';
import { ProviderEvent } from './payment-provider';
import { OrphanRefundsService } from './orphan-refunds.service';
import { PaymentProviders } from './payment-providers';

/** What applying a provider event did. */
export interface EventResult {
  /** The event id was seen before: acknowledged, nothing changed. */
  duplicate: boolean;
  outcome: string;
  paymentStatus: PaymentStatus | null;
  orderStatus: OrderStatus | null;
}

/** A payment as checkout created it (enough to open its session without reading it back). */
export interface PendingPayment {
  id: string;
  reference: string;
  provider: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
}

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
 * Payments: pending rows written in the checkout transaction, provider sessions opened after
 * commit, and provider verdicts applied once per event id.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
    private readonly orphanRefunds: OrphanRefundsService,
  ) {}

  /** 400 unless the provider is enabled. Checkout calls it before doing anything. */
  assertProvider(name: string): void {
    this.providers.get(name);
  }

  /** Inside the transaction that cancels or expires the orders (CancelOpenPaymentsHook): they will not be paid. */
  async cancelOpenPayments(orderIds: readonly string[], m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE payment SET status = 'cancelled', updated_at = now() WHERE order_id = ANY($1::uuid[]) AND status = 'pending'`,
      [orderIds],
    );
  }

  /** Inside the checkout transaction: the payment exists (pending) before any provider call. */
  async createPending(
    order: { id: string; total: number; currency: string },
    provider: string,
    m: EntityManager,
  ): Promise<PendingPayment> {
    const reference = `pay_${randomBytes(12).toString('base64url')}`;
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO payment (order_id, provider, reference, status, amount, currency) VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id`,
      [order.id, provider, reference, order.total, order.currency],
    );
    return {
      id: row.id,
      reference,
      provider,
      status: PaymentStatus.Pending,
      amount: order.total,
      currency: order.currency,
    };
  }

  /**
   * After commit, with no locks held: asks the provider for a session and records its answer. A
   * provider failure leaves the payment pending without a redirect URL (the order is kept; a
   * retry with the same Idempotency-Key opens a session again).
   */
  async openSession(
    payment: PendingPayment,
    order: { id: string; number: string; email: string },
  ): Promise<CheckoutPaymentDto> {
    const paymentId = payment.id;
    const provider = this.providers.get(payment.provider);
    try {
      const session = await provider.createSession({
        reference: payment.reference,
        orderId: order.id,
        orderNumber: order.number,
        amount: payment.amount,
        currency: payment.currency,
        customerEmail: order.email,
        successUrl: `${this.config.storefrontUrl}/checkout/complete?reference=${encodeURIComponent(payment.reference)}`,
        cancelUrl: `${this.config.storefrontUrl}/checkout/cancelled?reference=${encodeURIComponent(payment.reference)}`,
      });
      await this.dataSource.query(
        `UPDATE payment SET provider_ref = $2, redirect_url = $3, failure_reason = NULL, updated_at = now() WHERE id = $1`,
        [paymentId, session.providerRef, session.redirectUrl],
      );
      return {
        provider: payment.provider,
        reference: payment.reference,
        redirectUrl: session.redirectUrl,
        status: payment.status,
        ...session.details,
      };
    } catch (err) {
      const reason = `Could not open a ${payment.provider} session: ${(err as Error).message}`.slice(0, 300);
      this.logger.error(reason);
      await this.dataSource.query(
        `UPDATE payment SET failure_reason = $2, updated_at = now() WHERE id = $1`,
        [paymentId, reason],
      );
      return {
        provider: payment.provider,
        reference: payment.reference,
        redirectUrl: null,
        status: payment.status,
      };
    }
  }

  /** The order's most recent payment (idempotent checkout replay); reopens a session that never opened. */
  async latestForOrder(order: {
    id: string;
    number: string;
    email: string;
  }): Promise<CheckoutPaymentDto | null> {
    const [row] = await query<PaymentRow>(
      `SELECT id, order_id, provider, reference, status, amount, currency, redirect_url FROM payment
        WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [order.id],
      this.dataSource,
    );
    if (!row) return null;
    if (row.status === PaymentStatus.Pending && !row.redirect_url && this.providers.has(row.provider)) {
      const pending = {
        id: row.id,
        reference: row.reference,
        provider: row.provider,
        status: row.status,
        amount: money(row.amount),
        currency: currencyCode(row.currency),
      };
      return this.openSession(pending, order);
    }
    return {
      provider: row.provider,
      reference: row.reference,
      redirectUrl: row.redirect_url,
      status: row.status,
      ...(await this.providers.details(row.provider, row.reference)),
    };
  }

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
      case 'failed':
      case 'expired': {
        if (payment.status !== PaymentStatus.Pending) return done('ignored', payment.status, order.status);
        await setPayment(
          PaymentStatus.Failed,
          event.type === 'expired' ? 'Payment session expired' : 'Declined by the provider',
        );
        return done('payment_failed', PaymentStatus.Failed, order.status);
      }
      case 'refunded': {
        if (payment.status !== PaymentStatus.Succeeded) return done('ignored', payment.status, order.status);
        await setPayment(PaymentStatus.Refunded);
        if (order.status === OrderStatus.Paid) {
          await this.orders.enter(
            [found.order_id],
            OrderStatus.Paid,
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

  /** Public: what a success page may know — status, amount, currency, order number. */
  async publicStatus(reference: string): Promise<PaymentStatusDto> {
    const [row] = await query<{
      reference: string;
      provider: string;
      status: PaymentStatus;
      amount: string;
      currency: string;
      number: string;
    }>(
      `SELECT p.reference, p.provider, p.status, p.amount, p.currency, o.number FROM payment p JOIN "order" o ON o.id = p.order_id WHERE p.reference = $1`,
      [reference],
      this.dataSource,
    );
    if (!row) throw new NotFoundError('Payment', { reference });
    return {
      reference: row.reference,
      status: row.status,
      amount: money(row.amount),
      currency: currencyCode(row.currency),
      orderNumber: row.number,
      ...(await this.providers.details(row.provider, row.reference)),
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
