import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { ConflictError } from '../common/errors/domain-error';
import { userActor } from '../orders/actor';
import { OrderDto } from '../orders/dto/order.dto';
import { assertTransition, OrderStatus } from '../orders/order-state';
import { OrdersQueryService } from '../orders/orders-query.service';
import { OrdersService } from '../orders/orders.service';
import { CapturedPaymentRow, PaymentProviders } from './payment-providers';

/**
 * Staff refunds: paid → refunded through the provider that took the money. The provider is
 * called with no lock held; providers refund idempotently per payment reference (Stripe
 * Idempotency-Key, Paystack transaction), so a double click cannot refund twice, and the second
 * transition is refused (409) under the order lock.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly orders: OrdersService,
    private readonly query: OrdersQueryService,
  ) {}

  async refund(user: AuthUser, orderId: string): Promise<OrderDto> {
    const access = await this.query.access(user, orderId);
    assertTransition(access.status, OrderStatus.Refunded);
    const [payment]: CapturedPaymentRow[] = await this.dataSource.query(
      `SELECT id, provider, reference, provider_ref, amount, currency FROM payment
          WHERE order_id = $1 AND status = 'succeeded' ORDER BY created_at DESC LIMIT 1`,
      [orderId],
    );
    if (!payment)
      throw new ConflictError('NO_CAPTURED_PAYMENT', 'This order has no captured payment to refund');
    const result = await this.providers.refundInFull(payment);
    if (result.status === 'succeeded') {
      await this.dataSource.transaction(async (m) => {
        await this.orders.transition(
          orderId,
          OrderStatus.Refunded,
          userActor(user),
          `Refunded through ${payment.provider}`,
          m,
        );
        await m.query(`UPDATE payment SET status = 'refunded', updated_at = now() WHERE id = $1`, [
          payment.id,
        ]);
      });
    }
    // 'pending': the provider confirms by webhook (e.g. Stripe charge.refunded) through applyProviderEvent.
    return this.query.get(user, orderId);
  }
}
