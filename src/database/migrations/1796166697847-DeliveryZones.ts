import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryZones1796166697847 implements MigrationInterface {
  name = 'DeliveryZones1796166697847';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_zone" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "description" character varying(500), "country" character(2), "states" character varying(100) array NOT NULL DEFAULT '{}', "fee" bigint NOT NULL, "free_over" bigint, "estimated_days_min" integer, "estimated_days_max" integer, "active" boolean NOT NULL DEFAULT true, "position" integer NOT NULL DEFAULT '0', "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_delivery_zone_days" CHECK (estimated_days_min >= 0 AND estimated_days_max >= 0 AND estimated_days_max >= estimated_days_min), CONSTRAINT "CHK_delivery_zone_fee" CHECK (fee >= 0 AND (free_over IS NULL OR free_over >= 0)), CONSTRAINT "PK_8a390f981b91bfca80510b43511" PRIMARY KEY ("id"))`,
    );
    // Names are unique (ignoring case) among the zones in use; an archived zone frees its name.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_delivery_zone_name" ON "delivery_zone" (lower("name")) WHERE "archived_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_zone_position" ON "delivery_zone" ("position", "name") `,
    );
    await queryRunner.query(`ALTER TABLE "order" ADD "delivery_zone_id" uuid`);
    await queryRunner.query(`ALTER TABLE "order" ADD "delivery_zone_name" character varying(100)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_order_delivery_zone" ON "order" ("delivery_zone_id") WHERE "delivery_zone_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_order_delivery_zone"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "delivery_zone_name"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "delivery_zone_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_delivery_zone_position"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_delivery_zone_name"`);
    await queryRunner.query(`DROP TABLE "delivery_zone"`);
  }
}
