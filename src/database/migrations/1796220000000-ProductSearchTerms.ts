import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: a shopper's one-word search by relevance read the first 10,001 GIN matches (a bitmap
 * heap scan: one scattered heap row and its tsvector each) to count and rank them, so at 1,000,000
 * products a common word cost ~10,000 heap pages per request. `product_search_term` decomposes
 * each live product's `search` tsvector: one row per (lexeme, product) with that lexeme's
 * single-term ts_rank precomputed, and the btree (term, rank DESC, product_id DESC) INCLUDE
 * (seller_id) answers such a search's top page by relevance and its capped count (<= 10,001) from
 * index-only scans over that term's entries, whatever the catalog size.
 *
 * `term` is the lexeme in tsquery text form (`'chair'`, quotes and backslashes doubled): exactly
 * what `websearch_to_tsquery(...)::text` prints for a one-lexeme query, so a read compares text.
 * `rank` is `ts_rank(search, term::tsquery)`, which for a one-lexeme query depends only on that
 * lexeme's positions and weights in `search`: the same value the search path computed per row.
 * Only live products (`active AND NOT archived`) have rows; the seller's own `active` is applied
 * when reading (excluding the few inactive sellers), as for product_live_count.
 *
 * Kept exact by statement-level triggers on `product` with transition tables (as CatalogLiveCounts),
 * so every writer updates it in its own transaction. An UPDATE that changes neither `search`,
 * visibility nor seller (ratings, sold counts, prices) finds nothing to move and writes nothing.
 * Rows are deleted by their full index key (term, rank, product_id), recomputed from the old row:
 * no second index. No foreign key either: the trigger covers every delete, cascades included.
 */
export class ProductSearchTerms1796220000000 implements MigrationInterface {
  name = 'ProductSearchTerms1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // ROWS 25: about the lexemes of one product, so the trigger's joins are planned as probes.
    await queryRunner.query(`
      CREATE FUNCTION product_search_terms(v tsvector) RETURNS TABLE(term text, rank real)
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 25 AS $$
        SELECT t.term, ts_rank(v, t.term::tsquery)
          FROM (SELECT '''' || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''') || '''' AS term
                  FROM unnest(v) u) t
      $$`);
    await queryRunner.query(
      `CREATE TABLE "product_search_term" ("term" text NOT NULL, "rank" real NOT NULL, "product_id" uuid NOT NULL, "seller_id" uuid NOT NULL)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION product_search_term_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO product_search_term (term, rank, product_id, seller_id)
          SELECT t.term, t.rank, n.id, n.seller_id FROM new_rows n, product_search_terms(n.search) t
           WHERE n.active AND NOT n.archived;
        ELSIF TG_OP = 'DELETE' THEN
          DELETE FROM product_search_term st USING (
            SELECT t.term, t.rank, o.id FROM old_rows o, product_search_terms(o.search) t
             WHERE o.active AND NOT o.archived) d
           WHERE st.term = d.term AND st.rank = d.rank AND st.product_id = d.id;
        ELSE
          -- Only rows whose words, visibility or seller changed: their old terms out, new ones in.
          DELETE FROM product_search_term st USING (
            SELECT t.term, t.rank, o.id FROM old_rows o JOIN new_rows n ON n.id = o.id, product_search_terms(o.search) t
             WHERE o.active AND NOT o.archived
               AND (NOT (n.active AND NOT n.archived) OR n.search <> o.search OR n.seller_id <> o.seller_id)) d
           WHERE st.term = d.term AND st.rank = d.rank AND st.product_id = d.id;
          INSERT INTO product_search_term (term, rank, product_id, seller_id)
          SELECT t.term, t.rank, n.id, n.seller_id FROM old_rows o JOIN new_rows n ON n.id = o.id, product_search_terms(n.search) t
           WHERE n.active AND NOT n.archived
             AND (NOT (o.active AND NOT o.archived) OR n.search <> o.search OR n.seller_id <> o.seller_id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER product_search_term_insert AFTER INSERT ON product REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_term_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER product_search_term_update AFTER UPDATE ON product REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_term_trigger()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER product_search_term_delete AFTER DELETE ON product REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_term_trigger()`,
    );
    await queryRunner.query(`
      CREATE FUNCTION product_search_term_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN TRUNCATE product_search_term; RETURN NULL; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER product_search_term_truncate AFTER TRUNCATE ON product FOR EACH STATEMENT EXECUTE FUNCTION product_search_term_truncate()`,
    );
    // Backfill, then build the index once (faster than maintaining it row by row). The triggers
    // above already hold product's lock until this migration commits: no write slips between.
    await queryRunner.query(
      `INSERT INTO product_search_term (term, rank, product_id, seller_id)
       SELECT t.term, t.rank, p.id, p.seller_id FROM product p, product_search_terms(p.search) t
        WHERE p.active AND NOT p.archived`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_product_search_term" ON "product_search_term" ("term", "rank" DESC, "product_id" DESC) INCLUDE ("seller_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER product_search_term_truncate ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_delete ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_update ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_insert ON product`);
    await queryRunner.query(`DROP FUNCTION product_search_term_truncate()`);
    await queryRunner.query(`DROP FUNCTION product_search_term_trigger()`);
    await queryRunner.query(`DROP TABLE "product_search_term"`);
    await queryRunner.query(`DROP FUNCTION product_search_terms(tsvector)`);
  }
}
