import { Injectable, OnModuleInit } from '@nestjs/common';
import { OrderStatus } from '../orders/order-state';
import { OrderTransitionHooks } from '../orders/order-transition-hooks';

/**
 * An order becoming paid enters the rollups in the same transaction as the payment (an
 * in-transaction reaction, not a queued job: the numbers are exact the moment the payment commits,
 * so `asOf` is simply now). Later moves (shipped, delivered, refunded) change nothing here: the sale
 * stays a sale and refunds are counted by the trigger on `refund` on their own date. Checkout's
 * insert of pending orders is untouched.
 */
@Injectable()
export class AnalyticsRollupHook implements OnModuleInit {
  constructor(private readonly hooks: OrderTransitionHooks) {}

  onModuleInit(): void {
    this.hooks.register('analytics-rollup', async ({ to, orderIds }, manager) => {
      if (to === OrderStatus.Paid)
        await manager.query(`SELECT analytics_apply_orders($1::uuid[])`, [orderIds]);
    });
  }
}
