import { MigrationInterface, QueryRunner } from 'typeorm';

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const COUNTED = `('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')`;
const GRAIN_BUCKET: Record<string, string> = {
  slot: `date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00')`,
  day: `date_trunc('day', at, 'UTC')`,
  month: `date_trunc('month', at, 'UTC')`,
};

/**
 * Issue 11's speed bar (README "Analytics" explains the design; bench/plans-analytics.md the plans
 * that motivated it). Two structures, both kept in the transaction that changes the facts:
 *
 * 1. Distinct customers of a period without a distinct count. A customer is in [a, b) exactly when
 *    one of its orders in [a, b) has its previous order (same seller level) before a, or none. So
 *    each fact row gets `prev_at` (its customer's previous counted order, ordered by
 *    (paid_at, order_id)), and `analytics_order_gap_{day,month}` count orders per (seller level,
 *    UTC day or month of paid_at, UTC month of prev_at; '-infinity' for a first order). A period
 *    reads the gap rows of its whole UTC days/months whose prev month is before a's UTC month, and
 *    counts directly only the orders whose previous order falls in a's own month before a and the
 *    orders of the partial days at the ends — a few thousand index entries instead of a
 *    150,000-row count(DISTINCT).
 *
 * 2. Product views in the same three grains and levels as the sales counters
 *    (`analytics_view_{slot,day,month}`), so views over a local-time period are exact in every
 *    zone (they were per UTC day) and an overall view count reads one level's rows. Kept apart
 *    from analytics_sales_*: analytics_rebuild() recomputes those from order lines, views have no
 *    source to be recomputed from. The old per-UTC-day rows move to the slot of their day's UTC
 *    midnight (all the day's views were only known to that day).
 */
