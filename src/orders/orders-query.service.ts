import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { isStaff, Role } from '../accounts/role';
import { ForbiddenError, NotFoundError } from '../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../common/pagination';
import { currencyCode, money } from '../common/raw-rows';
import { parseSort } from '../common/sort';
import { ListOrdersQueryDto, ORDER_SORT_KEYS, OrderFilters } from './dto/list-orders-query.dto';
import { OrderDto, OrderEventDto, OrderLineDto, OrderSummaryDto } from './dto/order.dto';
import { ShippingAddressDto } from './dto/shipping-address.dto';
import { OrderStatus } from './order-state';
import { prepared } from '../database/prepared-statement-cache';

/** What the caller may do with an order, from one query. */
export interface OrderAccess {
  status: OrderStatus;
  owner: boolean;
  staff: boolean;
  /** The caller is a seller with lines in it. */
  hasMine: boolean;
  /** Every line is the caller's. */
  onlyMine: boolean;
}

const SORT_COLUMNS: Record<(typeof ORDER_SORT_KEYS)[number], string> = {
  createdAt: 'o.created_at',
  total: 'o.total',
  number: 'o.number',
  status: 'o.status',
};

interface SummaryRow {
  id: string;
  number: string;
  status: OrderStatus;
  user_id: string;
  email: string;
  currency: string;
  subtotal: string;
  shipping_fee: string;
  total: string;
  item_count: number;
  provider: string;
  partial: boolean;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
  shipping_address?: ShippingAddressDto;
}

/**
 * Reading orders with visibility applied in SQL: customers see their own; staff see all; a seller
 * also sees orders containing their products, reduced to their own lines (`partial`): amounts over
 * those lines, no shipping fee, history without notes, sorted by what it sees.
 */
