import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from '../accounts/role';
import { CartService } from '../cart/cart.service';
import { AppConfig } from '../config/app-config';
import { PaymentsService } from '../payment/payments.service';
import { DeliveryZonesService } from '../shipping/delivery-zones.service';
import { CustomizationOption } from '../store/customization-option';
import { SYSTEM_ACTOR } from '../orders/actor';
import { CheckoutService } from './checkout.service';
import { OrderStatus } from '../orders/order-state';
import { OrdersService } from '../orders/orders.service';

const DEMO_ADDRESS = {
  firstName: 'Demo',
  lastName: 'Customer',
  email: 'customer@bazaar.test',
  phone: '+234 803 000 0000',
  addressLine: '1 Demo Street',
  city: 'Lagos',
  state: 'Lagos',
  postalCode: '100001',
  country: 'NG',
};

/**
 * The orders step of the demo seed: the demo customer's history, placed through the real cart,
 * checkout and fake-payment code paths — one delivered order, one paid and waiting to ship, one
 * pending (it expires like any unpaid order). Skipped when the customer already has orders or
 * the fake provider is off.
 */
@Injectable()
export class OrdersDemoSeed {
  private readonly logger = new Logger(OrdersDemoSeed.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cart: CartService,
    private readonly checkout: CheckoutService,
    private readonly payments: PaymentsService,
    private readonly orders: OrdersService,
    private readonly config: AppConfig,
    private readonly zones: DeliveryZonesService,
  ) {}

  async run(customer: { id: string; email: string }): Promise<{ orders: number }> {
    if (!this.config.payments.fake) {
      this.logger.log('fake payments are off: no demo orders');
      return { orders: 0 };
    }
    const [{ has }] = await this.dataSource.query<{ has: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM "order" WHERE user_id = $1) AS has`,
      [customer.id],
    );
    if (has) return { orders: 0 };
    const products: { id: string; variant_id: string; options: CustomizationOption[] }[] =
      await this.dataSource.query(
        `SELECT p.id, v.id AS variant_id, p.customization_options AS options
         FROM product p JOIN product_variant v ON v.product_id = p.id
        WHERE p.active AND NOT p.archived AND v.stock >= 5 AND p.currency = $1
        ORDER BY p.created_at, p.id, v.position LIMIT 5`,
        [this.config.currency],
      );
    if (products.length < 3) return { orders: 0 };
    const user = { id: customer.id, email: customer.email, role: Role.Customer };
    const plans: { lines: typeof products; finalStatus: OrderStatus }[] = [
      { lines: products.slice(0, 2), finalStatus: OrderStatus.Delivered },
      { lines: products.slice(2, 3), finalStatus: OrderStatus.Paid },
      { lines: products.slice(3, 5), finalStatus: OrderStatus.Pending },
    ];
    let count = 0;
    for (const plan of plans) {
      if (!plan.lines.length) continue;
      for (const p of plan.lines) {
        await this.cart.addItem(
          { userId: user.id },
          { productId: p.id, variantId: p.variant_id, quantity: 1, customizations: demoChoices(p.options) },
        );
      }
      const { order, payment } = await this.checkout.checkout(user, {
        shippingAddress: DEMO_ADDRESS,
        deliveryZoneId: await this.zones.firstCovering(DEMO_ADDRESS),
        provider: 'fake',
      });
      count += 1;
      if (plan.finalStatus === OrderStatus.Pending) continue;
      await this.payments.applyProviderEvent({
        provider: 'fake',
        eventId: `demo-seed:${payment.reference}`,
        reference: payment.reference,
        type: 'succeeded',
        amount: order.total,
        currency: order.currency,
      });
      if (plan.finalStatus === OrderStatus.Delivered) {
        await this.dataSource.transaction(async (m) => {
          await this.orders.transition(order.id, OrderStatus.Shipped, SYSTEM_ACTOR, 'Demo seed', m);
          await this.orders.transition(order.id, OrderStatus.Delivered, SYSTEM_ACTOR, 'Demo seed', m);
        });
      }
    }
    return { orders: count };
  }
}

/** Valid choices for the required options (the first value of a select, a short text, a phone). */
function demoChoices(options: CustomizationOption[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) {
    if (!o.required) continue;
    out[o.name] =
      o.type === 'select'
        ? (o.values?.[0] ?? '')
        : o.type === 'phone'
          ? '+1 555 010 0100'
          : 'Happy birthday'.slice(0, o.maxLength ?? 40);
  }
  return out;
}
