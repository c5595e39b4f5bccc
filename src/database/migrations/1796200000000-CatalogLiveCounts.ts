import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: the exact `total` of a shopper's list was a `count(*)` over every matching product, so
 * a page cost grew with the catalog (~5 ms at 10,000 products, 40-120 ms at 100,000). For the
 * shapes shoppers hit most (whole catalog, a category subtree, a seller, both) the total is now a
 * sum over `product_live_count`: one row per (category, seller) holding how many of that seller's
 * products in that category are on sale (`active AND NOT archived`). The seller's own `active`
 * flag is applied when reading (join on "user"), so deactivating a seller needs no rewrite here.
 *
 * Kept exact by statement-level triggers on `product` with transition tables, so EVERY writer
 * (store's code, the reviews module's rating UPDATEs, orders' sold_count, a psql session, FK
 * cascades from a deleted seller or category) updates the counts in its own transaction. Per
 * statement, not per row: a bulk seed of 5,000 rows is one grouped upsert, and an UPDATE that
 * changes no counted column (ratings, sold counts, prices) finds nothing to move and writes nothing.
 */
export class CatalogLiveCounts1796200000000 implements MigrationInterface {
  name = 'CatalogLiveCounts1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "product_live_count" ("category_id" uuid NOT NULL, "seller_id" uuid NOT NULL, "live" integer NOT NULL, CONSTRAINT "PK_product_live_count" PRIMARY KEY ("category_id", "seller_id"))`,
    );
    // Seller storefronts and a category + seller: one seller's rows without reading the others.
    await queryRunner.query(
      `CREATE INDEX "IDX_product_live_count_seller" ON "product_live_count" ("seller_id") INCLUDE ("live")`,
    );
    // The same counts rolled up per seller: the whole catalog's total is a sum over the sellers
    // (a few dozen rows), not over every (category, seller) pair (thousands).
    await queryRunner.query(
      `CREATE TABLE "product_live_seller_count" ("seller_id" uuid NOT NULL, "live" integer NOT NULL, CONSTRAINT "PK_product_live_seller_count" PRIMARY KEY ("seller_id"))`,
    );
    // Applies (category, seller, +/-n) deltas in key order (two writers lock counter rows in the
    // same order: no deadlock). A pair that drops to 0 keeps its row (deleting it would race with a
    // concurrent upsert of the same pair for nothing: the table holds at most categories x sellers).
    await queryRunner.query(`
      CREATE FUNCTION product_live_count_apply(deltas jsonb) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO product_live_count AS c (category_id, seller_id, live)
        SELECT d.category_id, d.seller_id, d.n
          FROM jsonb_to_recordset(deltas) AS d(category_id uuid, seller_id uuid, n integer)
         WHERE d.n <> 0
         ORDER BY d.category_id, d.seller_id
        ON CONFLICT (category_id, seller_id) DO UPDATE SET live = c.live + EXCLUDED.live;
        INSERT INTO product_live_seller_count AS c (seller_id, live)
        SELECT d.seller_id, sum(d.n)::int
          FROM jsonb_to_recordset(deltas) AS d(category_id uuid, seller_id uuid, n integer)
         GROUP BY d.seller_id HAVING sum(d.n) <> 0
         ORDER BY d.seller_id
        ON CONFLICT (seller_id) DO UPDATE SET live = c.live + EXCLUDED.live;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION product_live_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE deltas jsonb;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT jsonb_agg(x) INTO deltas FROM (
            SELECT category_id, seller_id, count(*)::int AS n FROM new_rows
             WHERE active AND NOT archived GROUP BY 1, 2) x;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT jsonb_agg(x) INTO deltas FROM (
            SELECT category_id, seller_id, -count(*)::int AS n FROM old_rows
             WHERE active AND NOT archived GROUP BY 1, 2) x;
        ELSE
          -- Only rows whose counted columns changed; an UPDATE of ratings or stock counts finds none.
          SELECT jsonb_agg(x) INTO deltas FROM (
            SELECT category_id, seller_id, sum(n)::int AS n FROM (
              SELECT o.category_id, o.seller_id, -1 AS n FROM old_rows o JOIN new_rows nw ON nw.id = o.id
               WHERE o.active AND NOT o.archived
                 AND (NOT (nw.active AND NOT nw.archived) OR nw.category_id <> o.category_id OR nw.seller_id <> o.seller_id)
              UNION ALL
              SELECT nw.category_id, nw.seller_id, 1 FROM old_rows o JOIN new_rows nw ON nw.id = o.id
               WHERE nw.active AND NOT nw.archived
                 AND (NOT (o.active AND NOT o.archived) OR nw.category_id <> o.category_id OR nw.seller_id <> o.seller_id)
            ) moved GROUP BY 1, 2) x;
        END IF;
        IF deltas IS NOT NULL THEN PERFORM product_live_count_apply(deltas); END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER product_live_count_insert AFTER INSERT ON product REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_live_count_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER product_live_count_update AFTER UPDATE ON product REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_live_count_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER product_live_count_delete AFTER DELETE ON product REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION product_live_count_trigger()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION product_live_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN TRUNCATE product_live_count, product_live_seller_count; RETURN NULL; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER product_live_count_truncate AFTER TRUNCATE ON product FOR EACH STATEMENT EXECUTE FUNCTION product_live_count_truncate()`,
    );
    await queryRunner.query(
      `INSERT INTO product_live_count (category_id, seller_id, live) SELECT category_id, seller_id, count(*)::int FROM product WHERE active AND NOT archived GROUP BY 1, 2`,
    );
    await queryRunner.query(
      `INSERT INTO product_live_seller_count (seller_id, live) SELECT seller_id, sum(live)::int FROM product_live_count GROUP BY 1`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER product_live_count_truncate ON product`);
    await queryRunner.query(`DROP TRIGGER product_live_count_delete ON product`);
    await queryRunner.query(`DROP TRIGGER product_live_count_update ON product`);
    await queryRunner.query(`DROP TRIGGER product_live_count_insert ON product`);
    await queryRunner.query(`DROP FUNCTION product_live_count_truncate()`);
    await queryRunner.query(`DROP FUNCTION product_live_count_trigger()`);
    await queryRunner.query(`DROP FUNCTION product_live_count_apply(jsonb)`);
    await queryRunner.query(`DROP TABLE "product_live_seller_count"`);
    await queryRunner.query(`DROP TABLE "product_live_count"`);
  }
}