export class AnalyticsSpeed1796210000000 implements MigrationInterface {
  name = 'AnalyticsSpeed1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL check_function_bodies = off`);
    await queryRunner.query(`ALTER TABLE "analytics_order_fact" ADD "prev_at" TIMESTAMP WITH TIME ZONE`);
    // A customer's neighbouring orders (the paid hook's prev/next lookups).
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_order_fact_customer" ON "analytics_order_fact" ("seller_id", "user_id", "paid_at", "order_id")`,
    );
    // Orders of a range with their previous order (the partial days at a period's ends), index only.
    await queryRunner.query(`DROP INDEX "IDX_analytics_order_fact_paid"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_order_fact_paid" ON "analytics_order_fact" ("seller_id", "paid_at", "order_id") INCLUDE ("user_id", "prev_at")`,
    );
    // Orders whose previous order lies in a period's first month before its start.
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_order_fact_prev" ON "analytics_order_fact" ("seller_id", "prev_at") INCLUDE ("paid_at") WHERE prev_at IS NOT NULL`,
    );
    for (const grain of ['day', 'month'])
      await queryRunner.query(
        `CREATE TABLE "analytics_order_gap_${grain}" ("seller_id" uuid NOT NULL, "bucket" TIMESTAMP WITH TIME ZONE NOT NULL,
           "prev_month" TIMESTAMP WITH TIME ZONE NOT NULL, "orders" integer NOT NULL,
           CONSTRAINT "PK_analytics_order_gap_${grain}" PRIMARY KEY ("seller_id", "bucket", "prev_month"))`,
      );
    for (const grain of ['slot', 'day', 'month']) {
      await queryRunner.query(
        `CREATE TABLE "analytics_view_${grain}" ("seller_id" uuid NOT NULL, "product_id" uuid NOT NULL,
           "bucket" TIMESTAMP WITH TIME ZONE NOT NULL, "views" bigint NOT NULL,
           CONSTRAINT "PK_analytics_view_${grain}" PRIMARY KEY ("seller_id", "product_id", "bucket"))`,
      );
      // Staff's top products by views: every product's rows of a range (index only).
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_view_${grain}_bucket" ON "analytics_view_${grain}" ("bucket") INCLUDE ("product_id", "views") WHERE product_id <> ${NIL}`,
      );
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_view_${grain}_seller_bucket" ON "analytics_view_${grain}" ("seller_id", "bucket") INCLUDE ("product_id", "views")`,
      );
    }
    // The per-product sales rows of a range for top products and categories, index only.
    for (const grain of ['slot', 'day', 'month']) {
      await queryRunner.query(`DROP INDEX "IDX_analytics_sales_${grain}_bucket"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_sales_${grain}_bucket" ON "analytics_sales_${grain}" ("bucket")
           INCLUDE ("product_id", "revenue", "units", "orders", "refunds", "refund_amount") WHERE product_id <> ${NIL}`,
      );
    }

    // One flush of an instance's counted views, all counted in the 15-minute slot of `at`.
    await queryRunner.query(`CREATE FUNCTION analytics_add_views(at timestamptz, ids uuid[], n bigint[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${['slot', 'day', 'month']
          .map(
            (grain) => `
        WITH b AS (SELECT p.seller_id, p.id AS product_id, sum(t.n)::bigint AS views FROM unnest(ids, n) AS t(id, n)
                     JOIN product p ON p.id = t.id GROUP BY 1, 2),
             d AS (SELECT * FROM b UNION ALL SELECT seller_id, ${NIL}, sum(views)::bigint FROM b GROUP BY 1
                   UNION ALL SELECT ${NIL}, ${NIL}, sum(views)::bigint FROM b HAVING count(*) > 0)
        INSERT INTO analytics_view_${grain} AS v (seller_id, product_id, bucket, views)
        SELECT seller_id, product_id, ${GRAIN_BUCKET[grain]}, views FROM d ORDER BY 1, 2
        ON CONFLICT (seller_id, product_id, bucket) DO UPDATE SET views = v.views + excluded.views;`,
          )
          .join('')}
      END $$`);
    // Existing per-UTC-day views: at their day's UTC midnight in every grain and level.
    for (const [grain, bucket] of [
      ['slot', `pv.day::timestamp AT TIME ZONE 'UTC'`],
      ['day', `pv.day::timestamp AT TIME ZONE 'UTC'`],
      ['month', `date_trunc('month', pv.day::timestamp) AT TIME ZONE 'UTC'`],
    ])
      await queryRunner.query(
        `INSERT INTO analytics_view_${grain} (seller_id, product_id, bucket, views)
         SELECT p.seller_id, p.id, ${bucket}, sum(pv.views) FROM analytics_product_view pv JOIN product p ON p.id = pv.product_id GROUP BY 1, 2, 3
         UNION ALL
         SELECT p.seller_id, ${NIL}, ${bucket}, sum(pv.views) FROM analytics_product_view pv JOIN product p ON p.id = pv.product_id GROUP BY 1, 3
         UNION ALL
         SELECT ${NIL}, ${NIL}, ${bucket}, sum(pv.views) FROM analytics_product_view pv JOIN product p ON p.id = pv.product_id GROUP BY 3`,
      );
    await queryRunner.query(`DROP TABLE "analytics_product_view"`);

    await queryRunner.query(APPLY_ORDERS);
    await queryRunner.query(REBUILD);
    // Fill prev_at and the gap rows for the data already there (the rebuild's own statements).
    await queryRunner.query(
      `UPDATE analytics_order_fact f SET prev_at = x.prev_at
         FROM (SELECT seller_id, order_id, lag(paid_at) OVER (PARTITION BY seller_id, user_id ORDER BY paid_at, order_id) AS prev_at
                 FROM analytics_order_fact) x
        WHERE x.seller_id = f.seller_id AND x.order_id = f.order_id AND x.prev_at IS NOT NULL`,
    );
    await queryRunner.query(GAP_FILL);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL check_function_bodies = off`);
    await queryRunner.query(OLD_APPLY_ORDERS);
    await queryRunner.query(OLD_REBUILD);
    await queryRunner.query(
      `CREATE TABLE "analytics_product_view" ("product_id" uuid NOT NULL, "day" date NOT NULL, "views" bigint NOT NULL,
         CONSTRAINT "PK_analytics_product_view" PRIMARY KEY ("product_id", "day"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_product_view_day" ON "analytics_product_view" ("day")`,
    );
    await queryRunner.query(
      `INSERT INTO analytics_product_view (product_id, day, views)
       SELECT product_id, (bucket AT TIME ZONE 'UTC')::date, views FROM analytics_view_day WHERE product_id <> ${NIL}`,
    );
    await queryRunner.query(`DROP FUNCTION analytics_add_views(timestamptz, uuid[], bigint[])`);
    for (const grain of ['slot', 'day', 'month']) {
      await queryRunner.query(`DROP TABLE "analytics_view_${grain}"`);
      await queryRunner.query(`DROP INDEX "IDX_analytics_sales_${grain}_bucket"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_sales_${grain}_bucket" ON "analytics_sales_${grain}" ("bucket") WHERE product_id <> ${NIL}`,
      );
    }
    await queryRunner.query(`DROP TABLE "analytics_order_gap_month"`);
    await queryRunner.query(`DROP TABLE "analytics_order_gap_day"`);
    await queryRunner.query(`DROP INDEX "IDX_analytics_order_fact_prev"`);
    await queryRunner.query(`DROP INDEX "IDX_analytics_order_fact_customer"`);
    await queryRunner.query(`DROP INDEX "IDX_analytics_order_fact_paid"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_order_fact_paid" ON "analytics_order_fact" ("seller_id", "paid_at", "order_id") INCLUDE ("user_id")`,
    );
    await queryRunner.query(`ALTER TABLE "analytics_order_fact" DROP COLUMN "prev_at"`);
  }
}

