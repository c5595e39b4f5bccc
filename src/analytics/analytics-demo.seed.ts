import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../accounts/role';
import { UsersService } from '../accounts/users.service';
import { AppConfig } from '../config/app-config';
import { SYSTEM_ACTOR } from '../orders/actor';
import { OrderStatus } from '../orders/order-state';
import { OrdersService } from '../orders/orders.service';

/** Days of history the demo seller's dashboard shows on first start. */
const HISTORY_DAYS = 120;
const BUYERS = 8;

/**
 * The analytics step of the demo seed: four months of paid orders for the demo seller, so its
 * charts have shape on first start. Orders are created and paid through OrdersService (the real
 * hook runs), then dated back — the one thing the API cannot do — and the rollups rebuilt from the
 * order lines. The buyers are locked accounts (no password can match `!`), not published logins.
 * Skipped when the seller already has history.
 */
@Injectable()
export class AnalyticsDemoSeed {
  private readonly logger = new Logger(AnalyticsDemoSeed.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
  ) {}

  async run(seller: { id: string }): Promise<{ orders: number }> {
    const [{ has }] = await this.dataSource.query<{ has: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM order_line ol JOIN "order" o ON o.id = ol.order_id
                       WHERE ol.seller_id = $1 AND o.paid_at < now() - interval '7 days') AS has`,
      [seller.id],
    );
    if (has) return { orders: 0 };
    const products: { id: string; variant_id: string; name: string; sku: string; price: string }[] =
      await this.dataSource.query(
        `SELECT DISTINCT ON (p.id) p.id, v.id AS variant_id, p.name, v.sku, p.price FROM product p
           JOIN product_variant v ON v.product_id = p.id
          WHERE p.seller_id = $1 AND p.active AND NOT p.archived AND p.currency = $2 AND p.discount_percent = 0
            AND v.price_override IS NULL
          ORDER BY p.id, v.position LIMIT 8`,
        [seller.id, this.config.currency],
      );
    if (!products.length) return { orders: 0 };
    const buyers: { id: string; email: string }[] = [];
    for (let i = 1; i <= BUYERS; i++) {
      const { user } = await this.users.ensure({
        email: `buyer${i}@demo.bazaar.test`,
        name: `Demo Buyer ${i}`,
        passwordHash: '!',
        role: Role.Customer,
      });
      buyers.push(user);
    }
    let count = 0;
    const now = Date.now();
    // One transaction for the whole history: one commit instead of one per order (first start is timed).
    await this.dataSource.transaction(async (m) => {
      for (let day = HISTORY_DAYS; day >= 1; day--) {
        // A weekly rhythm and slow growth, deterministic (no Math.random in seeds).
        const perDay = ((day * 7) % 4 === 0 ? 0 : 1) + (day % 7 === 2 ? 2 : 0) + (day < 45 ? 1 : 0);
        for (let k = 0; k < perDay; k++) {
          const n = day * 31 + k * 17;
          const buyer = buyers[n % buyers.length];
          const picked = [products[n % products.length], products[(n + 3) % products.length]].slice(
            0,
            1 + (n % 2),
          );
          const lines = [...new Map(picked.map((p) => [p.id, p])).values()].map((p, i) => ({
            productId: p.id,
            variantId: p.variant_id,
            sellerId: seller.id,
            productName: p.name,
            sku: p.sku,
            variantOptions: {},
            customizations: {},
            quantity: 1 + ((n + i) % 3),
            listPrice: Number(p.price),
            discountPercent: 0,
            unitPrice: Number(p.price),
            currency: this.config.currency,
          }));
          const subtotal = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
          const shippingFee = subtotal >= this.config.shipping.freeOver ? 0 : this.config.shipping.fee;
          const paidAt = new Date(now - day * 86_400_000 + ((n * 7919) % 86_400) * 1000);
          {
            const order = await this.orders.create(
              {
                userId: buyer.id,
                email: buyer.email,
                currency: this.config.currency,
                subtotal,
                shippingFee,
                total: subtotal + shippingFee,
                itemCount: lines.reduce((s, l) => s + l.quantity, 0),
                shippingAddress: DEMO_ADDRESS,
                provider: 'fake',
                idempotencyKey: null,
                lines,
              },
              SYSTEM_ACTOR,
              m,
            );
            await this.orders.transition(order.id, OrderStatus.Paid, SYSTEM_ACTOR, 'Demo history', m);
            if (day > 14) {
              await this.orders.transition(order.id, OrderStatus.Shipped, SYSTEM_ACTOR, 'Demo history', m);
              await this.orders.transition(order.id, OrderStatus.Delivered, SYSTEM_ACTOR, 'Demo history', m);
            }
            await m.query(`UPDATE "order" SET paid_at = $2, created_at = $2 WHERE id = $1`, [
              order.id,
              paidAt,
            ]);
            await m.query(`UPDATE order_event SET created_at = $2 WHERE order_id = $1`, [order.id, paidAt]);
          }
          count += 1;
        }
      }
      await m.query(`SELECT analytics_rebuild()`);
    });
    this.logger.log(`demo analytics history: ${count} paid orders over ${HISTORY_DAYS} days`);
    return { orders: count };
  }
}

const DEMO_ADDRESS = {
  firstName: 'Demo',
  lastName: 'Buyer',
  email: 'buyer@demo.bazaar.test',
  phone: '+234 803 000 0001',
  addressLine: '2 Demo Street',
  city: 'Lagos',
  state: 'Lagos',
  postalCode: '100001',
  country: 'NG',
};
