import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Recomputes every rollup from the order lines and refunds (analytics_rebuild(), one transaction).
 * Readers keep reading the old numbers until it commits; payments and refunds that commit meanwhile
 * wait on its locks and then add themselves on top, so none is lost or counted twice. Idempotent.
 */
@Injectable()
export class AnalyticsRebuildService {
  constructor(private readonly dataSource: DataSource) {}

  async rebuild(): Promise<{ orders: number; ms: number }> {
    const started = Date.now();
    await this.dataSource.transaction((m) => m.query(`SELECT analytics_rebuild()`));
    const [row]: { orders: string }[] = await this.dataSource.query(
      `SELECT count(*) AS orders FROM analytics_order_fact WHERE seller_id = '00000000-0000-0000-0000-000000000000'`,
    );
    return { orders: Number(row.orders), ms: Date.now() - started };
  }
}
