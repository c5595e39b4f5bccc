import { MigrationInterface, QueryRunner } from 'typeorm';

export class CartOrdersPayments1795335660087 implements MigrationInterface {
  name = 'CartOrdersPayments1795335660087';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."order_status" AS ENUM('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'expired', 'refunded')`,
    );
    await queryRunner.query(
      `CREATE TABLE "order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(20) NOT NULL, "user_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "status" "public"."order_status" NOT NULL DEFAULT 'pending', "currency" character(3) NOT NULL, "subtotal" bigint NOT NULL, "shipping_fee" bigint NOT NULL, "total" bigint NOT NULL, "item_count" integer NOT NULL, "shipping_address" jsonb NOT NULL, "provider" character varying(20) NOT NULL, "idempotency_key" character varying(255), "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_order_amounts" CHECK (subtotal >= 0 AND shipping_fee >= 0 AND total = subtotal + shipping_fee), CONSTRAINT "PK_1031171c13130102495201e3e20" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_order_number" ON "order" ("number") `);
    // Human order numbers (BZ-000123) come from this sequence; gaps (rolled-back checkouts) are fine.
    await queryRunner.query(`CREATE SEQUENCE "order_number_seq" AS bigint START 1`);
    // Staff search by email prefix (declared with synchronize: false on the entity).
    await queryRunner.query(
      `CREATE INDEX "IDX_order_email_lower" ON "order" (lower("email") text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_order_user_idempotency_key" ON "order" ("user_id", "idempotency_key") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_order_created" ON "order" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_order_status_created" ON "order" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_order_user_created" ON "order" ("user_id", "created_at") `);
    await queryRunner.query(
      `CREATE TYPE "public"."payment_status" AS ENUM('pending', 'succeeded', 'failed', 'cancelled', 'refunded')`,
    );
    await queryRunner.query(
      `CREATE TABLE "payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "provider" character varying(20) NOT NULL, "reference" character varying(64) NOT NULL, "provider_ref" character varying(255), "status" "public"."payment_status" NOT NULL DEFAULT 'pending', "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "redirect_url" text, "failure_reason" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_payment_amount" CHECK (amount >= 0), CONSTRAINT "PK_fcaec7df5adf9cac408c686b2ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_payment_order" ON "payment" ("order_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_payment_reference" ON "payment" ("reference") `);
    await queryRunner.query(
      `CREATE TABLE "payment_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider" character varying(20) NOT NULL, "event_id" character varying(255) NOT NULL, "reference" character varying(64) NOT NULL, "type" character varying(30) NOT NULL, "outcome" character varying(30) NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e4a9d66fdf160a9fb9d236150f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_payment_event_reference" ON "payment_event" ("reference") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_payment_event_provider_event" ON "payment_event" ("provider", "event_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "product_id" uuid NOT NULL, "variant_id" uuid, "seller_id" uuid NOT NULL, "product_name" character varying(200) NOT NULL, "sku" character varying(64) NOT NULL, "variant_options" jsonb NOT NULL DEFAULT '{}', "customizations" jsonb NOT NULL DEFAULT '{}', "quantity" integer NOT NULL, "list_price" bigint NOT NULL, "discount_percent" smallint NOT NULL DEFAULT '0', "unit_price" bigint NOT NULL, "line_total" bigint NOT NULL, "currency" character(3) NOT NULL, "position" smallint NOT NULL, CONSTRAINT "CHK_order_line_amounts" CHECK (quantity > 0 AND unit_price >= 0 AND line_total = unit_price * quantity), CONSTRAINT "PK_01a7c973d9f30479647e44f9892" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_order_line_order" ON "order_line" ("order_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_order_line_product" ON "order_line" ("product_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_order_line_variant" ON "order_line" ("variant_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_order_line_seller" ON "order_line" ("seller_id") `);
    await queryRunner.query(
      `CREATE TABLE "order_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "from_status" "public"."order_status", "to_status" "public"."order_status" NOT NULL, "actor_kind" character varying(16) NOT NULL, "actor_id" uuid, "note" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_394b0d7613180ebee9028e9aaa1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_order_event_order" ON "order_event" ("order_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cart" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid, "token_hash" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_cart_owner" CHECK ((user_id IS NULL) <> (token_hash IS NULL)), CONSTRAINT "PK_c524ec48751b9b5bcfbf6e59be7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_cart_user" ON "cart" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_cart_token_hash" ON "cart" ("token_hash") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_cart_guest_updated" ON "cart" ("updated_at") WHERE user_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "cart_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cart_id" uuid NOT NULL, "product_id" uuid NOT NULL, "variant_id" uuid NOT NULL, "quantity" integer NOT NULL, "customizations" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_cart_item_quantity" CHECK (quantity > 0), CONSTRAINT "PK_bd94725aa84f8cf37632bcde997" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cart_item_product" ON "cart_item" ("product_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cart_item_variant" ON "cart_item" ("variant_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_cart_item_line" ON "cart_item" ("cart_id", "variant_id", "customizations") `,
    );
    await queryRunner.query(
      `ALTER TABLE "order" ADD CONSTRAINT "FK_199e32a02ddc0f47cd93181d8fd" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment" ADD CONSTRAINT "FK_f5221735ace059250daac9d9803" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_line" ADD CONSTRAINT "FK_ed8fae6d7239e9d730219215af7" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_line" ADD CONSTRAINT "FK_4526de8c78faf508b2ef1e84366" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_line" ADD CONSTRAINT "FK_2ffe997b227a9e7b4ceb4073866" FOREIGN KEY ("variant_id") REFERENCES "product_variant"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_line" ADD CONSTRAINT "FK_bd3d284e4d98be6173c0c2e538d" FOREIGN KEY ("seller_id") REFERENCES "user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_event" ADD CONSTRAINT "FK_b5ad8b36013879595c72c063178" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cart" ADD CONSTRAINT "FK_f091e86a234693a49084b4c2c86" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cart_item" ADD CONSTRAINT "FK_b6b2a4f1f533d89d218e70db941" FOREIGN KEY ("cart_id") REFERENCES "cart"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cart_item" ADD CONSTRAINT "FK_67a2e8406e01ffa24ff9026944e" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cart_item" ADD CONSTRAINT "FK_b616e11e081d5f5508398825485" FOREIGN KEY ("variant_id") REFERENCES "product_variant"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cart_item" DROP CONSTRAINT "FK_b616e11e081d5f5508398825485"`);
    await queryRunner.query(`ALTER TABLE "cart_item" DROP CONSTRAINT "FK_67a2e8406e01ffa24ff9026944e"`);
    await queryRunner.query(`ALTER TABLE "cart_item" DROP CONSTRAINT "FK_b6b2a4f1f533d89d218e70db941"`);
    await queryRunner.query(`ALTER TABLE "cart" DROP CONSTRAINT "FK_f091e86a234693a49084b4c2c86"`);
    await queryRunner.query(`ALTER TABLE "order_event" DROP CONSTRAINT "FK_b5ad8b36013879595c72c063178"`);
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_bd3d284e4d98be6173c0c2e538d"`);
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_2ffe997b227a9e7b4ceb4073866"`);
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_4526de8c78faf508b2ef1e84366"`);
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_ed8fae6d7239e9d730219215af7"`);
    await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "FK_f5221735ace059250daac9d9803"`);
    await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "FK_199e32a02ddc0f47cd93181d8fd"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cart_item_line"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cart_item_variant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cart_item_product"`);
    await queryRunner.query(`DROP TABLE "cart_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cart_guest_updated"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cart_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_cart_user"`);
    await queryRunner.query(`DROP TABLE "cart"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_event_order"`);
    await queryRunner.query(`DROP TABLE "order_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_line_seller"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_line_variant"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_line_product"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_line_order"`);
    await queryRunner.query(`DROP TABLE "order_line"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_payment_event_provider_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_payment_event_reference"`);
    await queryRunner.query(`DROP TABLE "payment_event"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_payment_reference"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_payment_order"`);
    await queryRunner.query(`DROP TABLE "payment"`);
    await queryRunner.query(`DROP TYPE "public"."payment_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_user_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_created"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_order_user_idempotency_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_order_email_lower"`);
    await queryRunner.query(`DROP SEQUENCE "order_number_seq"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_order_number"`);
    await queryRunner.query(`DROP TABLE "order"`);
    await queryRunner.query(`DROP TYPE "public"."order_status"`);
  }
}
