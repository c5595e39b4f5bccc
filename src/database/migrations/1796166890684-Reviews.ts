import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reviews (with helpful votes, the seller's reply and the per-product rating histogram that keeps
 * product.rating_avg/rating_count exact), moderated comments and the wishlist. Generated, plus the
 * partial indexes of the public lists at the end of up() (hand-written: TypeORM cannot express
 * partial indexes; the entities declare them with `synchronize: false`). Each public index covers
 * only what shoppers see (a review that is not hidden by staff and whose author is active, an
 * approved top-level comment) and serves one sort of one product's list.
 */
export class Reviews1796166890684 implements MigrationInterface {
  name = 'Reviews1796166890684';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "wishlist_item" ("user_id" uuid NOT NULL, "product_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fe9ee4e4a690fb2f96e1b1368a7" PRIMARY KEY ("user_id", "product_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_wishlist_item_product" ON "wishlist_item" ("product_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_wishlist_item_user_created" ON "wishlist_item" ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "author_id" uuid NOT NULL, "rating" smallint NOT NULL, "comment" text NOT NULL DEFAULT '', "verified_purchase" boolean NOT NULL DEFAULT false, "helpful_count" integer NOT NULL DEFAULT '0', "hidden" boolean NOT NULL DEFAULT false, "hidden_reason" character varying(500), "moderated_by" uuid, "moderated_at" TIMESTAMP WITH TIME ZONE, "author_active" boolean NOT NULL DEFAULT true, "reply_body" text, "reply_created_at" TIMESTAMP WITH TIME ZONE, "reply_updated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_review_text" CHECK (char_length(comment) <= 2000 AND char_length(reply_body) <= 2000), CONSTRAINT "CHK_review_rating" CHECK (rating BETWEEN 1 AND 5), CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_review_product" ON "review" ("product_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_review_author_product" ON "review" ("author_id", "product_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "review_stats" ("product_id" uuid NOT NULL, "count_1" integer NOT NULL DEFAULT '0', "count_2" integer NOT NULL DEFAULT '0', "count_3" integer NOT NULL DEFAULT '0', "count_4" integer NOT NULL DEFAULT '0', "count_5" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_review_stats_counts" CHECK (count_1 >= 0 AND count_2 >= 0 AND count_3 >= 0 AND count_4 >= 0 AND count_5 >= 0), CONSTRAINT "PK_bc8234c9c14cb5d6c6bf4c9a96d" PRIMARY KEY ("product_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "review_helpful_vote" ("review_id" uuid NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ec59438ed27e0a9b39fd029bc8a" PRIMARY KEY ("review_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."comment_status" AS ENUM('pending', 'approved', 'rejected')`,
    );
    await queryRunner.query(
      `CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "author_id" uuid NOT NULL, "parent_id" uuid, "body" text NOT NULL, "status" "public"."comment_status" NOT NULL DEFAULT 'pending', "moderated_by" uuid, "moderated_at" TIMESTAMP WITH TIME ZONE, "moderation_reason" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_comment_body" CHECK (char_length(body) BETWEEN 1 AND 2000), CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comment_author" ON "comment" ("author_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_comment_parent" ON "comment" ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_comment_queue" ON "comment" ("status", "created_at", "id") `);
    const publicReview = 'WHERE NOT hidden AND author_active';
    await queryRunner.query(
      `CREATE INDEX "IDX_review_public_created" ON "review" ("product_id", "created_at", "id") ${publicReview}`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_review_public_rating" ON "review" ("product_id", "rating", "created_at", "id") ${publicReview}`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_review_public_helpful" ON "review" ("product_id", "helpful_count", "created_at", "id") ${publicReview}`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_comment_public" ON "comment" ("product_id", "created_at", "id") WHERE status = 'approved' AND parent_id IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "wishlist_item" ADD CONSTRAINT "FK_f2db4a8af86d963bccb8cf7a12b" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "wishlist_item" ADD CONSTRAINT "FK_928fbf35568fcab9681d8270792" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review" ADD CONSTRAINT "FK_26b533e15b5f2334c96339a1f08" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review" ADD CONSTRAINT "FK_244f8127a8ed4eb8ae63d0790d2" FOREIGN KEY ("author_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review" ADD CONSTRAINT "FK_b723ef3834ab5ab8fd9ac551d1f" FOREIGN KEY ("moderated_by") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_stats" ADD CONSTRAINT "FK_bc8234c9c14cb5d6c6bf4c9a96d" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_helpful_vote" ADD CONSTRAINT "FK_6f14e5205fcb51cd7742ac2fdca" FOREIGN KEY ("review_id") REFERENCES "review"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_helpful_vote" ADD CONSTRAINT "FK_e7d562e4a73326ac5990a8472d2" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_66a8816397e580b819e78d974dd" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_3ce66469b26697baa097f8da923" FOREIGN KEY ("author_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_8bd8d0985c0d077c8129fb4a209" FOREIGN KEY ("parent_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_6d929094e4d22676f3e1b4f31fb" FOREIGN KEY ("moderated_by") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_6d929094e4d22676f3e1b4f31fb"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_8bd8d0985c0d077c8129fb4a209"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_3ce66469b26697baa097f8da923"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_66a8816397e580b819e78d974dd"`);
    await queryRunner.query(
      `ALTER TABLE "review_helpful_vote" DROP CONSTRAINT "FK_e7d562e4a73326ac5990a8472d2"`,
    );
    await queryRunner.query(
      `ALTER TABLE "review_helpful_vote" DROP CONSTRAINT "FK_6f14e5205fcb51cd7742ac2fdca"`,
    );
    await queryRunner.query(`ALTER TABLE "review_stats" DROP CONSTRAINT "FK_bc8234c9c14cb5d6c6bf4c9a96d"`);
    await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "FK_b723ef3834ab5ab8fd9ac551d1f"`);
    await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "FK_244f8127a8ed4eb8ae63d0790d2"`);
    await queryRunner.query(`ALTER TABLE "review" DROP CONSTRAINT "FK_26b533e15b5f2334c96339a1f08"`);
    await queryRunner.query(`ALTER TABLE "wishlist_item" DROP CONSTRAINT "FK_928fbf35568fcab9681d8270792"`);
    await queryRunner.query(`ALTER TABLE "wishlist_item" DROP CONSTRAINT "FK_f2db4a8af86d963bccb8cf7a12b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_comment_public"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_review_public_helpful"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_review_public_rating"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_review_public_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_comment_queue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_comment_parent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_comment_author"`);
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP TYPE "public"."comment_status"`);
    await queryRunner.query(`DROP TABLE "review_helpful_vote"`);
    await queryRunner.query(`DROP TABLE "review_stats"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_review_author_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_review_product"`);
    await queryRunner.query(`DROP TABLE "review"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_wishlist_item_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_wishlist_item_product"`);
    await queryRunner.query(`DROP TABLE "wishlist_item"`);
  }
}
