import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { csvRow } from '../common/csv';
import { toMajorString } from '../common/money';
import { currencyCode, money, query } from '../common/raw-rows';
import { OrderFilters } from './dto/list-orders-query.dto';
import { assertOrderFilters, orderFilters } from './orders-query.service';

/** Orders per round trip: memory stays flat however many orders match. */
export const ORDERS_EXPORT_BATCH = 500;

export const ORDERS_EXPORT_HEADER = [
  'order_number',
  'order_id',
  'placed_at',
  'paid_at',
  'status',
  'customer_email',
  'seller_id',
  'product_id',
  'product_name',
  'sku',
  'options',
  'quantity',
  'unit_price',
  'unit_price_minor',
  'line_total',
  'line_total_minor',
  'currency',
] as const;

interface ExportRow {
  order_id: string;
  number: string;
  created_at: Date;
  paid_at: Date | null;
  status: string;
  email: string;
  currency: string;
  seller_id: string;
  product_id: string;
  product_name: string;
  sku: string;
  variant_options: Record<string, string>;
  customizations: Record<string, string>;
  quantity: number;
  unit_price: string;
  line_total: string;
}

/**
 * GET /orders/export.csv: one row per order line, orders oldest first, with the list's filters.
 * Staff get every line; a seller gets only its own lines (of orders it sold into, not those it
 * bought). Read in keyset pages of ORDERS_EXPORT_BATCH orders and written as they are read, so an
 * export of the whole history never sits in memory. RFC 4180 via common/csv (as the analytics
 * export); amounts as a decimal string in the order's currency and as the minor-unit integer.
 */
@Injectable()
export class OrdersExportService {
  constructor(private readonly dataSource: DataSource) {}

  stream(user: AuthUser, q: OrderFilters, batch = ORDERS_EXPORT_BATCH): Readable {
    assertOrderFilters(user, q); // before the 200 goes out
    return Readable.from(this.encode(user, q, batch), { objectMode: false });
  }

  private async *encode(user: AuthUser, q: OrderFilters, batch: number): AsyncGenerator<Buffer> {
    yield Buffer.from(csvRow(ORDERS_EXPORT_HEADER));
    for await (const row of this.rows(user, q, batch)) yield Buffer.from(csvRow(row));
  }

  private async *rows(user: AuthUser, q: OrderFilters, batch: number) {
    let cursor: [string, string] | null = null;
    for (;;) {
      const params: unknown[] = [];
      const p = (value: unknown) => `$${params.push(value)}`;
      const where = orderFilters(user, q, p);
      const seller = isStaff(user.role) ? null : p(user.id);
      if (seller) where.push(`o.id IN (SELECT l.order_id FROM order_line l WHERE l.seller_id = ${seller})`);
      if (cursor) where.push(`(o.created_at, o.id) > (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::uuid)`);
      const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
      // The page of orders first (index on created_at), then their lines (index on order_id).
      const page = await query<{ id: string; cursor: string }>(
        `SELECT o.id, o.created_at::text AS cursor FROM "order" o ${whereSql}
          ORDER BY o.created_at, o.id LIMIT ${p(batch)}`,
        params,
        this.dataSource,
      );
      if (!page.length) break;
      const rows = await query<ExportRow>(
        `SELECT o.id AS order_id, o.number, o.created_at, o.paid_at, o.status, o.email, o.currency,
                l.seller_id, l.product_id, l.product_name, l.sku, l.variant_options, l.customizations,
                l.quantity, l.unit_price, l.line_total
           FROM "order" o JOIN order_line l ON l.order_id = o.id
          WHERE o.id = ANY($1::uuid[]) ${seller ? 'AND l.seller_id = $2' : ''}
          ORDER BY o.created_at, o.id, l.position, l.id`,
        seller ? [page.map((o) => o.id), user.id] : [page.map((o) => o.id)],
        this.dataSource,
      );
      for (const r of rows) {
        const currency = currencyCode(r.currency);
        const unit = money(r.unit_price);
        const total = money(r.line_total);
        const options = Object.entries({ ...r.variant_options, ...r.customizations })
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ');
        yield [
          r.number,
          r.order_id,
          r.created_at.toISOString(),
          r.paid_at?.toISOString() ?? '',
          r.status,
          r.email,
          r.seller_id,
          r.product_id,
          r.product_name,
          r.sku,
          options,
          r.quantity,
          toMajorString(unit, currency),
          unit,
          toMajorString(total, currency),
          total,
          currency,
        ];
      }
      if (page.length < batch) break;
      const last = page[page.length - 1];
      cursor = [last.cursor, last.id];
    }
  }
}
