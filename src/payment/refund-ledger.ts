import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { money } from '../common/raw-rows';
import { Actor } from '../orders/actor';
import { OrderStatus, REFUNDABLE } from '../orders/order-state';
import { OrdersService } from '../orders/orders.service';
import { StockService } from '../store/stock.service';
import { RefundStatus } from './entities/refund.entity';

/** The payment a refund draws on: the order's captured (succeeded, or since refunded) payment. */
export interface CapturedPayment {
  id: string;
  provider: string;
  reference: string;
  providerRef: string | null;
  status: string;
  amount: number;
  currency: string;
}

export interface RefundTotals {
  /** Refunds the provider confirmed. */
  succeeded: number;
  /** Refunds asked for and not answered yet: counted against what is left, so two refunds never exceed the capture. */
  pending: number;
}

export type SettleOutcome = 'refund_succeeded' | 'refund_failed' | 'already_settled' | 'unknown_refund';

/**
 * The refund rows' bookkeeping, shared by staff refunds, automatic (orphan) refunds and the
 * providers' refund events. Every writer locks the order first, then the payment, then the refund
 * row — the order every other payment writer uses.
 */
@Injectable()
export class RefundLedger {
  private readonly logger = new Logger(RefundLedger.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly stock: StockService,
  ) {}

  /** The order's captured payment (FOR UPDATE when `lock`), or null if nothing was captured. */
  async capturedPayment(orderId: string, m: EntityManager, lock = false): Promise<CapturedPayment | null> {
    const [row]: {
      id: string;
      provider: string;
      reference: string;
      provider_ref: string | null;
      status: string;
      amount: string;
      currency: string;
    }[] = await m.query(
      `SELECT id, provider, reference, provider_ref, status, amount, currency FROM payment
        WHERE order_id = $1 AND status IN ('succeeded', 'refunded')
        ORDER BY created_at DESC, id DESC LIMIT 1 ${lock ? 'FOR UPDATE' : ''}`,
      [orderId],
    );
    if (!row) return null;
    return {
      id: row.id,
      provider: row.provider,
      reference: row.reference,
      providerRef: row.provider_ref,
      status: row.status,
      amount: money(row.amount),
      currency: row.currency.trim(),
    };
  }

  async totals(paymentId: string, m: EntityManager): Promise<RefundTotals> {
    const [row]: { succeeded: string; pending: string }[] = await m.query(
      `SELECT coalesce(sum(amount) FILTER (WHERE status = 'succeeded'), 0) AS succeeded,
              coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0) AS pending
         FROM refund WHERE payment_id = $1`,
      [paymentId],
    );
    return { succeeded: money(row.succeeded), pending: money(row.pending) };
  }

  /**
   * Finds our refund row for a provider refund event: by our id (echoed metadata), else the
   * provider's refund id, else the oldest pending row of that payment with that amount. That last
   * match covers Paystack, whose refund webhooks carry no refund id at all (only the transaction
   * reference and the amount), and a webhook that beats our recording of the provider's id; when
   * the event does name a provider refund id, only rows without one yet are candidates.
   */
  async findRefund(
    ids: { refundId?: string; refundRef?: string; reference?: string; amount?: number },
    m: EntityManager,
  ): Promise<{ id: string; order_id: string } | null> {
    const uuid = ids.refundId && /^[0-9a-f-]{36}$/i.test(ids.refundId) ? ids.refundId : null;
    if (uuid || ids.refundRef) {
      const [row]: { id: string; order_id: string }[] = await m.query(
        `SELECT id, order_id FROM refund WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR ($2::text IS NOT NULL AND provider_ref = $2)
          ORDER BY (id = $1::uuid) DESC NULLS LAST LIMIT 1`,
        [uuid, ids.refundRef ?? null],
      );
      if (row) return row;
    }
    if (!ids.reference || ids.amount === undefined || !Number.isSafeInteger(ids.amount)) return null;
    const [pending]: { id: string; order_id: string }[] = await m.query(
      `SELECT r.id, r.order_id FROM refund r JOIN payment p ON p.id = r.payment_id
        WHERE p.reference = $1 AND r.amount = $2 AND r.status = 'pending'
          AND ($3::text IS NULL OR r.provider_ref IS NULL)
        ORDER BY r.created_at, r.id LIMIT 1`,
      [ids.reference, ids.amount, ids.refundRef ?? null],
    );
    return pending ?? null;
  }

