import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsRefreshTokens1795335702494 implements MigrationInterface {
  name = 'AccountsRefreshTokens1795335702494';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refresh_token_user" ON "refresh_token" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_refresh_token_family" ON "refresh_token" ("family_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_refresh_token_hash" ON "refresh_token" ("token_hash") `);
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_refresh_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_family"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_user"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
  }
}
