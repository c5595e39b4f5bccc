import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { BadRequestError, ConflictError, DomainError, NotFoundError } from '../common/errors/domain-error';
import { money } from '../common/raw-rows';
import { Actor, userActor } from '../orders/actor';
import { IllegalTransitionError, OrderStatus, REFUNDABLE } from '../orders/order-state';
import { OrdersQueryService } from '../orders/orders-query.service';
import { OrdersService } from '../orders/orders.service';
import { RefundDto, RefundOrderDto, RefundResultDto } from './dto/refund-order.dto';
import { PaymentProviderError, RefundResult } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { allocate } from './refund-allocation';
import { CapturedPayment, RefundLedger } from './refund-ledger';

/** A refund row written and committed, about to go to the provider. */
export interface PlannedRefund {
  id: string;
  amount: number;
  reason: string | null;
  payment: CapturedPayment;
}

/**
 * Refunds, full or partial, as rows: each is inserted `pending` (with its lines) under the order
 * lock, committed, then sent to the provider with no lock held, and settled by the provider's
 * answer — synchronously, or later by its refund webhook (RefundLedger.settle either way).
 * Concurrent refunds of one order queue on the order lock and each sees the others' pending rows,
 * so together they never exceed what was captured. Our row id is the provider's idempotency key.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly orders: OrdersService,
    private readonly query: OrdersQueryService,
    private readonly ledger: RefundLedger,
  ) {}

  /** Staff: POST /orders/:id/refund. */
  async refund(user: AuthUser, orderId: string, dto: RefundOrderDto): Promise<RefundResultDto> {
    await this.query.access(user, orderId);
    const planned = await this.dataSource.transaction((m) => this.plan(user.id, orderId, dto, m));
    await this.send(planned, userActor(user));
    return { refund: await this.get(planned.id), order: await this.query.get(user, orderId) };
  }

  /**
   * Calls the provider for a committed pending row (no lock held) and records its answer. A
   * provider that cannot be reached marks the row failed and answers 502; a provider that does
   * refund after all confirms it by webhook (settle accepts a late success).
   */
  async send(planned: PlannedRefund, actor: Actor): Promise<RefundResult> {
    const provider = this.providers.get(planned.payment.provider);
    let result: RefundResult;
    try {
      result = await provider.refund({
        reference: planned.payment.reference,
        providerRef: planned.payment.providerRef,
        amount: planned.amount,
        currency: planned.payment.currency,
        refundId: planned.id,
        reason: planned.reason,
      });
    } catch (err) {
      const reason = (err as Error).message.slice(0, 300);
      this.logger.error(`refund ${planned.id} of payment ${planned.payment.reference} failed: ${reason}`);
      await this.dataSource.transaction((m) =>
        this.ledger.settle(planned.id, { status: 'failed', failureReason: reason }, actor, m),
      );
      // A provider's own refusal in our error shape goes out as is.
      throw err instanceof DomainError ? err : new PaymentProviderError(planned.payment.provider, reason);
    }
    if (result.status === 'pending') {
      await this.dataSource.query(
        `UPDATE refund SET provider_ref = coalesce($2, provider_ref) WHERE id = $1`,
        [planned.id, result.providerRef],
      );
    } else {
      await this.dataSource.transaction((m) =>
        this.ledger.settle(
          planned.id,
          {
            status: result.status as 'succeeded' | 'failed',
            providerRef: result.providerRef,
            failureReason: result.failureReason,
          },
          actor,
          m,
        ),
      );
    }
    return result;
  }

  /**
   * Under the order lock: checks the request against what is left and writes the pending row
   * (with its lines). Also used by staff's recorded on-chain crypto refunds, settled in the same
   * transaction (CryptoRefundsService.refundOrder, `recorded`): a provider whose refunds are manual
   * is refused here otherwise, before any row is written.
   */
  async plan(
    userId: string,
    orderId: string,
    dto: RefundOrderDto,
    m: EntityManager,
    recorded = false,
  ): Promise<PlannedRefund> {
    const status = await this.orders.lockStatus(orderId, m);
    if (!REFUNDABLE.includes(status)) throw new IllegalTransitionError(status, OrderStatus.Refunded);
    const payment = await this.ledger.capturedPayment(orderId, m, true);
    if (!payment)
      throw new ConflictError('NO_CAPTURED_PAYMENT', 'This order has no captured payment to refund');
    // A refund made outside (recorded) needs no provider: it may have been switched off since.
    if (!recorded) {
      if (!this.providers.has(payment.provider))
        throw new ConflictError(
          'PAYMENT_PROVIDER_UNAVAILABLE',
          `The order was paid through ${payment.provider}, which is not configured here`,
        );
      const provider = this.providers.get(payment.provider);
      if (provider.manualRefunds)
        throw (
          provider.manualRefundRefusal?.(payment.reference) ??
          new ConflictError('REFUND_MANUAL', `${payment.provider} refunds are made by hand and recorded`)
        );
    }
    const totals = await this.ledger.totals(payment.id, m);
    const left = payment.amount - totals.succeeded - totals.pending;

    const lines: { id: string; unit_price: string; quantity: number; refunded: string }[] = await m.query(
      `SELECT ol.id, ol.unit_price, ol.quantity,
              coalesce((SELECT sum(rl.quantity) FROM refund_line rl JOIN refund r ON r.id = rl.refund_id
                         WHERE rl.order_line_id = ol.id AND r.status IN ('pending', 'succeeded')), 0) AS refunded
         FROM order_line ol WHERE ol.order_id = $1 ORDER BY ol.position`,
      [orderId],
    );
    const byId = new Map(lines.map((l) => [l.id, l]));
    let picked: { orderLineId: string; quantity: number; value: number }[];
    if (dto.lines) {
      const seen = new Set<string>();
      picked = dto.lines.map((l, i) => {
        if (seen.has(l.orderLineId))
          throw new BadRequestError('REFUND_LINE_DUPLICATE', 'Each order line may appear once', {
            field: `lines.${i}.orderLineId`,
            orderLineId: l.orderLineId,
          });
        seen.add(l.orderLineId);
        const line = byId.get(l.orderLineId);
        if (!line)
          throw new BadRequestError('REFUND_LINE_UNKNOWN', 'This order has no such line', {
            field: `lines.${i}.orderLineId`,
            orderLineId: l.orderLineId,
          });
        const refundable = line.quantity - Number(line.refunded);
        if (l.quantity > refundable)
          throw new ConflictError(
            'REFUND_QUANTITY_EXCEEDED',
            `Only ${refundable} unit(s) of this line can still be refunded`,
            { orderLineId: l.orderLineId, requested: l.quantity, refundable },
          );
        return {
          orderLineId: l.orderLineId,
          quantity: l.quantity,
          value: money(line.unit_price) * l.quantity,
        };
      });
    } else if (dto.amount === undefined) {
      // Empty body: everything that is left, units included.
      picked = lines
        .map((l) => ({ l, quantity: l.quantity - Number(l.refunded) }))
        .filter((x) => x.quantity > 0)
        .map(({ l, quantity }) => ({ orderLineId: l.id, quantity, value: money(l.unit_price) * quantity }));
    } else {
      picked = [];
    }
    const linesValue = picked.reduce((s, p) => s + p.value, 0);
    const amount = dto.amount ?? (dto.lines ? linesValue : left);
    if (left <= 0)
      throw new ConflictError(
        'NOTHING_TO_REFUND',
        totals.pending
          ? 'Everything captured is refunded or being refunded (a refund is still in flight)'
          : 'Everything captured was refunded already',
        { captured: payment.amount, refunded: totals.succeeded, inFlight: totals.pending },
      );
    if (amount > left)
      throw new ConflictError(
        'REFUND_EXCEEDS_CAPTURED',
        `At most ${left} can still be refunded (captured ${payment.amount}, refunded or in flight ${payment.amount - left})`,
        { requested: amount, refundable: left, captured: payment.amount },
      );
    if (amount <= 0) throw new ConflictError('NOTHING_TO_REFUND', 'The refund would be zero');
    const shares = allocate(
      Math.min(amount, linesValue),
      picked.map((p) => p.value),
    );

    const reason = dto.reason?.trim() || null;
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO refund (order_id, payment_id, status, amount, currency, reason, restock, created_by)
       VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7) RETURNING id`,
      [orderId, payment.id, amount, payment.currency, reason, dto.restock ?? false, userId],
    );
    if (picked.length)
      await m.query(
        `INSERT INTO refund_line (refund_id, order_line_id, quantity, amount)
         SELECT $1::uuid, t.l, t.q, t.a FROM unnest($2::uuid[], $3::int[], $4::bigint[]) AS t(l, q, a)`,
        [row.id, picked.map((p) => p.orderLineId), picked.map((p) => p.quantity), shares],
      );
    return { id: row.id, amount, reason, payment };
  }

  async get(refundId: string): Promise<RefundDto> {
    const [r] = await this.rows('r.id = $1', [refundId]);
    if (!r) throw new NotFoundError('Refund', { refundId });
    return toRefundDto(r);
  }

  /** Staff: GET /orders/:id/refunds — every refund of the order, oldest first (404 for an unknown order). */
  async forOrder(user: AuthUser, orderId: string): Promise<RefundDto[]> {
    await this.query.access(user, orderId);
    return (await this.rows('r.order_id = $1', [orderId])).map(toRefundDto);
  }

  private rows(where: string, params: unknown[]): Promise<RefundRow[]> {
    return this.dataSource.query(
      `SELECT r.id, r.status, r.amount, r.currency, r.reason, r.restock, r.failure_reason, r.created_at, r.completed_at,
              coalesce((SELECT json_agg(json_build_object('orderLineId', rl.order_line_id, 'quantity', rl.quantity, 'amount', rl.amount::text)
                                  ORDER BY ol.position)
                          FROM refund_line rl JOIN order_line ol ON ol.id = rl.order_line_id WHERE rl.refund_id = r.id), '[]') AS lines
         FROM refund r WHERE ${where} ORDER BY r.created_at, r.id`,
      params,
    );
  }
}

interface RefundRow {
  id: string;
  status: RefundDto['status'];
  amount: string;
  currency: string;
  reason: string | null;
  restock: boolean;
  failure_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
  lines: { orderLineId: string; quantity: number; amount: string }[];
}

function toRefundDto(r: RefundRow): RefundDto {
  return {
    id: r.id,
    status: r.status,
    amount: money(r.amount),
    currency: r.currency.trim(),
    reason: r.reason,
    restock: r.restock,
    failureReason: r.failure_reason,
    lines: r.lines.map((l) => ({
      orderLineId: l.orderLineId,
      quantity: l.quantity,
      amount: money(l.amount),
    })),
    createdAt: r.created_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
  };
}
