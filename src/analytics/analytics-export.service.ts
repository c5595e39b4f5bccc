import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { toMajorString } from '../common/money';
import { money, query } from '../common/raw-rows';
import { AppConfig } from '../config/app-config';
import { Interval, LocalPeriod } from './analytics-period';
import { AnalyticsProductsService } from './analytics-products.service';
import { AnalyticsQueryService, Instants } from './analytics-query.service';
import { AnalyticsScope } from './analytics-scope';
import { NIL } from './analytics-sql';
import { csvRow } from '../common/csv';
import { Report } from './dto/analytics-query.dto';

/** Orders per round trip of the orders report: memory stays flat whatever the period holds. */
const BATCH = 1000;

type Cell = string | number | null;

interface OrderRow {
  order_id: string;
  cursor: string;
  local: string;
  offset_minutes: number;
  number: string;
  status: string;
  units: string | null;
  revenue: string | null;
  refunded: string | null;
}

/** ISO 8601 offset: local times repeat when clocks go back, the offset tells them apart. */
function offset(minutes: number): string {
  const m = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * CSV exports (RFC 4180, CRLF, a header row, a final TOTAL row). Amounts appear twice: as a
 * decimal string in the store currency and as the minor-unit integer. The orders report is read
 * in keyset batches and written as it is read, so a three-year export never sits in memory.
 */
@Injectable()
export class AnalyticsExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sales: AnalyticsQueryService,
    private readonly products: AnalyticsProductsService,
  ) {}

  stream(report: Report, scope: AnalyticsScope, p: LocalPeriod, i: Instants, interval: Interval): Readable {
    const rows =
      report === 'sales'
        ? this.salesRows(scope, p, i, interval)
        : report === 'products'
          ? this.productRows(scope, p, i)
          : this.orderRows(scope, p, i);
    return Readable.from(this.encode(rows), { objectMode: false });
  }

  private async *encode(rows: AsyncGenerator<Cell[]>): AsyncGenerator<Buffer> {
    for await (const row of rows) yield Buffer.from(csvRow(row));
  }

  private amount(minor: number): [string, number] {
    return [toMajorString(minor, this.config.currency), minor];
  }

  private async *salesRows(scope: AnalyticsScope, p: LocalPeriod, i: Instants, interval: Interval) {
    yield [
      'start',
      'end',
      'revenue',
      'revenue_minor',
      'net_revenue',
      'net_revenue_minor',
      'orders',
      'units',
      'refunds',
      'refund_amount',
      'refund_amount_minor',
      'currency',
    ];
    const series = await this.sales.series(scope, p, i, interval);
    const t = { revenue: 0, net: 0, orders: 0, units: 0, refunds: 0, refundAmount: 0 };
    for (const b of series) {
      t.revenue += b.revenue;
      t.net += b.netRevenue;
      t.orders += b.orders;
      t.units += b.units;
      t.refunds += b.refunds;
      t.refundAmount += b.refundAmount;
      yield [
        b.start,
        b.end,
        ...this.amount(b.revenue),
        ...this.amount(b.netRevenue),
        b.orders,
        b.units,
        b.refunds,
        ...this.amount(b.refundAmount),
        this.config.currency,
      ];
    }
    yield [
      'TOTAL',
      '',
      ...this.amount(t.revenue),
      ...this.amount(t.net),
      t.orders,
      t.units,
      t.refunds,
      ...this.amount(t.refundAmount),
      this.config.currency,
    ];
  }

  private async *productRows(scope: AnalyticsScope, p: LocalPeriod, i: Instants) {
    yield [
      'product_id',
      'name',
      'units',
      'revenue',
      'revenue_minor',
      'orders',
      'refund_amount',
      'refund_amount_minor',
      'views',
      'conversion',
      'currency',
    ];
    const list = await this.products.products(scope, i, 'revenue', null);
    const t = { units: 0, revenue: 0, orders: 0, refundAmount: 0, views: 0 };
    for (const r of list) {
      t.units += r.units;
      t.revenue += r.revenue;
      t.orders += r.orders;
      t.refundAmount += r.refundAmount;
      t.views += r.views;
      yield [
        r.productId,
        r.name,
        r.units,
        ...this.amount(r.revenue),
        r.orders,
        ...this.amount(r.refundAmount),
        r.views,
        r.conversion,
        this.config.currency,
      ];
    }
    yield [
      'TOTAL',
      '',
      t.units,
      ...this.amount(t.revenue),
      t.orders,
      ...this.amount(t.refundAmount),
      t.views,
      '',
      this.config.currency,
    ];
  }

  /** One row per order paid in the period: the scope's lines of it, and what was refunded of them to date. */
  private async *orderRows(scope: AnalyticsScope, p: LocalPeriod, i: Instants) {
    yield [
      'order_number',
      'paid_at',
      'status',
      'units',
      'revenue',
      'revenue_minor',
      'refunded',
      'refunded_minor',
      'currency',
    ];
    const seller = scope.product?.sellerId ?? scope.sellerId;
    const ids = scope.product ? [scope.product.id] : scope.categoryProductIds;
    const t = { units: 0, revenue: 0, refunded: 0 };
    let cursor: [string, string] | null = null;
    for (;;) {
      const after: string = cursor ? `AND (paid_at, order_id) > ($6::timestamptz, $7::uuid)` : '';
      // The page of orders first (index range on (seller_id, paid_at, order_id)), then its sums.
      const batch: OrderRow[] = await query<OrderRow>(
        `WITH page AS (
           SELECT order_id, paid_at FROM analytics_order_fact
            WHERE seller_id = $1::uuid AND paid_at >= $2 AND paid_at < $3 ${after}
            ORDER BY paid_at, order_id LIMIT ${BATCH})
         SELECT f.order_id, f.paid_at::text AS cursor,
                to_char(f.paid_at AT TIME ZONE $4, 'YYYY-MM-DD"T"HH24:MI:SS') AS local,
                extract(epoch FROM (f.paid_at AT TIME ZONE $4) - (f.paid_at AT TIME ZONE 'UTC'))::int / 60 AS offset_minutes,
                o.number, o.status, l.units, l.revenue, r.refunded
           FROM page f
           JOIN "order" o ON o.id = f.order_id
           CROSS JOIN LATERAL (
             SELECT sum(ol.quantity) AS units, sum(ol.line_total) AS revenue FROM order_line ol
              WHERE ol.order_id = f.order_id AND ($1::uuid = '${NIL}' OR ol.seller_id = $1::uuid)
                AND ($5::uuid[] IS NULL OR ol.product_id = ANY($5::uuid[]))) l
           LEFT JOIN LATERAL (
             SELECT sum(x.amount) AS refunded FROM analytics_refund_product x
              WHERE x.order_id = f.order_id AND ($1::uuid = '${NIL}' OR x.seller_id = $1::uuid)
                AND ($5::uuid[] IS NULL OR x.product_id = ANY($5::uuid[]))) r ON true
          ORDER BY f.paid_at, f.order_id`,
        [seller, i.a, i.b, p.tz, ids, ...(cursor ?? [])],
        this.dataSource,
      );
      for (const r of batch) {
        if (r.units === null) continue; // a product/category filter: none of its lines in this order
        const revenue = money(r.revenue!);
        const refunded = r.refunded === null ? 0 : money(r.refunded);
        const units = Number(r.units);
        t.units += units;
        t.revenue += revenue;
        t.refunded += refunded;
        yield [
          r.number,
          `${r.local}${offset(r.offset_minutes)}`,
          r.status,
          units,
          ...this.amount(revenue),
          ...this.amount(refunded),
          this.config.currency,
        ];
      }
      if (batch.length < BATCH) break;
      const last: OrderRow = batch[batch.length - 1];
      cursor = [last.cursor, last.order_id];
    }
    yield [
      'TOTAL',
      '',
      '',
      t.units,
      ...this.amount(t.revenue),
      ...this.amount(t.refunded),
      this.config.currency,
    ];
  }
}