  /**
   * Records the provider's answer on a refund row, inside the caller's transaction: locks the
   * order, the payment and the row; a row already settled is left alone (a redelivered or late
   * answer), except that a row marked failed because the call errored may still be confirmed by
   * the provider. On success: restocks the refunded units if asked, then moves the order to
   * `refunded` when everything captured went back, `partially_refunded` otherwise (orders that
   * were cancelled or expired keep their state: their stock went back already).
   */
  async settle(
    refundId: string,
    verdict: {
      status: 'succeeded' | 'failed';
      providerRef?: string | null;
      failureReason?: string | null;
      /** Added to the order-history note of the transition a success makes. */
      note?: string;
    },
    actor: Actor,
    m: EntityManager,
  ): Promise<{ outcome: SettleOutcome; orderStatus: OrderStatus | null }> {
    const [ref]: { order_id: string }[] = await m.query(`SELECT order_id FROM refund WHERE id = $1`, [
      refundId,
    ]);
    if (!ref) return { outcome: 'unknown_refund', orderStatus: null };
    const orderStatus = await this.orders.lockStatus(ref.order_id, m);
    const [refund]: {
      id: string;
      payment_id: string;
      status: RefundStatus;
      amount: string;
      restock: boolean;
    }[] = await m.query(
      `SELECT id, payment_id, status, amount, restock FROM refund WHERE id = $1 FOR UPDATE`,
      [refundId],
    );
    const [payment]: { id: string; amount: string; status: string }[] = await m.query(
      `SELECT id, amount, status FROM payment WHERE id = $1 FOR UPDATE`,
      [refund.payment_id],
    );
    const late = refund.status === RefundStatus.Failed && verdict.status === 'succeeded';
    if (refund.status !== RefundStatus.Pending && !late) return { outcome: 'already_settled', orderStatus };
    if (late) {
      // Confirming a row we had given up on must not exceed what was captured.
      const totals = await this.totals(payment.id, m);
      if (totals.succeeded + totals.pending + money(refund.amount) > money(payment.amount)) {
        this.logger.error(
          `refund ${refundId} confirmed late would exceed the capture of payment ${payment.id}`,
        );
      }
    }
    await m.query(
      `UPDATE refund SET status = $2::refund_status, provider_ref = coalesce($3, provider_ref),
              failure_reason = CASE WHEN $2::text = 'failed' THEN $4 ELSE NULL END, completed_at = now()
        WHERE id = $1`,
      [refundId, verdict.status, verdict.providerRef ?? null, verdict.failureReason?.slice(0, 300) ?? null],
    );
    if (verdict.status === 'failed') return { outcome: 'refund_failed', orderStatus };

    if (refund.restock) {
      const lines: { variant_id: string | null; quantity: number }[] = await m.query(
        `SELECT ol.variant_id, rl.quantity FROM refund_line rl JOIN order_line ol ON ol.id = rl.order_line_id
          WHERE rl.refund_id = $1 AND ol.variant_id IS NOT NULL ORDER BY ol.variant_id`,
        [refundId],
      );
      await this.stock.applyStockDeltas(
        lines.map((l) => ({ variantId: l.variant_id!, delta: l.quantity })),
        m,
      );
    }
    const { succeeded } = await this.totals(payment.id, m);
    const full = succeeded >= money(payment.amount);
    if (full)
      await m.query(`UPDATE payment SET status = 'refunded', updated_at = now() WHERE id = $1`, [payment.id]);
    if (!REFUNDABLE.includes(orderStatus)) return { outcome: 'refund_succeeded', orderStatus };
    const to = full ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
    if (to === orderStatus) return { outcome: 'refund_succeeded', orderStatus };
    const note = `${full ? 'Refunded' : 'Partially refunded'}: ${money(refund.amount)} (refund ${refundId})${verdict.note ? ` — ${verdict.note}` : ''}`;
    await this.orders.enter([ref.order_id], orderStatus, to, actor, note, m);
    return { outcome: 'refund_succeeded', orderStatus: to };
  }
}