/** The gap rows from the fact rows (rebuild and this migration). */
const GAP_FILL = ['day', 'month']
  .map(
    (grain) => `INSERT INTO analytics_order_gap_${grain} (seller_id, bucket, prev_month, orders)
      SELECT seller_id, date_trunc('${grain}', paid_at, 'UTC'), coalesce(date_trunc('month', prev_at, 'UTC'), '-infinity'), count(*)
        FROM analytics_order_fact GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;`,
  )
  .join('\n');

const BUMP_GAPS = ['day', 'month']
  .map(
    (grain) => `INSERT INTO analytics_order_gap_${grain} AS g (seller_id, bucket, prev_month, orders)
          SELECT s, date_trunc('${grain}', t, 'UTC'), coalesce(date_trunc('month', pm, 'UTC'), '-infinity'), sum(k)
            FROM unnest(gs, gt, gp, gk) AS x(s, t, pm, k) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
          ON CONFLICT (seller_id, bucket, prev_month) DO UPDATE SET orders = g.orders + excluded.orders;`,
  )
  .join('\n');

/**
 * The order-paid hook: facts, first-order customers, each new fact's previous order (and the next
 * order's, when a payment commits with a paid_at before the customer's later orders), the gap
 * counts, then the counters. Idempotent per order: the overall fact row is the marker.
 */
const APPLY_ORDERS = `CREATE OR REPLACE FUNCTION analytics_apply_orders(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    fresh uuid[];
    c record;
    ex record;
    pv timestamptz;
    nx record;
    d analytics_delta[];
    gs uuid[] := '{}';
    gt timestamptz[] := '{}';
    gp timestamptz[] := '{}';
    gk integer[] := '{}';
  BEGIN
    WITH ins AS (
      INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
      SELECT ${NIL}, o.id, o.user_id, o.paid_at FROM "order" o
       WHERE o.id = ANY(ids) AND o.paid_at IS NOT NULL AND o.status IN ${COUNTED}
      ON CONFLICT DO NOTHING RETURNING order_id)
    SELECT array_agg(order_id) INTO fresh FROM ins;
    IF fresh IS NULL THEN RETURN; END IF;
    INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
    SELECT DISTINCT ol.seller_id, o.id, o.user_id, o.paid_at FROM "order" o JOIN order_line ol ON ol.order_id = o.id
     WHERE o.id = ANY(fresh) ON CONFLICT DO NOTHING;
    d := ARRAY(SELECT x FROM analytics_order_deltas(fresh) x);
    FOR c IN SELECT f.seller_id, f.user_id, f.paid_at, f.order_id FROM analytics_order_fact f
              WHERE f.order_id = ANY(fresh) ORDER BY f.seller_id, f.user_id, f.paid_at, f.order_id LOOP
      INSERT INTO analytics_customer (seller_id, user_id, first_at, first_order_id)
      VALUES (c.seller_id, c.user_id, c.paid_at, c.order_id) ON CONFLICT DO NOTHING;
      IF FOUND THEN
        d := d || ROW(c.seller_id, ${NIL}, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
      ELSE
        SELECT * INTO ex FROM analytics_customer WHERE seller_id = c.seller_id AND user_id = c.user_id FOR UPDATE;
        IF (c.paid_at, c.order_id) < (ex.first_at, ex.first_order_id) THEN
          UPDATE analytics_customer SET first_at = c.paid_at, first_order_id = c.order_id
           WHERE seller_id = c.seller_id AND user_id = c.user_id;
          d := d || ROW(c.seller_id, ${NIL}, ex.first_at, 0, 0, 0, 0, -1, 0, 0, 0)::analytics_delta
                 || ROW(c.seller_id, ${NIL}, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
        END IF;
      END IF;
      -- Its previous order among all of the customer's facts (fresh ones included: they are all in).
      pv := (SELECT f.paid_at FROM analytics_order_fact f
              WHERE f.seller_id = c.seller_id AND f.user_id = c.user_id AND (f.paid_at, f.order_id) < (c.paid_at, c.order_id)
              ORDER BY f.paid_at DESC, f.order_id DESC LIMIT 1);
      UPDATE analytics_order_fact SET prev_at = pv WHERE seller_id = c.seller_id AND order_id = c.order_id;
      gs := gs || c.seller_id; gt := gt || c.paid_at; gp := gp || pv; gk := gk || 1;
      -- An older order paid late: the customer's next (already counted) order now follows it.
      -- A fresh next order gets its own prev in its turn, so only a counted one moves here.
      SELECT f.order_id, f.paid_at, f.prev_at INTO nx FROM analytics_order_fact f
       WHERE f.seller_id = c.seller_id AND f.user_id = c.user_id AND (f.paid_at, f.order_id) > (c.paid_at, c.order_id)
       ORDER BY f.paid_at, f.order_id LIMIT 1;
      IF FOUND AND NOT nx.order_id = ANY(fresh) THEN
        UPDATE analytics_order_fact SET prev_at = c.paid_at WHERE seller_id = c.seller_id AND order_id = nx.order_id;
        gs := gs || c.seller_id || c.seller_id; gt := gt || nx.paid_at || nx.paid_at;
        gp := gp || nx.prev_at || c.paid_at; gk := gk || -1 || 1;
      END IF;
    END LOOP;
    ${BUMP_GAPS}
    PERFORM analytics_bump(d);
  END $$`;