@Injectable()
export class OrdersQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: AuthUser, q: ListOrdersQueryDto): Promise<Page<OrderSummaryDto>> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    const sellerView = user.role === Role.Seller;
    const me = isStaff(user.role) ? '' : p(user.id);
    if (!isStaff(user.role)) {
      where.push(
        sellerView
          ? // Both sides come from an index (order by user, lines by seller); an OR with EXISTS would scan every order.
            `o.id IN (SELECT b.id FROM "order" b WHERE b.user_id = ${me} UNION SELECT l.order_id FROM order_line l WHERE l.seller_id = ${me})`
          : `o.user_id = ${me}`,
      );
    }
    where.push(...orderFilters(user, q, p));
    const order = parseSort(q.sort, ORDER_SORT_KEYS, '-createdAt')
      // A seller sorts by the total it sees (its own lines), the output column: sorting by the
      // whole order's total would rank orders by amounts that are not the seller's to know.
      .map((s) => `${sellerView && s.key === 'total' ? 'total' : SORT_COLUMNS[s.key]} ${s.direction}`)
      .concat('o.id DESC')
      .join(', ');
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM "order" o ${whereSql}`,
      params,
    );
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT ${this.summaryColumns(me, sellerView)}
         FROM "order" o ${this.sellerJoin(me, sellerView)}
         ${whereSql}
        ORDER BY ${order}
        LIMIT ${p(q.perPage)} OFFSET ${p(offsetOf(q))}`,
      params,
    );
    return toPage(rows.map(toSummary), Number(count), q);
  }

  /**
   * One order as the caller may see it (404 when they may not see it at all), with its lines and
   * history aggregated in the same query: one round trip.
   */
  async get(user: AuthUser, orderId: string, manager?: EntityManager): Promise<OrderDto> {
    const m = manager ?? this.dataSource.manager;
    const sellerView = user.role === Role.Seller;
    // A seller who is not the buyer sees only their own lines, and the history without its notes:
    // they are written for the whole order (e.g. the payment reference, whose public status
    // shows the whole order's amount; refund and cancel reasons).
    const lineFilter = sellerView ? 'AND (o.user_id = $2 OR l.seller_id = $2)' : '';
    const note = sellerView ? 'CASE WHEN o.user_id = $2 THEN note END' : 'note';
    const [row]: (SummaryRow & {
      lines: LineRow[];
      events: EventRow[];
      delivery_zone_id: string | null;
      delivery_zone_name: string | null;
    })[] = await m.query(
      prepared(`SELECT ${this.summaryColumns('$2', sellerView)}, o.shipping_address, o.delivery_zone_id, o.delivery_zone_name,
              (SELECT coalesce(json_agg(x ORDER BY x.position, x.id), '[]')
                 FROM (SELECT l.id, l.product_id, l.variant_id, l.seller_id, l.product_name, l.sku, l.variant_options, l.customizations,
                              l.quantity, l.list_price, l.discount_percent, l.unit_price, l.line_total, l.position
                         FROM order_line l WHERE l.order_id = o.id ${lineFilter}) x) AS lines,
              (SELECT coalesce(json_agg(e ORDER BY e.created_at, e.id), '[]')
                 FROM (SELECT id, from_status, to_status, actor_kind, actor_id, ${note} AS note, created_at
                         FROM order_event WHERE order_id = o.id) e) AS events
         FROM "order" o ${this.sellerJoin('$2', sellerView)}
        WHERE o.id = $1`),
      sellerView ? [orderId, user.id] : [orderId],
    );
    const visible =
      row && (row.user_id === user.id || isStaff(user.role) || (sellerView && row.item_count > 0));
    if (!visible) throw new NotFoundError('Order', { orderId });
    return {
      ...toSummary(row),
      shippingAddress: row.shipping_address!,
      deliveryZone: row.delivery_zone_id ? { id: row.delivery_zone_id, name: row.delivery_zone_name! } : null,
      items: row.lines.map(toLine),
      history: row.events.map(toEvent),
    };
  }

  /** Who the caller is to this order (one query, no lock). */
  async access(user: AuthUser, orderId: string): Promise<OrderAccess> {
    const [row]: { user_id: string; status: OrderStatus; has_mine: boolean; only_mine: boolean }[] =
      await this.dataSource.query(
        `SELECT o.user_id, o.status,
              EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.seller_id = $2) AS has_mine,
              NOT EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND l.seller_id <> $2) AS only_mine
         FROM "order" o WHERE o.id = $1`,
        [orderId, user.id],
      );
    const staff = isStaff(user.role);
    const owner = row?.user_id === user.id;
    const hasMine = !!row && user.role === Role.Seller && row.has_mine;
    if (!row || !(owner || staff || hasMine)) throw new NotFoundError('Order', { orderId });
    return { status: row.status, owner, staff, hasMine, onlyMine: hasMine && row.only_mine };
  }

  /**
   * A seller looking at someone else's order sees only their lines: the amounts are recomputed
   * over those lines (LEFT JOIN LATERAL on the seller's lines, by order_id index).
   */
  private summaryColumns(me: string, sellerView: boolean): string {
    const partial = sellerView ? `(o.user_id <> ${me})` : 'false';
    const pick = (own: string, mine: string) =>
      sellerView ? `CASE WHEN ${partial} THEN ${mine} ELSE ${own} END` : own;
    return `o.id, o.number, o.status, o.user_id, o.email, o.currency, o.provider, o.created_at, o.updated_at, o.paid_at,
            ${partial} AS partial,
            ${pick('o.subtotal', 'coalesce(mine.subtotal, 0)')} AS subtotal,
            ${pick('o.shipping_fee', '0')} AS shipping_fee,
            ${pick('o.total', 'coalesce(mine.subtotal, 0)')} AS total,
            ${pick('o.item_count', 'coalesce(mine.item_count, 0)')}::int AS item_count`;
  }

  private sellerJoin(me: string, sellerView: boolean): string {
    if (!sellerView) return '';
    return `LEFT JOIN LATERAL (
              SELECT sum(l.line_total) AS subtotal, sum(l.quantity) AS item_count
                FROM order_line l WHERE l.order_id = o.id AND l.seller_id = ${me}::uuid AND o.user_id <> ${me}::uuid
            ) mine ON true`;
  }
}

