import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { currencyCode, money, query } from '../common/raw-rows';
import { Customizations } from '../store/customization-option';
import { StockDelta, StockService } from '../store/stock.service';
import { Actor } from './actor';
import { OrderAddress } from './entities/order.entity';
import { assertTransition, OrderStatus, RELEASES_STOCK } from './order-state';
import { OrderTransitionHooks } from './order-transition-hooks';
import { prepared } from '../database/prepared-statement-cache';

/** What checkout hands over to create an order. */
export interface NewOrder {
  userId: string;
  email: string;
  currency: string;
  subtotal: number;
  shippingFee: number;
  total: number;
  itemCount: number;
  shippingAddress: OrderAddress;
  /** The delivery zone chosen (snapshotted by name; the fee is shippingFee); null under the flat rule. */
  deliveryZone?: { id: string; name: string } | null;
  provider: string;
  idempotencyKey: string | null;
  lines: NewOrderLine[];
}

export interface NewOrderLine {
  productId: string;
  variantId: string;
  sellerId: string;
  productName: string;
  sku: string;
  variantOptions: Record<string, string>;
  customizations: Customizations;
  quantity: number;
  listPrice: number;
  discountPercent: number;
  unitPrice: number;
  currency: string;
}

/** `BZ-000123`: at least six digits from the sequence, never truncated. */
const ORDER_NUMBER_SQL = `(SELECT 'BZ-' || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END FROM nextval('order_number_seq') AS n)`;