/**
 * Everything again from the order lines, in one transaction (views are not touched: they have no
 * other source). The EXCLUSIVE locks let readers on and make concurrent payments/refunds wait.
 */
const REBUILD = `CREATE OR REPLACE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    LOCK TABLE analytics_sales_slot, analytics_sales_day, analytics_sales_month, analytics_order_fact,
               analytics_customer, analytics_refund_product, analytics_order_gap_day, analytics_order_gap_month IN EXCLUSIVE MODE;
    DELETE FROM analytics_sales_slot; DELETE FROM analytics_sales_day; DELETE FROM analytics_sales_month;
    DELETE FROM analytics_order_fact; DELETE FROM analytics_customer; DELETE FROM analytics_refund_product;
    DELETE FROM analytics_order_gap_day; DELETE FROM analytics_order_gap_month;
    -- Whole-table statements, no id arrays: "= ANY" of a 300,000-element parameter is a linear scan per row.
    INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at, prev_at)
    SELECT seller_id, order_id, user_id, paid_at, lag(paid_at) OVER (PARTITION BY seller_id, user_id ORDER BY paid_at, order_id)
      FROM (SELECT ${NIL} AS seller_id, o.id AS order_id, o.user_id, o.paid_at FROM "order" o
             WHERE o.paid_at IS NOT NULL AND o.status IN ${COUNTED}
            UNION ALL
            SELECT DISTINCT ol.seller_id, o.id, o.user_id, o.paid_at FROM "order" o JOIN order_line ol ON ol.order_id = o.id
             WHERE o.paid_at IS NOT NULL AND o.status IN ${COUNTED}) f;
    INSERT INTO analytics_customer (seller_id, user_id, first_at, first_order_id)
    SELECT seller_id, user_id, paid_at, order_id FROM analytics_order_fact WHERE prev_at IS NULL
     ORDER BY seller_id, user_id;
    ${GAP_FILL}
    INSERT INTO analytics_refund_product SELECT * FROM analytics_refund_shares(ARRAY(SELECT id FROM refund WHERE status = 'succeeded'));
    CREATE TEMP TABLE analytics_rebuild_delta ON COMMIT DROP AS
      SELECT seller_id, product_id, at, revenue, units, orders, shipping, 0 AS new_customers, 0 AS refunds,
             0::bigint AS refund_amount, 0::bigint AS refund_units FROM analytics_order_delta_v
      UNION ALL SELECT seller_id, product_id, at, 0, 0, 0, 0, 0, 1, amount, units FROM analytics_refund_delta_v
      UNION ALL SELECT seller_id, ${NIL}, first_at, 0, 0, 0, 0, 1, 0, 0, 0 FROM analytics_customer;
    -- ORDER BY: a scope's rows of a period land on neighbouring pages.
    INSERT INTO analytics_sales_slot SELECT seller_id, product_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    INSERT INTO analytics_sales_day SELECT seller_id, product_id, date_trunc('day', at, 'UTC'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    INSERT INTO analytics_sales_month SELECT seller_id, product_id, date_trunc('month', at, 'UTC'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    DROP TABLE analytics_rebuild_delta;
  END $$`;

