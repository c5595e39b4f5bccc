import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding of EXPLAIN on 100,000 products (bench/RESULTS.md): the exact `total` of a list
 * (`count(*)` of the filtered rows) read the whole 66 MB heap and dominated every list. One
 * covering partial index now answers the count with an index-only scan for every filter but `q`
 * and `inStock`: a range on category (or a full scan of this 7 MB index), then the seller, price
 * and rating checks on the INCLUDEd columns. It also serves "one category, by price" pages.
 */
export class CatalogCountIndex1795336667077 implements MigrationInterface {
  name = 'CatalogCountIndex1795336667077';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_product_live_category"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_product_live_filter" ON "product" ("category_id", "min_price") INCLUDE ("seller_id", "max_price", "rating_avg") WHERE active AND NOT archived`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_product_live_filter"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_product_live_category" ON "product" ("category_id", "min_price") WHERE active AND NOT archived`,
    );
  }
}
