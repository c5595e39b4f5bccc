import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { money, query } from '../common/raw-rows';
import { cover } from './analytics-period';
import { Instants } from './analytics-query.service';
import { AnalyticsScope, productRows, totalsRows } from './analytics-scope';
import { coveredRows, coveredViewRows, Params } from './analytics-sql';
import { TopBy } from './dto/analytics-query.dto';
import { CategoryFiguresDto, ConversionDto, TopProductDto } from './dto/analytics-responses.dto';

type Num = string | number | null;
const n = (v: Num): number => (v === null ? 0 : money(v));
const rate = (orders: number, views: number): number | null =>
  views ? Math.round((orders / views) * 10_000) / 10_000 : null;

/**
 * A product is listed when it has a counter in the period: cover() subtracts the rows of days
 * outside the period from a month's, which can net a product's sums to zero.
 */
const ANY_SALE =
  'HAVING sum(revenue) <> 0 OR sum(units) <> 0 OR sum(orders) <> 0 OR sum(refunds) <> 0 OR sum(refund_amount) <> 0';

/** What per-product reads need: the covering IDX_analytics_sales_*_bucket indexes hold exactly these. */
const PRODUCT_COLUMNS = 'product_id, revenue, units, orders, refunds, refund_amount';

const ORDER_BY: Record<TopBy, string> = {
  revenue: 'revenue DESC, units DESC',
  units: 'units DESC, revenue DESC',
  views: 'views DESC, revenue DESC',
};

/** Per-product figures: top products, one product, categories, and the views behind conversion. */
@Injectable()
export class AnalyticsProductsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Products of the scope with their sums; `limit` null: all of them (the CSV). */
  async products(
    scope: AnalyticsScope,
    i: Instants,
    by: TopBy,
    limit: number | null,
  ): Promise<TopProductDto[]> {
    const params = new Params();
    const rows = productRows(scope);
    const source = coveredRows(rows, cover(i.a, i.b), params, 'analytics_sales', PRODUCT_COLUMNS);
    const views = coveredViewRows(rows, cover(i.a, i.b), params);
    const sql = `
      WITH s AS (
        SELECT product_id, sum(revenue) AS revenue, sum(units) AS units, sum(orders) AS orders, sum(refund_amount) AS refund_amount
          FROM (${source}) x GROUP BY product_id ${ANY_SALE}),
      v AS (SELECT product_id, sum(views) AS views FROM (${views}) y GROUP BY product_id HAVING sum(views) <> 0),
      j AS (
        SELECT coalesce(s.product_id, v.product_id) AS product_id, coalesce(s.revenue, 0) AS revenue, coalesce(s.units, 0) AS units,
               coalesce(s.orders, 0) AS orders, coalesce(s.refund_amount, 0) AS refund_amount, coalesce(v.views, 0) AS views
          FROM s FULL JOIN v ON v.product_id = s.product_id)
      SELECT j.*, p.name, p.slug FROM j JOIN product p ON p.id = j.product_id
       ORDER BY ${ORDER_BY[by]}, j.product_id
       ${limit === null ? '' : `LIMIT ${params.add(limit)}`}`;
    const out = await query<Record<string, Num> & { product_id: string; name: string; slug: string }>(
      sql,
      params.values,
      this.dataSource,
    );
    return out.map((r) => {
      const orders = n(r.orders);
      const views = n(r.views);
      return {
        productId: r.product_id,
        name: r.name,
        slug: r.slug,
        revenue: n(r.revenue),
        units: n(r.units),
        orders,
        refundAmount: n(r.refund_amount),
        views,
        conversion: rate(orders, views),
      };
    });
  }

  /** Views of every product in scope over the period, against `orders` (the scope's order count). */
  async overall(scope: AnalyticsScope, i: Instants, orders: number): Promise<ConversionDto> {
    const params = new Params();
    const [r] = await query<{ views: Num }>(
      `SELECT sum(views) AS views FROM (${coveredViewRows(totalsRows(scope), cover(i.a, i.b), params)}) x`,
      params.values,
      this.dataSource,
    );
    const views = n(r.views);
    return { views, orders, conversion: rate(orders, views) };
  }

  /** Revenue and units per category (or per root category, subcategories rolled up). */
  async categories(scope: AnalyticsScope, i: Instants, roots: boolean): Promise<CategoryFiguresDto[]> {
    const params = new Params();
    const source = coveredRows(
      productRows(scope),
      cover(i.a, i.b),
      params,
      'analytics_sales',
      PRODUCT_COLUMNS,
    );
    const sql = `
      WITH RECURSIVE root AS (
        SELECT id, id AS root_id FROM category WHERE parent_id IS NULL
        UNION ALL SELECT c.id, r.root_id FROM category c JOIN root r ON c.parent_id = r.id),
      s AS (SELECT product_id, sum(revenue) AS revenue, sum(units) AS units FROM (${source}) x GROUP BY product_id ${ANY_SALE}),
      c AS (
        SELECT ${roots ? 'coalesce(root.root_id, p.category_id)' : 'p.category_id'} AS category_id,
               sum(s.revenue) AS revenue, sum(s.units) AS units
          FROM s JOIN product p ON p.id = s.product_id ${roots ? 'LEFT JOIN root ON root.id = p.category_id' : ''}
         GROUP BY 1)
      SELECT c.category_id, cat.name, c.revenue, c.units FROM c JOIN category cat ON cat.id = c.category_id
       ORDER BY c.revenue DESC, c.category_id`;
    const out = await query<{ category_id: string; name: string; revenue: Num; units: Num }>(
      sql,
      params.values,
      this.dataSource,
    );
    return out.map((r) => ({
      categoryId: r.category_id,
      name: r.name,
      revenue: n(r.revenue),
      units: n(r.units),
    }));
  }
}
