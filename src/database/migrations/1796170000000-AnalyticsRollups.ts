import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seller analytics rollups (README "Analytics" explains the design). Three grains of the same
 * counters — 15-minute UTC slots (every IANA zone's midnight falls on one, so any zone buckets
 * exactly), UTC days and UTC months (long ranges read a few thousand rows instead of a million
 * lines) — at three levels: (seller, product), (seller, all products) and (all sellers, all
 * products), the "all" side being the nil UUID. They are maintained in the transaction that
 * changes the facts: the order-paid transition calls analytics_apply_orders() (an
 * OrderTransitionHook), and a deferred constraint trigger on `refund` applies a succeeded refund at
 * commit, whoever writes it. analytics_rebuild() recomputes everything from order lines.
 * No TypeORM entities: the module reads and writes these tables with its own SQL only.
 */
export class AnalyticsRollups1796170000000 implements MigrationInterface {
  name = 'AnalyticsRollups1796170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The SQL functions name 'partially_refunded', added to the enum by an earlier migration of the
    // same transaction on a fresh database: PostgreSQL refuses to parse that value before commit,
    // so the bodies are checked when first called instead of when created.
    await queryRunner.query(`SET LOCAL check_function_bodies = off`);
    for (const grain of ['slot', 'day', 'month']) {
      await queryRunner.query(
        `CREATE TABLE "analytics_sales_${grain}" (
           "seller_id" uuid NOT NULL, "product_id" uuid NOT NULL, "bucket" TIMESTAMP WITH TIME ZONE NOT NULL,
           "revenue" bigint NOT NULL DEFAULT 0, "units" bigint NOT NULL DEFAULT 0, "orders" integer NOT NULL DEFAULT 0,
           "shipping" bigint NOT NULL DEFAULT 0, "new_customers" integer NOT NULL DEFAULT 0,
           "refunds" integer NOT NULL DEFAULT 0, "refund_amount" bigint NOT NULL DEFAULT 0, "refund_units" bigint NOT NULL DEFAULT 0,
           CONSTRAINT "PK_analytics_sales_${grain}" PRIMARY KEY ("seller_id", "product_id", "bucket"))`,
      );
      // Top products and categories read every product row of a scope in a range.
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_sales_${grain}_seller_bucket" ON "analytics_sales_${grain}" ("seller_id", "bucket")`,
      );
      await queryRunner.query(
        `CREATE INDEX "IDX_analytics_sales_${grain}_bucket" ON "analytics_sales_${grain}" ("bucket") WHERE product_id <> '00000000-0000-0000-0000-000000000000'`,
      );
    }
    // One row per (order, seller) and (order, all): distinct customers of a period, the CSV's order list.
    await queryRunner.query(
      `CREATE TABLE "analytics_order_fact" ("seller_id" uuid NOT NULL, "order_id" uuid NOT NULL, "user_id" uuid NOT NULL,
         "paid_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         CONSTRAINT "PK_analytics_order_fact" PRIMARY KEY ("seller_id", "order_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_order_fact_paid" ON "analytics_order_fact" ("seller_id", "paid_at", "order_id") INCLUDE ("user_id")`,
    );
    // A customer's first counted order per seller (and overall): "new" customers.
    await queryRunner.query(
      `CREATE TABLE "analytics_customer" ("seller_id" uuid NOT NULL, "user_id" uuid NOT NULL,
         "first_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_order_id" uuid NOT NULL,
         CONSTRAINT "PK_analytics_customer" PRIMARY KEY ("seller_id", "user_id"))`,
    );
    // Each succeeded refund's share per product (category filters count refunds exactly from it).
    await queryRunner.query(
      `CREATE TABLE "analytics_refund_product" ("refund_id" uuid NOT NULL, "order_id" uuid NOT NULL, "seller_id" uuid NOT NULL,
         "product_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" bigint NOT NULL, "units" bigint NOT NULL,
         CONSTRAINT "PK_analytics_refund_product" PRIMARY KEY ("refund_id", "seller_id", "product_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_refund_product_order" ON "analytics_refund_product" ("order_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_refund_product_at" ON "analytics_refund_product" ("at")`,
    );
    // Product detail reads, added in batches by each instance's buffer (UTC days).
    await queryRunner.query(
      `CREATE TABLE "analytics_product_view" ("product_id" uuid NOT NULL, "day" date NOT NULL, "views" bigint NOT NULL,
         CONSTRAINT "PK_analytics_product_view" PRIMARY KEY ("product_id", "day"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_analytics_product_view_day" ON "analytics_product_view" ("day")`,
    );

    await queryRunner.query(`CREATE TYPE "analytics_delta" AS (
      seller_id uuid, product_id uuid, at timestamptz, revenue bigint, units bigint, orders integer, shipping bigint,
      new_customers integer, refunds integer, refund_amount bigint, refund_units bigint)`);

    // Adds deltas to the three grains. ORDER BY: concurrent payments lock the shared rows in one order (no deadlock).
    await queryRunner.query(`CREATE FUNCTION analytics_bump(d analytics_delta[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO analytics_sales_slot AS t (seller_id, product_id, bucket, revenue, units, orders, shipping, new_customers, refunds, refund_amount, refund_units)
        SELECT x.seller_id, x.product_id, date_bin('15 minutes', x.at, timestamptz '2000-01-01 00:00:00+00') AS b, sum(x.revenue), sum(x.units), sum(x.orders),
               sum(x.shipping), sum(x.new_customers), sum(x.refunds), sum(x.refund_amount), sum(x.refund_units)
          FROM unnest(d) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (seller_id, product_id, bucket) DO UPDATE SET revenue = t.revenue + excluded.revenue, units = t.units + excluded.units,
           orders = t.orders + excluded.orders, shipping = t.shipping + excluded.shipping, new_customers = t.new_customers + excluded.new_customers,
           refunds = t.refunds + excluded.refunds, refund_amount = t.refund_amount + excluded.refund_amount, refund_units = t.refund_units + excluded.refund_units;
        INSERT INTO analytics_sales_day AS t (seller_id, product_id, bucket, revenue, units, orders, shipping, new_customers, refunds, refund_amount, refund_units)
        SELECT x.seller_id, x.product_id, date_trunc('day', x.at, 'UTC') AS b, sum(x.revenue), sum(x.units), sum(x.orders),
               sum(x.shipping), sum(x.new_customers), sum(x.refunds), sum(x.refund_amount), sum(x.refund_units)
          FROM unnest(d) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (seller_id, product_id, bucket) DO UPDATE SET revenue = t.revenue + excluded.revenue, units = t.units + excluded.units,
           orders = t.orders + excluded.orders, shipping = t.shipping + excluded.shipping, new_customers = t.new_customers + excluded.new_customers,
           refunds = t.refunds + excluded.refunds, refund_amount = t.refund_amount + excluded.refund_amount, refund_units = t.refund_units + excluded.refund_units;
        INSERT INTO analytics_sales_month AS t (seller_id, product_id, bucket, revenue, units, orders, shipping, new_customers, refunds, refund_amount, refund_units)
        SELECT x.seller_id, x.product_id, date_trunc('month', x.at, 'UTC') AS b, sum(x.revenue), sum(x.units), sum(x.orders),
               sum(x.shipping), sum(x.new_customers), sum(x.refunds), sum(x.refund_amount), sum(x.refund_units)
          FROM unnest(d) x GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (seller_id, product_id, bucket) DO UPDATE SET revenue = t.revenue + excluded.revenue, units = t.units + excluded.units,
           orders = t.orders + excluded.orders, shipping = t.shipping + excluded.shipping, new_customers = t.new_customers + excluded.new_customers,
           refunds = t.refunds + excluded.refunds, refund_amount = t.refund_amount + excluded.refund_amount, refund_units = t.refund_units + excluded.refund_units;
      END $$`);

    // What counted orders add: per (seller, product), per seller and overall; one order counts once
    // per level. A view so the hook (filtered by order id: the filter reaches the indexes through
    // the GROUP BY and UNION ALL) and the rebuild (unfiltered) share one definition.
    // Views compare status as text: a view is parsed at creation, and the new enum value is not
    // usable before the commit of the migration that added it.
    await queryRunner.query(`CREATE VIEW analytics_counted_line_v AS
      SELECT ol.order_id, ol.seller_id, ol.product_id, o.paid_at AS at, ol.line_total, ol.quantity, o.shipping_fee
        FROM "order" o JOIN order_line ol ON ol.order_id = o.id
       WHERE o.paid_at IS NOT NULL AND o.status::text IN ('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')`);
    // Views, not a CTE: a CTE used three times is materialised whole before the id filter applies.
    await queryRunner.query(`CREATE VIEW analytics_order_delta_v AS
      SELECT order_id, seller_id, product_id, min(at) AS at, sum(line_total)::bigint AS revenue, sum(quantity)::bigint AS units,
             1 AS orders, 0::bigint AS shipping
        FROM analytics_counted_line_v GROUP BY order_id, seller_id, product_id
      UNION ALL
      SELECT order_id, seller_id, '00000000-0000-0000-0000-000000000000'::uuid, min(at), sum(line_total)::bigint, sum(quantity)::bigint, 1, 0::bigint
        FROM analytics_counted_line_v GROUP BY order_id, seller_id
      UNION ALL
      SELECT order_id, '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid, min(at),
             sum(line_total)::bigint, sum(quantity)::bigint, 1, min(shipping_fee)::bigint
        FROM analytics_counted_line_v GROUP BY order_id`);
    await queryRunner.query(`CREATE FUNCTION analytics_order_deltas(ids uuid[]) RETURNS SETOF analytics_delta LANGUAGE sql STABLE AS $$
      SELECT seller_id, product_id, at, revenue, units, orders, shipping, 0, 0, 0::bigint, 0::bigint
        FROM analytics_order_delta_v WHERE order_id = ANY(ids)
    $$`);

    // A succeeded refund's share per (seller, product): its refund_line amounts, plus any amount not
    // tied to a line prorated over ALL the order's lines by line total (largest remainder, ties by
    // position, so the shares add up to the refund exactly). Counted on completed_at.
    await queryRunner.query(`CREATE FUNCTION analytics_refund_shares(ids uuid[])
      RETURNS TABLE (refund_id uuid, order_id uuid, seller_id uuid, product_id uuid, at timestamptz, amount bigint, units bigint) LANGUAGE sql STABLE AS $$
      WITH r AS (
        SELECT r.id, r.order_id, r.amount, r.completed_at AS at FROM refund r JOIN "order" o ON o.id = r.order_id
         WHERE r.id = ANY(ids) AND r.status = 'succeeded' AND r.completed_at IS NOT NULL AND o.paid_at IS NOT NULL
           AND o.status IN ('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')),
      l AS (
        SELECT r.id AS refund_id, r.order_id, r.at, r.amount AS refund_total, ol.seller_id, ol.product_id, ol.line_total, ol.position,
               coalesce(rl.amount, 0) AS tied, coalesce(rl.quantity, 0) AS units
          FROM r JOIN order_line ol ON ol.order_id = r.order_id
          LEFT JOIN refund_line rl ON rl.refund_id = r.id AND rl.order_line_id = ol.id),
      x AS (
        SELECT l.*, greatest(refund_total - sum(tied) OVER w, 0) AS extra, sum(line_total) OVER w AS order_sum
          FROM l WINDOW w AS (PARTITION BY refund_id)),
      s AS (
        SELECT x.*, CASE WHEN order_sum > 0 THEN (extra * line_total) / order_sum ELSE 0 END AS base,
               CASE WHEN order_sum > 0 THEN (extra * line_total) % order_sum ELSE 0 END AS rem
          FROM x),
      t AS (
        SELECT s.*, extra - sum(base) OVER (PARTITION BY refund_id) AS leftover,
               row_number() OVER (PARTITION BY refund_id ORDER BY rem DESC, position) AS rk
          FROM s),
      f AS (
        SELECT refund_id, order_id, seller_id, product_id, at, units,
               tied + CASE WHEN order_sum = 0 THEN (CASE WHEN rk = 1 THEN extra ELSE 0 END)
                           ELSE base + CASE WHEN rk <= leftover THEN 1 ELSE 0 END END AS amount
          FROM t)
      SELECT refund_id, order_id, seller_id, product_id, min(at), sum(amount)::bigint, sum(units)::bigint
        FROM f WHERE amount > 0 OR units > 0 GROUP BY refund_id, order_id, seller_id, product_id
    $$`);

    await queryRunner.query(`CREATE VIEW analytics_refund_delta_v AS
      SELECT refund_id, seller_id, product_id, at, amount, units FROM analytics_refund_product
      UNION ALL
      SELECT refund_id, seller_id, '00000000-0000-0000-0000-000000000000'::uuid, min(at), sum(amount)::bigint, sum(units)::bigint
        FROM analytics_refund_product GROUP BY refund_id, seller_id
      UNION ALL
      SELECT refund_id, '00000000-0000-0000-0000-000000000000'::uuid, '00000000-0000-0000-0000-000000000000'::uuid, min(at),
             sum(amount)::bigint, sum(units)::bigint
        FROM analytics_refund_product GROUP BY refund_id`);
    await queryRunner.query(`CREATE FUNCTION analytics_refund_deltas(ids uuid[]) RETURNS SETOF analytics_delta LANGUAGE sql STABLE AS $$
      SELECT seller_id, product_id, at, 0::bigint, 0::bigint, 0, 0::bigint, 0, 1, amount, units
        FROM analytics_refund_delta_v WHERE refund_id = ANY(ids)
    $$`);

    // The order-paid hook: facts, first-order customers (an earlier paid_at committed later takes
    // "new" over), then the counters. Idempotent per order: the overall fact row is the marker.
    await queryRunner.query(`CREATE FUNCTION analytics_apply_orders(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        fresh uuid[];
        c record;
        ex record;
        d analytics_delta[];
      BEGIN
        WITH ins AS (
          INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
          SELECT '00000000-0000-0000-0000-000000000000'::uuid, o.id, o.user_id, o.paid_at FROM "order" o
           WHERE o.id = ANY(ids) AND o.paid_at IS NOT NULL
             AND o.status IN ('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')
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
            d := d || ROW(c.seller_id, '00000000-0000-0000-0000-000000000000'::uuid, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
          ELSE
            SELECT * INTO ex FROM analytics_customer WHERE seller_id = c.seller_id AND user_id = c.user_id FOR UPDATE;
            IF (c.paid_at, c.order_id) < (ex.first_at, ex.first_order_id) THEN
              UPDATE analytics_customer SET first_at = c.paid_at, first_order_id = c.order_id
               WHERE seller_id = c.seller_id AND user_id = c.user_id;
              d := d || ROW(c.seller_id, '00000000-0000-0000-0000-000000000000'::uuid, ex.first_at, 0, 0, 0, 0, -1, 0, 0, 0)::analytics_delta
                     || ROW(c.seller_id, '00000000-0000-0000-0000-000000000000'::uuid, c.paid_at, 0, 0, 0, 0, 1, 0, 0, 0)::analytics_delta;
            END IF;
          END IF;
        END LOOP;
        PERFORM analytics_bump(d);
      END $$`);

    // Refunds: whoever writes them (issue 9's flow, a provider webhook, a script), at commit.
    // Deferred so the refund_line rows of the same transaction are there; idempotent through
    // analytics_refund_product (a refund's shares are written once).
    await queryRunner.query(`CREATE FUNCTION analytics_refund_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE n integer;
      BEGIN
        IF EXISTS (SELECT 1 FROM refund WHERE id = NEW.id AND status = 'succeeded')
           AND NOT EXISTS (SELECT 1 FROM analytics_refund_product WHERE refund_id = NEW.id) THEN
          INSERT INTO analytics_refund_product SELECT * FROM analytics_refund_shares(ARRAY[NEW.id]);
          GET DIAGNOSTICS n = ROW_COUNT;
          IF n > 0 THEN PERFORM analytics_bump(ARRAY(SELECT x FROM analytics_refund_deltas(ARRAY[NEW.id]) x)); END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE CONSTRAINT TRIGGER "analytics_refund" AFTER INSERT OR UPDATE OF status ON "refund"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION analytics_refund_trigger()`);

    // Everything again from the order lines, in one transaction. The EXCLUSIVE locks let readers on
    // and make concurrent payments/refunds wait for the new numbers instead of being lost or doubled.
    await queryRunner.query(`CREATE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE analytics_sales_slot, analytics_sales_day, analytics_sales_month, analytics_order_fact,
                   analytics_customer, analytics_refund_product IN EXCLUSIVE MODE;
        DELETE FROM analytics_sales_slot; DELETE FROM analytics_sales_day; DELETE FROM analytics_sales_month;
        DELETE FROM analytics_order_fact; DELETE FROM analytics_customer; DELETE FROM analytics_refund_product;
        -- Whole-table statements, no id arrays: "= ANY" of a 300,000-element parameter is a linear scan per row.
        INSERT INTO analytics_order_fact (seller_id, order_id, user_id, paid_at)
        SELECT '00000000-0000-0000-0000-000000000000'::uuid, o.id, o.user_id, o.paid_at FROM "order" o
         WHERE o.paid_at IS NOT NULL AND o.status IN ('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded')
        UNION ALL
        SELECT DISTINCT ol.seller_id, o.id, o.user_id, o.paid_at FROM "order" o JOIN order_line ol ON ol.order_id = o.id
         WHERE o.paid_at IS NOT NULL AND o.status IN ('paid', 'shipped', 'delivered', 'partially_refunded', 'refunded');
        INSERT INTO analytics_customer (seller_id, user_id, first_at, first_order_id)
        SELECT DISTINCT ON (seller_id, user_id) seller_id, user_id, paid_at, order_id FROM analytics_order_fact
         ORDER BY seller_id, user_id, paid_at, order_id;
        INSERT INTO analytics_refund_product SELECT * FROM analytics_refund_shares(ARRAY(SELECT id FROM refund WHERE status = 'succeeded'));
        CREATE TEMP TABLE analytics_rebuild_delta ON COMMIT DROP AS
          SELECT seller_id, product_id, at, revenue, units, orders, shipping, 0 AS new_customers, 0 AS refunds,
                 0::bigint AS refund_amount, 0::bigint AS refund_units FROM analytics_order_delta_v
          UNION ALL SELECT seller_id, product_id, at, 0, 0, 0, 0, 0, 1, amount, units FROM analytics_refund_delta_v
          UNION ALL SELECT seller_id, '00000000-0000-0000-0000-000000000000'::uuid, first_at, 0, 0, 0, 0, 1, 0, 0, 0 FROM analytics_customer;
        INSERT INTO analytics_sales_slot SELECT seller_id, product_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00'),
          sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
          FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
        INSERT INTO analytics_sales_day SELECT seller_id, product_id, date_trunc('day', at, 'UTC'),
          sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
          FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
        INSERT INTO analytics_sales_month SELECT seller_id, product_id, date_trunc('month', at, 'UTC'),
          sum(revenue), sum(units), sum(orders), sum(shipping), sum(new_customers), sum(refunds), sum(refund_amount), sum(refund_units)
          FROM analytics_rebuild_delta GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
        -- ORDER BY: a scope's rows of a period land on neighbouring pages (a year of one seller's
        -- slots scattered over the heap cost ~650 ms of page reads on the 1M-line bench).
        DROP TABLE analytics_rebuild_delta;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "analytics_refund" ON "refund"`);
    for (const fn of [
      'analytics_rebuild()',
      'analytics_refund_trigger()',
      'analytics_apply_orders(uuid[])',
      'analytics_refund_deltas(uuid[])',
      'analytics_refund_shares(uuid[])',
      'analytics_order_deltas(uuid[])',
      'analytics_bump(analytics_delta[])',
    ])
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    await queryRunner.query(`DROP VIEW analytics_order_delta_v`);
    await queryRunner.query(`DROP VIEW analytics_counted_line_v`);
    await queryRunner.query(`DROP VIEW analytics_refund_delta_v`);
    await queryRunner.query(`DROP TYPE "analytics_delta"`);
    for (const table of [
      'analytics_product_view',
      'analytics_refund_product',
      'analytics_customer',
      'analytics_order_fact',
      'analytics_sales_month',
      'analytics_sales_day',
      'analytics_sales_slot',
    ])
      await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
