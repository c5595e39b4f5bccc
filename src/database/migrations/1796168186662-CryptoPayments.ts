import { MigrationInterface, QueryRunner } from 'typeorm';

export class CryptoPayments1796168186662 implements MigrationInterface {
  name = 'CryptoPayments1796168186662';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Deposit address indexes (child 0/i of CRYPTO_XPUB): non-hardened BIP-32 indexes stop at 2^31 - 1.
    await queryRunner.query(
      `CREATE SEQUENCE "crypto_address_index_seq" AS integer MINVALUE 0 START WITH 0 MAXVALUE 2147483647 NO CYCLE`,
    );
    await queryRunner.query(
      `CREATE TABLE "crypto_deposit" ("payment_id" uuid NOT NULL, "chain_id" integer NOT NULL, "token_address" character varying(42) NOT NULL, "address_index" integer NOT NULL, "address" character varying(42) NOT NULL, "decimals" smallint NOT NULL, "expected" numeric(78,0) NOT NULL, "start_block" bigint NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "watch_until" TIMESTAMP WITH TIME ZONE NOT NULL, "settled_at" TIMESTAMP WITH TIME ZONE, "outcome" character varying(20), "refund_tx_hash" character varying(66), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d9531958c5acede4bd9c7ac42b8" PRIMARY KEY ("payment_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_crypto_deposit_address_index" ON "crypto_deposit" ("address_index") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_crypto_deposit_address" ON "crypto_deposit" ("address") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_crypto_deposit_watch_until" ON "crypto_deposit" ("watch_until") `,
    );
    await queryRunner.query(
      `CREATE TABLE "crypto_transfer" ("id" character varying(100) NOT NULL, "payment_id" uuid NOT NULL, "block_number" bigint NOT NULL, "block_hash" character varying(66) NOT NULL, "tx_hash" character varying(66) NOT NULL, "log_index" integer NOT NULL, "from_address" character varying(42) NOT NULL, "amount" numeric(78,0) NOT NULL, "status" character varying(10) NOT NULL, "refund_due" numeric(78,0), "refund_reason" character varying(20), "refund_tx_hash" character varying(66), "refunded_at" TIMESTAMP WITH TIME ZONE, "refunded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9e7756ad93a5033f670c4ba2b59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_crypto_transfer_payment" ON "crypto_transfer" ("payment_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_crypto_transfer_refund_due" ON "crypto_transfer" ("created_at") WHERE refund_due > 0 AND refund_tx_hash IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "crypto_chain_cursor" ("chain_id" integer NOT NULL, "token_address" character varying(42) NOT NULL, "scanned_block" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_828074b208becafdf04794b9468" PRIMARY KEY ("chain_id", "token_address"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "crypto_deposit" ADD CONSTRAINT "FK_d9531958c5acede4bd9c7ac42b8" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "crypto_transfer" ADD CONSTRAINT "FK_fe37a0b0abca5f839ba7a6ea34e" FOREIGN KEY ("payment_id") REFERENCES "crypto_deposit"("payment_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crypto_transfer" DROP CONSTRAINT "FK_fe37a0b0abca5f839ba7a6ea34e"`);
    await queryRunner.query(`ALTER TABLE "crypto_deposit" DROP CONSTRAINT "FK_d9531958c5acede4bd9c7ac42b8"`);
    await queryRunner.query(`DROP TABLE "crypto_chain_cursor"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_crypto_transfer_refund_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_crypto_transfer_payment"`);
    await queryRunner.query(`DROP TABLE "crypto_transfer"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_crypto_deposit_watch_until"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_crypto_deposit_address"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_crypto_deposit_address_index"`);
    await queryRunner.query(`DROP TABLE "crypto_deposit"`);
    await queryRunner.query(`DROP SEQUENCE "crypto_address_index_seq"`);
  }
}