/** The bodies of 1796170000000-AnalyticsRollups, for down(). */
const OLD_APPLY_ORDERS = `CREATE OR REPLACE FUNCTION analytics_apply_orders(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    fresh uuid[];
    c record;
    ex record;
    d analytics_delta[];
  BEGIN
    WITH ins AS (
      INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
      SELECT ${NIL}, o.id, o.user_id, o.paid_at FROM "order" o
       WHERE o.id = ANY(ids) AND o.paid_at IS NOT NULL AND o.status IN ${COUNTED}
      ON CONFLICT DO NOTHING RETURNING order_id)
    SELECT array_agg(order_id) INTO fresh FROM ins;
    IF fresh IS NULL THEN RETURN; END IF;
    INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
    SELECT DISTINCT ol.seller_id, o.id, o.user_id, o.paid_at FROM "order" o JOIN order_line ol ON ol.order_id = o.id
     WHERE o.id = ANY(fresh) ON CONFLICT DO NOTHING;
    d := ARRAY(SELECT x FROM analytics_order_deltas(fresh) x);
    FOR c IN SELECT f.seller_id, f.user_id, f.paid_at, f.order_id FROM analytics_order_fact f
              WHERE f.order_id = ANY(fresh) ORDER BY f.seller_id, f.user_id, f.paid_at, f.order_id LOOP
      INSERT INTO analytics_customer (seller_id, user_id, first_at, first_order_id)
      VALUES (c.seller_id, c.user_id, c.paid_at, c.order_id) ON CONFLICT DO NOTHING;
      IF FOUND THEN
        d := d || ROW(c.seller_id, ${NIL}, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
      ELSE
        SELECT * INTO ex FROM analytics_customer WHERE seller_id = c.seller_id AND user_id = c.user_id FOR UPDATE;
        IF (c.paid_at, c.order_id) < (ex.first_at, ex.first_order_id) THEN
          UPDATE analytics_customer SET first_at = c.paid_at, first_order_id = c.order_id
           WHERE seller_id = c.seller_id AND user_id = c.user_id;
          d := d || ROW(c.seller_id, ${NIL}, ex.first_at, 0, 0, 0, 0, -1, 0, 0, 0)::analytics_delta
                 || ROW(c.seller_id, ${NIL}, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
        END IF;
      END IF;
    END LOOP;
    PERFORM analytics_bump(d);
  END $$`;

const OLD_REBUILD = `CREATE OR REPLACE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    LOCK TABLE analytics_sales_slot, analytics_sales_day, analytics_sales_month, analytics_order_fact,
               analytics_customer, analytics_refund_product IN EXCLUSIVE MODE;
    DELETE FROM analytics_sales_slot; DELETE FROM analytics_sales_day; DELETE FROM analytics_sales_month;
    DELETE FROM analytics_order_fact; DELETE FROM analytics_customer; DELETE FROM analytics_refund_product;
    INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
    SELECT ${NIL}, o.id, o.user_id, o.paid_at FROM "order" o
     WHERE o.paid_at IS NOT NULL AND o.status IN ${COUNTED}
    UNION ALL
    SELECT DISTINCT ol.seller_id, o.id, o.user_id, o.paid_at FROM "order" o JOIN order_line ol ON ol.order_id = o.id
     WHERE o.paid_at IS NOT NULL AND o.status IN ${COUNTED};
    INSERT INTO analytics_customer (seller_id, user_id, first_at, first_order_id)
    SELECT DISTINCT ON (seller_id, user_id) seller_id, user_id, paid_at, order_id FROM analytics_order_fact
     ORDER BY seller_id, user_id, paid_at, order_id;
    INSERT INTO analytics_refund_product SELECT * FROM analytics_refund_shares(ARRAY(SELECT id FROM refund WHERE status = 'succeeded'));
    CREATE TEMP TABLE analytics_rebuild_delta ON COMMIT DROP AS
      SELECT seller_id, product_id, at, revenue, units, orders, shipping, 0 AS new_customers, 0 AS refunds,
             0::bigint AS refund_amount, 0::bigint AS refund_units FROM analytics_order_delta_v
      UNION ALL SELECT seller_id, product_id, at, 0, 0, 0, 0, 0, 1, amount, units FROM analytics_refund_delta_v
      UNION ALL SELECT seller_id, ${NIL}, first_at, 0, 0, 0, 0, 1, 0, 0, 0 FROM analytics_customer;
    INSERT INTO analytics_sales_slot SELECT seller_id, product_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    INSERT INTO analytics_sales_day SELECT seller_id, product_id, date_trunc('day', at, 'UTC'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    INSERT INTO analytics_sales_month SELECT seller_id, product_id, date_trunc('month', at, 'UTC'),
      sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
      FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    DROP TABLE analytics_rebuild_delta;
  END $$`;
