import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, list 20 by price page 11: the page walked IDX_product_live_min_price and fetched every
 * skipped row from the heap (221 rows for 20) to join its seller and check `active`. The list now
 * excludes the few inactive sellers' ids instead of joining "user" per row (catalog-sql.ts), and
 * each sort index carries `seller_id`, so the offset is skipped by an index-only scan and only the
 * page's 20 rows are read from the heap. Same key columns and predicate as before: every plan that
 * used these indexes still can.
 */
const SORTS: [name: string, columns: string][] = [
  ['min_price', '"min_price", "id"'],
  ['created', '"created_at", "id"'],
  ['rating', '"rating_avg", "id"'],
  ['sold', '"sold_count", "id"'],
  ['name', '"name", "id"'],
];

export class LiveSortIndexesCoverSeller1796220000001 implements MigrationInterface {
  name = 'LiveSortIndexesCoverSeller1796220000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, columns] of SORTS) {
      await queryRunner.query(`DROP INDEX "public"."IDX_product_live_${name}"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_product_live_${name}" ON "product" (${columns}) INCLUDE ("seller_id") WHERE active AND NOT archived`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, columns] of SORTS) {
      await queryRunner.query(`DROP INDEX "public"."IDX_product_live_${name}"`);
      await queryRunner.query(
        `CREATE INDEX "IDX_product_live_${name}" ON "product" (${columns}) WHERE active AND NOT archived`,
      );
    }
  }
}
