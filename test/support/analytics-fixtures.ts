/**
 * Analytics test data at chosen instants. The API stamps `paid_at = now()`, so orders of past
 * dates are written here: inserted `pending` like checkout does, then moved to `paid` at the chosen
 * instant by the same SQL function the order-paid hook (AnalyticsRollupHook) calls in the payment
 * transaction. Refunds are written the way the refund flow (issue 9) writes them: a `pending`
 * refund with its lines, then `succeeded` with `completed_at` — the trigger on `refund` does the
 * rest. Once the refund routes exist, `recordRefund` is the one place to switch to them.
 */
import { ADDRESS } from './checkout-helpers';
import { TestApp } from './test-app';

export interface FixtureLine {
  productId: string;
  sellerId: string;
  quantity: number;
  unitPrice: number;
}

export interface FixtureOrder {
  id: string;
  lineIds: string[];
}

/** An order of `userId` paid at `paidAt` (or left in `status` without entering the rollups). */
export async function insertOrder(
  t: TestApp,
  input: {
    userId: string;
    paidAt: string | Date;
    lines: FixtureLine[];
    shippingFee?: number;
    status?: 'paid' | 'pending' | 'cancelled';
  },
): Promise<FixtureOrder> {
  const subtotal = input.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
  const shipping = input.shippingFee ?? 0;
  const units = input.lines.reduce((s, l) => s + l.quantity, 0);
  const status = input.status ?? 'paid';
  const [order] = await t.sql<{ id: string }>(
    `INSERT INTO "order" (number, user_id, email, status, currency, subtotal, shipping_fee, total, item_count, shipping_address, provider, created_at)
     VALUES ('BZ-' || lpad(nextval('order_number_seq')::text, 6, '0'), $1, 'buyer@example.test', $2, $3, $4, $5, $6, $7, $8::jsonb, 'fake', $9)
     RETURNING id`,
    [
      input.userId,
      status === 'paid' ? 'pending' : status,
      t.config.currency,
      subtotal,
      shipping,
      subtotal + shipping,
      units,
      JSON.stringify(ADDRESS),
      input.paidAt,
    ],
  );
  const lineIds: string[] = [];
  for (const [i, l] of input.lines.entries()) {
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO order_line (order_id, product_id, seller_id, product_name, sku, quantity, list_price, unit_price, line_total, currency, position)
       SELECT $1, p.id, $2, p.name, 'SKU-' || p.id::text, $3::int, $4::bigint, $4::bigint, $3::int * $4::bigint, $5, $6 FROM product p WHERE p.id = $7 RETURNING id`,
      [order.id, l.sellerId, l.quantity, l.unitPrice, t.config.currency, i + 1, l.productId],
    );
    lineIds.push(row.id);
  }
  if (status === 'paid') {
    await t.dataSource.transaction(async (m) => {
      await m.query(`UPDATE "order" SET status = 'paid', paid_at = $2 WHERE id = $1`, [
        order.id,
        input.paidAt,
      ]);
      await m.query(`SELECT analytics_apply_orders($1::uuid[])`, [[order.id]]);
    });
  }
  return { id: order.id, lineIds };
}

/**
 * A refund completed at `completedAt`: per-line amounts, plus `extra` not tied to a line (e.g.
 * shipping or a goodwill amount). The order becomes refunded when `full`, else partially_refunded.
 */
export async function recordRefund(
  t: TestApp,
  input: {
    orderId: string;
    completedAt: string | Date;
    lines: { orderLineId: string; quantity: number; amount: number }[];
    extra?: number;
    full?: boolean;
  },
): Promise<string> {
  const amount = input.lines.reduce((s, l) => s + l.amount, 0) + (input.extra ?? 0);
  const refundId = await t.dataSource.transaction(async (m) => {
    const [payment]: { id: string }[] = await m.query(
      `INSERT INTO payment (order_id, provider, reference, status, amount, currency)
       SELECT id, 'fake', 'ref-' || gen_random_uuid(), 'succeeded', total, currency FROM "order" WHERE id = $1 RETURNING id`,
      [input.orderId],
    );
    const [refund]: { id: string }[] = await m.query(
      `INSERT INTO refund (order_id, payment_id, status, amount, currency) VALUES ($1, $2, 'pending', $3, $4) RETURNING id`,
      [input.orderId, payment.id, amount, t.config.currency],
    );
    for (const l of input.lines)
      await m.query(
        `INSERT INTO refund_line (refund_id, order_line_id, quantity, amount) VALUES ($1, $2, $3, $4)`,
        [refund.id, l.orderLineId, l.quantity, l.amount],
      );
    return refund.id;
  });
  await t.dataSource.transaction(async (m) => {
    await m.query(`UPDATE refund SET status = 'succeeded', completed_at = $2 WHERE id = $1`, [
      refundId,
      input.completedAt,
    ]);
    await m.query(`UPDATE "order" SET status = $2 WHERE id = $1`, [
      input.orderId,
      input.full ? 'refunded' : 'partially_refunded',
    ]);
  });
  return refundId;
}

/** Every rollup row, in a stable order: to compare the incremental path with a rebuild. */
export async function rollupSnapshot(t: TestApp): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const table of ['analytics_sales_slot', 'analytics_sales_day', 'analytics_sales_month'])
    out.push(
      await t.sql(
        `SELECT seller_id, product_id, bucket, revenue, units, orders, shipping, new_customers, refunds, refund_amount, refund_units
           FROM ${table} WHERE revenue <> 0 OR units <> 0 OR orders <> 0 OR new_customers <> 0 OR refunds <> 0 OR refund_amount <> 0
          ORDER BY seller_id, product_id, bucket`,
      ),
    );
  for (const table of ['analytics_order_gap_day', 'analytics_order_gap_month'])
    out.push(
      await t.sql(
        `SELECT seller_id, bucket, prev_month, orders FROM ${table} WHERE orders <> 0 ORDER BY seller_id, bucket, prev_month`,
      ),
    );
  out.push(await t.sql(`SELECT * FROM analytics_customer ORDER BY seller_id, user_id`));
  out.push(await t.sql(`SELECT * FROM analytics_order_fact ORDER BY seller_id, order_id`));
  out.push(await t.sql(`SELECT * FROM analytics_refund_product ORDER BY refund_id, seller_id, product_id`));
  return out;
}