interface LineRow {
  id: string;
  product_id: string;
  variant_id: string | null;
  seller_id: string;
  product_name: string;
  sku: string;
  variant_options: Record<string, string>;
  customizations: Record<string, string>;
  quantity: number;
  list_price: string | number;
  discount_percent: number;
  unit_price: string | number;
  line_total: string | number;
}

interface EventRow {
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor_kind: string;
  actor_id: string | null;
  note: string | null;
  /** A string when it comes through json_agg. */
  created_at: Date | string;
}

function toSummary(r: SummaryRow): OrderSummaryDto {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    userId: r.user_id,
    email: r.email,
    currency: currencyCode(r.currency),
    subtotal: money(r.subtotal),
    shippingFee: money(r.shipping_fee),
    total: money(r.total),
    itemCount: r.item_count,
    provider: r.provider,
    partial: r.partial,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    paidAt: r.paid_at,
  };
}

function toLine(r: LineRow): OrderLineDto {
  return {
    id: r.id,
    productId: r.product_id,
    variantId: r.variant_id,
    sellerId: r.seller_id,
    name: r.product_name,
    sku: r.sku,
    variantOptions: r.variant_options,
    customizations: r.customizations,
    quantity: r.quantity,
    listPrice: money(r.list_price),
    discountPercent: r.discount_percent,
    unitPrice: money(r.unit_price),
    lineTotal: money(r.line_total),
  };
}

function toEvent(r: EventRow): OrderEventDto {
  return {
    from: r.from_status,
    to: r.to_status,
    actor: { kind: r.actor_kind, id: r.actor_id },
    note: r.note,
    at: new Date(r.created_at),
  };
}

/** 403 for a filter the caller may not use (checked before a CSV export starts streaming). */
export function assertOrderFilters(user: AuthUser, q: OrderFilters): void {
  if (q.seller && !isStaff(user.role))
    throw new ForbiddenError('Only staff filter orders by seller', { field: 'seller' });
}

/**
 * The list's filters (status, dates, customer, seller, number, `q`) as SQL conditions on
 * `"order" o`. Only staff filter by seller: for a seller the filter would tell which of its orders
 * also hold another seller's lines.
 */
export function orderFilters(user: AuthUser, q: OrderFilters, p: (value: unknown) => string): string[] {
  assertOrderFilters(user, q);
  const where: string[] = [];
  if (q.status) where.push(`o.status = ${p(q.status)}`);
  if (q.from) where.push(`o.created_at >= ${p(new Date(q.from))}`);
  if (q.to) where.push(`o.created_at < ${p(new Date(q.to))}`);
  if (q.customer) where.push(`o.user_id = ${p(q.customer)}`);
  if (q.seller)
    where.push(`o.id IN (SELECT l.order_id FROM order_line l WHERE l.seller_id = ${p(q.seller)})`);
  if (q.number) where.push(`o.number = ${p(normalizeNumber(q.number))}`);
  if (q.q?.trim()) {
    const term = q.q.trim();
    where.push(
      `(o.number = ${p(normalizeNumber(term))} OR lower(o.email) LIKE ${p(`${escapeLike(term.toLowerCase())}%`)})`,
    );
  }
  return where;
}

/** `123`, `bz-123`, `BZ-000123` all mean BZ-000123. */
export function normalizeNumber(input: string): string {
  const digits = input.trim().toUpperCase().replace(/^BZ-?/, '');
  if (!/^\d+$/.test(digits)) return input.trim().toUpperCase();
  const n = digits.replace(/^0+(?=\d)/, '');
  return `BZ-${n.padStart(6, '0')}`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
