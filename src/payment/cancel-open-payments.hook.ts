import { Injectable, OnModuleInit } from '@nestjs/common';
import { OrderStatus } from '../orders/order-state';
import { OrderTransitionHooks } from '../orders/order-transition-hooks';
import { PaymentSessionsService } from './payment-sessions.service';

/**
 * A cancelled or expired order will not be paid: its pending payments are cancelled in the same
 * transaction as the transition (an in-transaction reaction, not a queued job, so a payment is
 * never left pending for an order that can no longer take it).
 */
@Injectable()
export class CancelOpenPaymentsHook implements OnModuleInit {
  constructor(
    private readonly hooks: OrderTransitionHooks,
    private readonly payments: PaymentSessionsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register('cancel-open-payments', async ({ to, orderIds }, manager) => {
      if (to === OrderStatus.Cancelled || to === OrderStatus.Expired)
        await this.payments.cancelOpenPayments(orderIds, manager);
    });
  }
}
