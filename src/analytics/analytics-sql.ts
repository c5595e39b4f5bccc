import { Cover, Interval, Span } from './analytics-period';

/** The "all sellers" / "all products" side of a rollup key. */
export const NIL = '00000000-0000-0000-0000-000000000000';

/** Order statuses whose lines count as sales (refunded ones too: their refunds count on the refund date). */
export const COUNTED = `('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')`;

/** Positional parameters collected while a statement is built. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/**
 * Which rollup rows a scope reads: `totals` (the seller's or the store's own rows, exact distinct
 * order counts) or `products` (per-product rows: top products, categories, product filters).
 */
export interface RowScope {
  /** A seller id, or NIL for every seller. */
  sellerId: string;
  /** null: the scope's total rows; otherwise per-product rows limited to these ids (undefined: all products). */
  productIds: string[] | null | undefined;
}

export function scopeWhere(s: RowScope, p: Params): string {
  const seller = s.sellerId === NIL ? '' : `seller_id = ${p.add(s.sellerId, '::uuid')}`;
  if (s.productIds === null) return `${seller || `seller_id = '${NIL}'`} AND product_id = '${NIL}'`;
  const products =
    s.productIds === undefined
      ? `product_id <> '${NIL}'`
      : `product_id = ANY(${p.add(s.productIds, '::uuid[]')})`;
  return `${seller || `seller_id <> '${NIL}'`} AND ${products}`;
}

const COLUMNS = 'product_id, revenue, units, orders, shipping, new_customers, refunds, refund_amount';

function spans(spansOf: Span[], p: Params, column = 'bucket'): string {
  return spansOf.map(([lo, hi]) => `(${column} >= ${p.add(lo)} AND ${column} < ${p.add(hi)})`).join(' OR ');
}

/**
 * UNION ALL of the month, day and slot rows of `table` (analytics_sales or analytics_view) that
 * tile [a, b) exactly (see cover()).
 */
export function coveredRows(
  s: RowScope,
  c: Cover,
  p: Params,
  table = 'analytics_sales',
  columns = COLUMNS,
): string {
  const parts: string[] = [];
  const grains: [string, Span[], string][] = [
    ['month', c.months, columns],
    ['day', c.days, columns],
    ['slot', c.slots, columns],
    ['day', c.minusDays, negated(columns)],
  ];
  for (const [grain, list, cols] of grains) {
    if (!list.length) continue;
    parts.push(`SELECT ${cols} FROM ${table}_${grain} WHERE ${scopeWhere(s, p)} AND (${spans(list, p)})`);
  }
  return parts.length ? parts.join(' UNION ALL ') : `SELECT ${columns} FROM ${table}_slot WHERE false`;
}

/** The counters of a column list negated (rows subtracted from a cover), product_id kept. */
function negated(columns: string): string {
  return columns
    .split(', ')
    .map((c) => (c === 'product_id' ? c : `-${c} AS ${c}`))
    .join(', ');
}

/** Product views of the rows of a scope over [a, b). */
export function coveredViewRows(s: RowScope, c: Cover, p: Params): string {
  return coveredRows(s, c, p, 'analytics_view', 'product_id, views');
}

/**
 * Distinct customers with a counted order in [a, b) at one seller level (NIL: the store), without
 * a distinct count: a customer is in the period exactly when one of its orders in the period has
 * its previous order (`prev_at`) before a, or none. Whole UTC days and months read
 * analytics_order_gap_* (orders per bucket and month of the previous order) for previous months
 * before a's UTC month M; the orders of those days whose previous order lies in [M, a), and the
 * orders of the partial days at the ends, are counted from analytics_order_fact's indexes.
 */
export function distinctCustomersSql(sellerId: string, a: Date, c: Cover, p: Params): string {
  const seller = p.add(sellerId, '::uuid');
  const start = p.add(a, '::timestamptz');
  const d = new Date(a);
  // Added only where used: PostgreSQL cannot type a parameter no statement text refers to.
  let m: string | undefined;
  const month = () =>
    (m ??= p.add(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), '::timestamptz'));
  const terms: string[] = [];
  const gap = (grain: string, list: Span[]) =>
    `(SELECT coalesce(sum(orders), 0) FROM analytics_order_gap_${grain}
       WHERE seller_id = ${seller} AND prev_month < ${month()} AND (${spans(list, p)}))`;
  const recent = (list: Span[]) =>
    `(SELECT count(*) FROM analytics_order_fact WHERE seller_id = ${seller} AND prev_at >= ${month()}
        AND prev_at < ${start} AND (${spans(list, p, 'paid_at')}))`;
  if (c.months.length) terms.push(gap('month', c.months));
  if (c.days.length) terms.push(gap('day', c.days));
  if (c.minusDays.length) terms.push(`-${gap('day', c.minusDays)}`);
  const whole = [...c.months, ...c.days];
  if (whole.length) terms.push(recent(whole));
  if (c.minusDays.length) terms.push(`-${recent(c.minusDays)}`);
  if (c.slots.length)
    terms.push(
      `(SELECT count(*) FROM analytics_order_fact WHERE seller_id = ${seller} AND (${spans(c.slots, p, 'paid_at')})
          AND (prev_at IS NULL OR prev_at < ${start}))`,
    );
  return `SELECT (0 + ${terms.join(' + ')})::bigint AS customers`;
}

export const STEP: Record<Interval, string> = {
  day: '1 day',
  week: '1 week',
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};
