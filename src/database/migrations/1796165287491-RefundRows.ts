import { MigrationInterface, QueryRunner } from 'typeorm';

/** Refund rows (one per partial or full refund, lines per refunded order line) and the partially_refunded order state. */
export class RefundRows1796165287491 implements MigrationInterface {
  name = 'RefundRows1796165287491';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "refund_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "refund_id" uuid NOT NULL, "order_line_id" uuid NOT NULL, "quantity" integer NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "CHK_refund_line_amounts" CHECK (quantity > 0 AND amount >= 0), CONSTRAINT "PK_c343da1712d712b778a7b685cf3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refund_line_order_line" ON "refund_line" ("order_line_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_refund_line_refund_line" ON "refund_line" ("refund_id", "order_line_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."refund_status" AS ENUM('pending', 'succeeded', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "status" "public"."refund_status" NOT NULL DEFAULT 'pending', "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "reason" character varying(500), "restock" boolean NOT NULL DEFAULT false, "provider_ref" character varying(255), "failure_reason" character varying(300), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_refund_amount" CHECK (amount > 0), CONSTRAINT "PK_f1cefa2e60d99b206c46c1116e5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refund_order" ON "refund" ("order_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_refund_payment" ON "refund" ("payment_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_refund_provider_ref" ON "refund" ("provider_ref") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_refund_completed" ON "refund" ("completed_at") WHERE status = 'succeeded'`,
    );
    // Appending a value keeps every order row and index as it is (no type swap, no table rewrite).
    await queryRunner.query(
      `ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'partially_refunded'`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_line" ADD CONSTRAINT "FK_56cb6ede111ffc4de617921fa18" FOREIGN KEY ("refund_id") REFERENCES "refund"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund_line" ADD CONSTRAINT "FK_b07573b6ce290d1df1347680208" FOREIGN KEY ("order_line_id") REFERENCES "order_line"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund" ADD CONSTRAINT "FK_eec9d9af4ca098e19ea6b499eaa" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund" ADD CONSTRAINT "FK_8e116348330845195dc5b1585fc" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refund" ADD CONSTRAINT "FK_a2080ca7ad0d8999f23e2515029" FOREIGN KEY ("created_by") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refund" DROP CONSTRAINT "FK_a2080ca7ad0d8999f23e2515029"`);
    await queryRunner.query(`ALTER TABLE "refund" DROP CONSTRAINT "FK_8e116348330845195dc5b1585fc"`);
    await queryRunner.query(`ALTER TABLE "refund" DROP CONSTRAINT "FK_eec9d9af4ca098e19ea6b499eaa"`);
    await queryRunner.query(`ALTER TABLE "refund_line" DROP CONSTRAINT "FK_b07573b6ce290d1df1347680208"`);
    await queryRunner.query(`ALTER TABLE "refund_line" DROP CONSTRAINT "FK_56cb6ede111ffc4de617921fa18"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_status_created"`);
    await queryRunner.query(
      `CREATE TYPE "public"."order_status_old" AS ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'expired', 'refunded')`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_event" ALTER COLUMN "to_status" TYPE "public"."order_status_old" USING "to_status"::"text"::"public"."order_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."order_status"`);
    await queryRunner.query(`ALTER TYPE "public"."order_status_old" RENAME TO "order_status"`);
    await queryRunner.query(
      `CREATE TYPE "public"."order_status_old" AS ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'expired', 'refunded')`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_event" ALTER COLUMN "from_status" TYPE "public"."order_status_old" USING "from_status"::"text"::"public"."order_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."order_status"`);
    await queryRunner.query(`ALTER TYPE "public"."order_status_old" RENAME TO "order_status"`);
    await queryRunner.query(
      `CREATE TYPE "public"."order_status_old" AS ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'expired', 'refunded')`,
    );
    await queryRunner.query(`ALTER TABLE "order" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "order" ALTER COLUMN "status" TYPE "public"."order_status_old" USING "status"::"text"::"public"."order_status_old"`,
    );
    await queryRunner.query(`ALTER TABLE "order" ALTER COLUMN "status" SET DEFAULT 'pending'`);
    await queryRunner.query(`DROP TYPE "public"."order_status"`);
    await queryRunner.query(`ALTER TYPE "public"."order_status_old" RENAME TO "order_status"`);
    await queryRunner.query(`CREATE INDEX "IDX_order_status_created" ON "order" ("status", "created_at") `);
    await queryRunner.query(`DROP INDEX "public"."IDX_refund_completed"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refund_provider_ref"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refund_payment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refund_order"`);
    await queryRunner.query(`DROP TABLE "refund"`);
    await queryRunner.query(`DROP TYPE "public"."refund_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_refund_line_refund_line"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refund_line_order_line"`);
    await queryRunner.query(`DROP TABLE "refund_line"`);
  }
}