/**
 * Creating orders and moving them through the state machine (order-state.ts). Every status change
 * goes through `enter()`: conditional on the current status, recorded in order_event, with its
 * side effects (stock release, sold counts, OrderTransitionHooks) in the same transaction.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly stock: StockService,
    private readonly hooks: OrderTransitionHooks,
  ) {}

  /**
   * Inserts the order, its lines (one multi-row insert through unnest) and the creation event in
   * ONE statement (data-modifying CTEs): checkout holds row locks, so round trips count.
   * Stock is the caller's business (checkout reserves it).
   */
  async create(
    input: NewOrder,
    actor: Actor,
    m: EntityManager,
  ): Promise<{ id: string; number: string; createdAt: Date }> {
    const l = input.lines;
    const [order]: { id: string; number: string; createdAt: Date }[] = await m.query(
      prepared(`WITH o AS (
         INSERT INTO "order" (number, user_id, email, status, currency, subtotal, shipping_fee, total, item_count,
                              shipping_address, provider, idempotency_key, delivery_zone_id, delivery_zone_name)
         VALUES (${ORDER_NUMBER_SQL}, $1, $2, 'pending', $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $25, $26)
         RETURNING id, number, created_at
       ), lines AS (
         INSERT INTO order_line (order_id, product_id, variant_id, seller_id, product_name, sku, variant_options, customizations,
                                 quantity, list_price, discount_percent, unit_price, line_total, currency, position)
         SELECT o.id, t.product_id, t.variant_id, t.seller_id, t.product_name, t.sku, t.variant_options, t.customizations,
                t.quantity, t.list_price, t.discount_percent, t.unit_price, t.unit_price * t.quantity, t.currency, t.position
           FROM o, unnest($11::uuid[], $12::uuid[], $13::uuid[], $14::varchar[], $15::varchar[], $16::jsonb[], $17::jsonb[],
                          $18::int[], $19::bigint[], $20::smallint[], $21::bigint[], $22::char(3)[]) WITH ORDINALITY
             AS t(product_id, variant_id, seller_id, product_name, sku, variant_options, customizations,
                  quantity, list_price, discount_percent, unit_price, currency, position)
       ), created AS (
         INSERT INTO order_event (order_id, from_status, to_status, actor_kind, actor_id, created_at)
         SELECT o.id, NULL, 'pending', $23, $24, clock_timestamp() FROM o
       )
       SELECT id, number, created_at AS "createdAt" FROM o`),
      [
        input.userId,
        input.email,
        input.currency,
        input.subtotal,
        input.shippingFee,
        input.total,
        input.itemCount,
        JSON.stringify(input.shippingAddress),
        input.provider,
        input.idempotencyKey,
        l.map((x) => x.productId),
        l.map((x) => x.variantId),
        l.map((x) => x.sellerId),
        l.map((x) => x.productName),
        l.map((x) => x.sku),
        l.map((x) => JSON.stringify(x.variantOptions)),
        l.map((x) => JSON.stringify(x.customizations)),
        l.map((x) => x.quantity),
        l.map((x) => x.listPrice),
        l.map((x) => x.discountPercent),
        l.map((x) => x.unitPrice),
        l.map((x) => x.currency),
        actor.kind,
        actor.id,
        input.deliveryZone?.id ?? null,
        input.deliveryZone?.name ?? null,
      ],
    );
    return order;
  }

  /** Locks one order (FOR UPDATE) and moves it to `to`; 404 if it does not exist, 409 if the move is illegal. */
  async transition(
    orderId: string,
    to: OrderStatus,
    actor: Actor,
    note: string | null,
    m: EntityManager,
  ): Promise<OrderStatus> {
    const from = await this.lockStatus(orderId, m);
    assertTransition(from, to);
    await this.enter([orderId], from, to, actor, note, m);
    return from;
  }

  /** The order's status, with its row locked until the transaction ends. */
  async lockStatus(orderId: string, m: EntityManager): Promise<OrderStatus> {
    const [row]: { status: OrderStatus }[] = await m.query(
      `SELECT status FROM "order" WHERE id = $1 FOR UPDATE`,
      [orderId],
    );
    if (!row) throw new NotFoundError('Order', { orderId });
    return row.status;
  }

  /** Payments: locks the order and returns what a provider's verdict is checked against. */
  async lockForPayment(
    orderId: string,
    m: EntityManager,
  ): Promise<{ status: OrderStatus; total: number; currency: string; number: string }> {
    const [row] = await query<{ status: OrderStatus; total: string; currency: string; number: string }>(
      `SELECT status, total, currency, number FROM "order" WHERE id = $1 FOR UPDATE`,
      [orderId],
      m,
    );
    if (!row) throw new NotFoundError('Order', { orderId });
    return {
      status: row.status,
      total: money(row.total),
      currency: currencyCode(row.currency),
      number: row.number,
    };
  }

  /**
   * Checkout: cancels the user's pending orders (locked, ascending id) and returns the stock to
   * release, for the caller to apply together with its own reservations in one ordered pass.
   */
  async cancelPendingOrdersOf(
    userId: string,
    actor: Actor,
    note: string,
    m: EntityManager,
  ): Promise<StockDelta[]> {
    const rows: { id: string }[] = await m.query(
      prepared(`SELECT id FROM "order" WHERE user_id = $1 AND status = 'pending' ORDER BY id FOR UPDATE`),
      [userId],
    );
    if (!rows.length) return [];
    return this.move(
      rows.map((r) => r.id),
      OrderStatus.Pending,
      OrderStatus.Cancelled,
      actor,
      note,
      'defer',
      m,
    );
  }

  /**
   * Moves already-locked orders, all currently in `from`, to `to`: conditional update, history rows,
   * then side effects. Returns the stock deltas it released.
   */
  async enter(
    orderIds: string[],
    from: OrderStatus,
    to: OrderStatus,
    actor: Actor,
    note: string | null,
    m: EntityManager,
  ): Promise<StockDelta[]> {
    return this.move(orderIds, from, to, actor, note, 'apply', m);
  }

  /** enter(), with the released stock applied here or left to the caller ('defer': checkout's one ordered pass). */
  private async move(
    orderIds: string[],
    from: OrderStatus,
    to: OrderStatus,
    actor: Actor,
    note: string | null,
    stock: 'apply' | 'defer',
    m: EntityManager,
  ): Promise<StockDelta[]> {
    assertTransition(from, to);
    const [moved] = (await m.query(
      prepared(`UPDATE "order" SET status = $1::order_status, updated_at = now(),
              paid_at = CASE WHEN $1::order_status = 'paid' THEN now() ELSE paid_at END
        WHERE id = ANY($2::uuid[]) AND status = $3::order_status RETURNING id`),
      [to, orderIds, from],
    )) as [{ id: string }[], number];
    const ids = moved.map((r) => r.id);
    if (!ids.length) return [];
    await this.record(ids, from, to, actor, note, m);
    let released: StockDelta[] = [];
    if (RELEASES_STOCK.includes(to)) {
      const lines: { variant_id: string; quantity: number }[] = await m.query(
        prepared(
          `SELECT variant_id, quantity FROM order_line WHERE order_id = ANY($1::uuid[]) AND variant_id IS NOT NULL`,
        ),
        [ids],
      );
      released = lines.map((l) => ({ variantId: l.variant_id, delta: l.quantity }));
      if (stock === 'apply') await this.stock.applyStockDeltas(released, m);
    }
    if (to === OrderStatus.Paid) {
      // sold_count moves in the same transaction as the payment (explicit call, not a queued job):
      // the catalog's "-sold" sort is exact the moment the order is paid.
      const lines: { product_id: string; quantity: number }[] = await m.query(
        prepared(`SELECT product_id, quantity FROM order_line WHERE order_id = ANY($1::uuid[])`),
        [ids],
      );
      await this.stock.addSoldCounts(
        lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
        m,
      );
    }
    await this.hooks.run({ orderIds: ids, from, to, actor }, m);
    return released;
  }

  private async record(
    ids: string[],
    from: OrderStatus | null,
    to: OrderStatus,
    actor: Actor,
    note: string | null,
    m: EntityManager,
  ) {
    await m.query(
      // clock_timestamp(), not now(): several transitions in one transaction keep their order.
      `INSERT INTO order_event (order_id, from_status, to_status, actor_kind, actor_id, note, created_at)
       SELECT id, $2::order_status, $3::order_status, $4, $5, $6, clock_timestamp() FROM unnest($1::uuid[]) AS id`,
      [ids, from, to, actor.kind, actor.id, note],
    );
  }
}
