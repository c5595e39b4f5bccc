import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: a shopper's one-word search by relevance read the first 10,001 GIN matches (a bitmap
 * heap scan: one scattered heap row and its tsvector each) to count and rank them, so at 1,000,000
 * products a common word cost ~10,000 heap pages per request. `product_search_term` decomposes
 * each live product's `search` tsvector: one row per (lexeme, product) with that lexeme's
 * single-term ts_rank precomputed, and the btree (term, rank DESC, product_id DESC) INCLUDE
 * (seller_id) answers such a search's page by relevance from an index-only scan over that term's
 * entries (offset + 21 of them), whatever the catalog size. `product_search_term_count` holds how
 * many live products of each seller have each term: the search's exact total is a sum over one row
 * per seller, whatever the number of matches (no capped count, no estimate).
 *
 * `term` is the lexeme in tsquery text form (`'chair'`, quotes and backslashes doubled): exactly
 * what `websearch_to_tsquery(...)::text` prints for a one-lexeme query, so a read compares text.
 * `rank` is `ts_rank(search, term::tsquery)`, which for a one-lexeme query depends only on that
 * lexeme's positions and weights in `search`: the same value the search path computed per row.
 * Only live products (`active AND NOT archived`) have rows; the seller's own `active` is applied
 * when reading (excluding the few inactive sellers), as for product_live_count.
 *
 * Kept exact by statement-level triggers on `product` with transition tables (as CatalogLiveCounts),
 * so every writer updates both tables in its own transaction. An UPDATE that changes neither `search`,
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
    // How many live products of each seller have each term: the exact total of a one-word search
    // is a sum over a few rows (one per seller), whatever the number of matches.
    await queryRunner.query(
      `CREATE TABLE "product_search_term_count" ("term" text NOT NULL, "seller_id" uuid NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_product_search_term_count" PRIMARY KEY ("term", "seller_id"))`,
    );
    // One statement per trigger call: the moved products' old term rows out (`gone`), new ones in
    // (`came`), and the net (term, seller) deltas applied to the counts in key order (two writers
    // lock count rows in the same order). Counts that reach 0 are removed afterwards (we hold their
    // row locks, nobody can move them in between), so a deleted product's one-off words leave nothing.
    // `rows`: (id, search[, seller_id]) of the products whose term rows go or come. New rows are
    // inserted in index order (neighbouring leaf pages, not one random page per row).
    const gone = (rows: string) =>
      `gone AS (DELETE FROM product_search_term st USING (SELECT t.term, t.rank, x.id FROM ${rows} x, product_search_terms(x.search) t) d
         WHERE st.term = d.term AND st.rank = d.rank AND st.product_id = d.id RETURNING st.term, st.seller_id, -1 AS n)`;
    const came = (rows: string) =>
      `came AS (INSERT INTO product_search_term (term, rank, product_id, seller_id)
         SELECT t.term, t.rank, x.id, x.seller_id FROM ${rows} x, product_search_terms(x.search) t ORDER BY 1, 2 DESC, 3 DESC
         RETURNING term, seller_id, 1 AS n)`;
    const apply = (moved: string) =>
      `up AS (INSERT INTO product_search_term_count AS c (term, seller_id, n)
         SELECT term, seller_id, sum(n)::int FROM (${moved}) m GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
         ON CONFLICT (term, seller_id) DO UPDATE SET n = c.n + EXCLUDED.n RETURNING c.term, c.seller_id, c.n)
       SELECT array_agg(term), array_agg(seller_id) INTO zero_terms, zero_sellers FROM up WHERE n = 0`;
    const live = (row: string) => `(${row}.active AND NOT ${row}.archived)`;
    await queryRunner.query(`
      CREATE FUNCTION product_search_term_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE zero_terms text[]; zero_sellers uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          WITH ${came(`(SELECT id, search, seller_id FROM new_rows WHERE active AND NOT archived)`)},
          ${apply('SELECT * FROM came')};
        ELSIF TG_OP = 'DELETE' THEN
          WITH ${gone(`(SELECT id, search FROM old_rows WHERE active AND NOT archived)`)},
          ${apply('SELECT * FROM gone')};
        ELSE
          -- The rows that moved, joined once (MATERIALIZED: joining the transition tables inside
          -- the DELETE was planned as a nested loop over them, quadratic in the rows updated):
          -- visibility changed, or words or seller changed while live. Not ratings, sold counts, prices.
          WITH moved AS MATERIALIZED (
            SELECT o.id, o.search AS old_search, n.search AS new_search, n.seller_id,
                   ${live('o')} AS was_live, ${live('n')} AS is_live
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE ${live('o')} <> ${live('n')}
                OR (${live('o')} AND (n.search <> o.search OR n.seller_id <> o.seller_id))),
          ${gone('(SELECT id, old_search AS search FROM moved WHERE was_live)')},
          ${came('(SELECT id, new_search AS search, seller_id FROM moved WHERE is_live)')},
          ${apply('SELECT * FROM gone UNION ALL SELECT * FROM came')};
        END IF;
        IF zero_terms IS NOT NULL THEN
          DELETE FROM product_search_term_count c USING unnest(zero_terms, zero_sellers) z(term, seller_id)
           WHERE c.term = z.term AND c.seller_id = z.seller_id AND c.n = 0;
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
      BEGIN TRUNCATE product_search_term, product_search_term_count; RETURN NULL; END $$`);
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
    await queryRunner.query(
      `INSERT INTO product_search_term_count (term, seller_id, n) SELECT term, seller_id, count(*)::int FROM product_search_term GROUP BY 1, 2`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER product_search_term_truncate ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_delete ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_update ON product`);
    await queryRunner.query(`DROP TRIGGER product_search_term_insert ON product`);
    await queryRunner.query(`DROP FUNCTION product_search_term_truncate()`);
    await queryRunner.query(`DROP FUNCTION product_search_term_trigger()`);
    await queryRunner.query(`DROP TABLE "product_search_term_count"`);
    await queryRunner.query(`DROP TABLE "product_search_term"`);
    await queryRunner.query(`DROP FUNCTION product_search_terms(tsvector)`);
  }
}
