import { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshTokenExpiryIndex1796086699286 implements MigrationInterface {
  name = 'RefreshTokenExpiryIndex1796086699286';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_refresh_token_expires" ON "refresh_token" ("expires_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_token_expires"`);
  }
}
