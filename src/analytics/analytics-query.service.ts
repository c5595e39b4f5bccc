import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationFailedError } from '../common/errors/validation-error';
import { money, query } from '../common/raw-rows';
import { AppConfig } from '../config/app-config';
import { cover, Interval, LocalPeriod, parsePeriod } from './analytics-period';
import { AnalyticsScope, narrowed, totalsRows } from './analytics-scope';
import {
  COUNTED,
  coveredRows,
  distinctCustomersSql,
  NIL,
  Params,
  RowScope,
  scopeWhere,
  STEP,
} from './analytics-sql';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { SalesBucketDto, SummaryFiguresDto } from './dto/analytics-responses.dto';

/** A local period as UTC instants [a, b), with the database's now() as asOf. */
export interface Instants {
  a: Date;
  b: Date;
  asOf: Date;
}

type Num = string | number | null;
const n = (v: Num): number => (v === null ? 0 : money(v));

/**
 * The sums analytics answers with, read from the rollups (analytics_sales_*). One statement per
 * figure set; ranges read whole months/days where they can (cover()), series read 15-minute slots
 * bucketed in the caller's zone by PostgreSQL (`AT TIME ZONE`), so DST days have 23 or 25 hours.
 */
@Injectable()
export class AnalyticsQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  period(q: AnalyticsQueryDto): LocalPeriod {
    return parsePeriod(q.from, q.to, q.tz, this.config.storeTimezone);
  }

  /** Local midnights of `from` and the day after `to`, as instants (PostgreSQL's zone rules). */
  async instants(p: LocalPeriod): Promise<Instants> {
    try {
      const [row] = await query<{ a: Date; b: Date; as_of: Date }>(
        `SELECT ($1::date::timestamp AT TIME ZONE $3) AS a, (($2::date + 1)::timestamp AT TIME ZONE $3) AS b, now() AS as_of`,
        [p.from, p.to, p.tz],
        this.dataSource,
      );
      return { a: row.a, b: row.b, asOf: row.as_of };
    } catch (err) {
      // A zone Intl knows but this PostgreSQL does not (older tzdata): still the caller's 400.
      if ((err as { code?: string }).code === '22023')
        throw new ValidationFailedError([
          { field: 'tz', messages: ['tz is not a time zone this server knows'] },
        ]);
      throw err;
    }
  }

  /** Revenue, orders, units, refunds, new customers and shipping of [a, b). */
  async figures(scope: AnalyticsScope, i: Instants): Promise<SummaryFiguresDto> {
    const p = new Params();
    const rows = totalsRows(scope);
    const c = cover(i.a, i.b);
    // Distinct customers (for returning = distinct - new) in the same statement: one round trip.
    const customers = narrowed(scope) ? 'NULL' : `(${distinctCustomersSql(scope.sellerId, i.a, c, p)})`;
    const sql = `SELECT sum(revenue) AS revenue, sum(units) AS units, sum(orders) AS orders, sum(shipping) AS shipping,
                        sum(new_customers) AS new_customers, sum(refunds) AS refunds, sum(refund_amount) AS refund_amount,
                        ${customers} AS customers
                   FROM (${coveredRows(rows, c, p)}) x`;
    const [r] = await query<Record<string, Num>>(sql, p.values, this.dataSource);
    let orders = n(r.orders);
    let refunds = n(r.refunds);
    let newCustomers: number | null = null;
    let returningCustomers: number | null = null;
    if (scope.categoryProductIds) [orders, refunds] = await this.categoryCounts(scope, i);
    if (!narrowed(scope)) {
      newCustomers = n(r.new_customers);
      returningCustomers = Number(r.customers) - newCustomers;
    }
    const revenue = n(r.revenue);
    const refundAmount = n(r.refund_amount);
    return {
      revenue,
      orders,
      units: n(r.units),
      averageOrderValue: orders ? Math.round(revenue / orders) : 0,
      refunds,
      refundAmount,
      netRevenue: revenue - refundAmount,
      newCustomers,
      returningCustomers,
      shipping: scope.staff && scope.sellerId === NIL && !narrowed(scope) ? n(r.shipping) : null,
    };
  }

  /**
   * Orders and refunds under a category filter, counted directly: per-product rows would count an
   * order (or a refund) with two products of the category twice.
   */
  private async categoryCounts(
    scope: AnalyticsScope,
    i: Instants,
    bucket?: BucketBy,
  ): Promise<[number, number]> {
    const map = await this.categoryCountsBy(scope, i, bucket);
    const all = [...map.values()].reduce((s, v) => [s[0] + v[0], s[1] + v[1]], [0, 0]);
    return [all[0], all[1]];
  }

  private async categoryCountsBy(
    scope: AnalyticsScope,
    i: Instants,
    bucket?: BucketBy,
  ): Promise<Map<string, [number, number]>> {
    const ids = scope.categoryProductIds ?? [];
    const key = (col: string) =>
      bucket ? `to_char(date_trunc('${bucket.interval}', ${col} AT TIME ZONE $5), 'YYYY-MM-DD')` : `''`;
    const params = [ids, scope.sellerId, i.a, i.b, ...(bucket ? [bucket.tz] : [])];
    const orders = await query<{ k: string; c: string }>(
      `SELECT ${key('o.paid_at')} AS k, count(DISTINCT ol.order_id) AS c
         FROM order_line ol JOIN "order" o ON o.id = ol.order_id
        WHERE ol.product_id = ANY($1::uuid[]) AND ($2::uuid = '${NIL}' OR ol.seller_id = $2::uuid)
          AND o.paid_at >= $3 AND o.paid_at < $4 AND o.status IN ${COUNTED}
        GROUP BY 1`,
      params,
      this.dataSource,
    );
    const refunds = await query<{ k: string; c: string }>(
      `SELECT ${key('at')} AS k, count(DISTINCT refund_id) AS c FROM analytics_refund_product
        WHERE product_id = ANY($1::uuid[]) AND ($2::uuid = '${NIL}' OR seller_id = $2::uuid) AND at >= $3 AND at < $4
        GROUP BY 1`,
      params,
      this.dataSource,
    );
    const map = new Map<string, [number, number]>();
    for (const r of orders) map.set(r.k, [Number(r.c), 0]);
    for (const r of refunds) map.set(r.k, [map.get(r.k)?.[0] ?? 0, Number(r.c)]);
    return map;
  }

  /** Every bucket of the period (zero ones too), from the 15-minute slots, bucketed in tz. */
  async series(
    scope: AnalyticsScope,
    p: LocalPeriod,
    i: Instants,
    interval: Interval,
  ): Promise<SalesBucketDto[]> {
    return this.seriesOf(totalsRows(scope), scope, p, i, interval);
  }

  async seriesOf(
    rows: RowScope,
    scope: AnalyticsScope,
    p: LocalPeriod,
    i: Instants,
    interval: Interval,
  ): Promise<SalesBucketDto[]> {
    const params = new Params();
    const tz = params.add(p.tz);
    const unit = `'${interval}'`;
    const where = scopeWhere(rows, params);
    const step = `interval '${STEP[interval]}'`;
    const key = (col: string) => `date_trunc(${unit}, ${col} AT TIME ZONE ${tz})::date`;
    const DAY = 86_400_000;
    const d1 = Math.ceil(i.a.getTime() / DAY) * DAY;
    const d2 = Math.floor(i.b.getTime() / DAY) * DAY;
    // Whole UTC days inside [a, b) read their day row, given to the local bucket of the day's noon;
    // the parts of such a day in another local bucket ("windows", at most half a day) move their
    // slots from that bucket to their own. The partial UTC days at the ends read slots only.
    const [w1, w2] = d1 < d2 ? [new Date(d1), new Date(d2 - DAY)] : [null, null];
    const edges: [Date, Date][] =
      d1 < d2
        ? [
            [i.a, new Date(d1)],
            [new Date(d2), i.b],
          ]
        : [[i.a, i.b]];
    const edgeWhere = edges
      .filter(([lo, hi]) => lo < hi)
      .map(([lo, hi]) => `(bucket >= ${params.add(lo)} AND bucket < ${params.add(hi)})`)
      .join(' OR ');
    const C = 'revenue, units, orders, refunds, refund_amount';
    const S = 'x.revenue, x.units, x.orders, x.refunds, x.refund_amount';
    const N = '-x.revenue, -x.units, -x.orders, -x.refunds, -x.refund_amount';
    const sql = `
      WITH days AS (
        SELECT d, ${key(`(d + interval '12 hours')`)} AS k,
               (date_trunc(${unit}, (d + interval '12 hours') AT TIME ZONE ${tz}) AT TIME ZONE ${tz}) AS lo,
               ((date_trunc(${unit}, (d + interval '12 hours') AT TIME ZONE ${tz}) + ${step}) AT TIME ZONE ${tz}) AS hi
          FROM generate_series(${params.add(w1, '::timestamptz')}, ${params.add(w2, '::timestamptz')}, interval '24 hours') AS d),
      win AS (
        SELECT days.k, w.lo, w.hi FROM days,
               LATERAL (VALUES (days.d, least(days.lo, days.d + interval '24 hours')),
                               (greatest(days.hi, days.d), days.d + interval '24 hours')) AS w(lo, hi)
         WHERE w.lo < w.hi),
      -- Per window an index range of the slots (OFFSET 0 keeps the subquery per window: a plain
      -- join scanned every slot of the scope against every window).
      ws AS MATERIALIZED (
        SELECT win.k AS main, x.* FROM win, LATERAL (
          SELECT bucket, ${C} FROM analytics_sales_slot
           WHERE ${where} AND bucket >= win.lo AND bucket < win.hi OFFSET 0) x),
      r AS (
        SELECT days.k, ${S} FROM days JOIN analytics_sales_day x ON x.bucket = days.d AND ${scoped(where, 'x')}
        UNION ALL
        SELECT ${key('x.bucket')}, ${S} FROM ws x
        UNION ALL
        SELECT x.main, ${N} FROM ws x
        ${edgeWhere ? `UNION ALL SELECT ${key('bucket')}, ${C} FROM analytics_sales_slot WHERE ${where} AND (${edgeWhere})` : ''}),
      s AS (
        SELECT k, sum(revenue) AS revenue, sum(units) AS units, sum(orders) AS orders, sum(refunds) AS refunds,
               sum(refund_amount) AS refund_amount
          FROM r GROUP BY 1),
      g AS (
        SELECT k::date AS k, (k + interval '${STEP[interval]}')::date - 1 AS last
          FROM generate_series(date_trunc(${unit}, ${params.add(p.from)}::date::timestamp), ${params.add(p.to)}::date::timestamp,
                               interval '${STEP[interval]}') AS k)
      SELECT to_char(greatest(g.k, ${params.add(p.from)}::date), 'YYYY-MM-DD') AS start,
             to_char(least(g.last, ${params.add(p.to)}::date), 'YYYY-MM-DD') AS "end",
             to_char(g.k, 'YYYY-MM-DD') AS k, s.revenue, s.units, s.orders, s.refunds, s.refund_amount
        FROM g LEFT JOIN s ON s.k = g.k ORDER BY g.k`;
    const out = await query<Record<string, Num> & { start: string; end: string; k: string }>(
      sql,
      params.values,
      this.dataSource,
    );
    const counts =
      scope.categoryProductIds && !scope.product
        ? await this.categoryCountsBy(scope, i, { interval, tz: p.tz })
        : null;
    return out.map((r) => {
      const revenue = n(r.revenue);
      const refundAmount = n(r.refund_amount);
      const c = counts?.get(r.k);
      return {
        start: r.start,
        end: r.end,
        revenue,
        netRevenue: revenue - refundAmount,
        orders: counts ? (c?.[0] ?? 0) : n(r.orders),
        units: n(r.units),
        refunds: counts ? (c?.[1] ?? 0) : n(r.refunds),
        refundAmount,
      };
    });
  }
}

/** A scope condition (columns unqualified) on the rows of alias `t`. */
function scoped(where: string, t: string): string {
  return where.replace(/\b(seller_id|product_id)\b/g, `${t}.$1`);
}

interface BucketBy {
  interval: Interval;
  tz: string;
}
