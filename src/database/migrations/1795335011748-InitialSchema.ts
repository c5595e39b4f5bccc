import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795335011748 implements MigrationInterface {
  name = 'InitialSchema1795335011748';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."user_role" AS ENUM('customer', 'seller', 'staff', 'admin')`,
    );
    await queryRunner.query(
      `CREATE TABLE "user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(100) NOT NULL, "slug" character varying(120) NOT NULL, "avatar_key" character varying(300), "role" "public"."user_role" NOT NULL DEFAULT 'customer', "active" boolean NOT NULL DEFAULT true, "password_hash" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"))`,
    );
    // Emails are unique whatever their case (declared with synchronize: false on the entity).
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_email_lower" ON "user" (lower("email"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_slug" ON "user" ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "slug" character varying(120) NOT NULL, "description" text NOT NULL DEFAULT '', "parent_id" uuid, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_category_slug" ON "category" ("slug") `);
    await queryRunner.query(`CREATE INDEX "IDX_category_parent" ON "category" ("parent_id") `);
    await queryRunner.query(
      `CREATE TABLE "product_image" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "thumb_key" character varying(300) NOT NULL, "large_key" character varying(300) NOT NULL, "position" integer NOT NULL DEFAULT '0', "alt" character varying(200) NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_99d98a80f57857d51b5f63c8240" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_product_image_product" ON "product_image" ("product_id", "position") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product_variant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "options" jsonb NOT NULL DEFAULT '{}', "sku" character varying(64) NOT NULL, "price_override" bigint, "stock" integer NOT NULL DEFAULT '0', "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_variant_stock" CHECK (stock >= 0), CONSTRAINT "PK_1ab69c9935c61f7c70791ae0a9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_variant_sku" ON "product_variant" ("sku") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_variant_product_options" ON "product_variant" ("product_id", "options") `,
    );
    await queryRunner.query(
      `CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seller_id" uuid NOT NULL, "category_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "slug" character varying(220) NOT NULL, "description" text NOT NULL DEFAULT '', "price" bigint NOT NULL, "currency" character(3) NOT NULL, "discount_percent" smallint NOT NULL DEFAULT '0', "min_price" bigint NOT NULL, "max_price" bigint NOT NULL, "active" boolean NOT NULL DEFAULT true, "archived" boolean NOT NULL DEFAULT false, "customization_options" jsonb NOT NULL DEFAULT '[]', "rating_avg" numeric(3,2) NOT NULL DEFAULT '0', "rating_count" integer NOT NULL DEFAULT '0', "sold_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_product_category" ON "product" ("category_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_product_slug" ON "product" ("slug") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_product_seller_name" ON "product" ("seller_id", "name") `,
    );
    await queryRunner.query(
      `ALTER TABLE "category" ADD CONSTRAINT "FK_1117b4fcb3cd4abb4383e1c2743" FOREIGN KEY ("parent_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_image" ADD CONSTRAINT "FK_dbc7d9aa7ed42c9141b968a9ed3" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product_variant" ADD CONSTRAINT "FK_ca67dd080aac5ecf99609960cd2" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product" ADD CONSTRAINT "FK_79a3ae0442388a2418ec67a3120" FOREIGN KEY ("seller_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product" ADD CONSTRAINT "FK_0dce9bc93c2d2c399982d04bef1" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_0dce9bc93c2d2c399982d04bef1"`);
    await queryRunner.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_79a3ae0442388a2418ec67a3120"`);
    await queryRunner.query(`ALTER TABLE "product_variant" DROP CONSTRAINT "FK_ca67dd080aac5ecf99609960cd2"`);
    await queryRunner.query(`ALTER TABLE "product_image" DROP CONSTRAINT "FK_dbc7d9aa7ed42c9141b968a9ed3"`);
    await queryRunner.query(`ALTER TABLE "category" DROP CONSTRAINT "FK_1117b4fcb3cd4abb4383e1c2743"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_product_seller_name"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_product_slug"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_category"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_variant_product_options"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_variant_sku"`);
    await queryRunner.query(`DROP TABLE "product_variant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_product_image_product"`);
    await queryRunner.query(`DROP TABLE "product_image"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_category_parent"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_category_slug"`);
    await queryRunner.query(`DROP TABLE "category"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_user_slug"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_user_email_lower"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
  }
}
