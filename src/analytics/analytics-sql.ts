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

function spans(spansOf: Span[], p: Params): string {
  return spansOf.map(([lo, hi]) => `(bucket >= ${p.add(lo)} AND bucket < ${p.add(hi)})`).join(' OR ');
}

/** UNION ALL of the month, day and slot rows that tile [a, b) exactly (see cover()). */
export function coveredRows(s: RowScope, c: Cover, p: Params): string {
  const parts: string[] = [];
  const grains: [string, Span[]][] = [
    ['month', c.months],
    ['day', c.days],
    ['slot', c.slots],
  ];
  for (const [grain, list] of grains) {
    if (!list.length) continue;
    parts.push(
      `SELECT ${COLUMNS} FROM analytics_sales_${grain} WHERE ${scopeWhere(s, p)} AND (${spans(list, p)})`,
    );
  }
  return parts.length ? parts.join(' UNION ALL ') : `SELECT ${COLUMNS} FROM analytics_sales_slot WHERE false`;
}

export const STEP: Record<Interval, string> = {
  day: '1 day',
  week: '1 week',
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};
