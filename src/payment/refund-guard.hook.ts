import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConflictError } from '../common/errors/domain-error';
import { OrderStatus } from '../orders/order-state';
import { OrderTransitionHooks } from '../orders/order-transition-hooks';
import { RefundLedger } from './refund-ledger';

/**
 * The refund-vs-shipment rule: an order is not shipped (or delivered) while a refund that gives
 * back everything still captured is in flight — the move is refused with 409 REFUND_IN_PROGRESS
 * and rolled back. Both sides hold the order row lock (the transition, and the refund's pending
 * row insert), so one of them always sees the other. A partial refund in flight does not block
 * shipping the rest; a failed refund unblocks it.
 */
@Injectable()
export class RefundGuardHook implements OnModuleInit {
  constructor(
    private readonly hooks: OrderTransitionHooks,
    private readonly ledger: RefundLedger,
  ) {}

  onModuleInit(): void {
    this.hooks.register('refund-guard', async ({ to, orderIds }, m) => {
      if (to !== OrderStatus.Shipped && to !== OrderStatus.Delivered) return;
      for (const orderId of orderIds) {
        const payment = await this.ledger.capturedPayment(orderId, m);
        if (!payment) continue;
        const { succeeded, pending } = await this.ledger.totals(payment.id, m);
        if (pending > 0 && succeeded + pending >= payment.amount)
          throw new ConflictError(
            'REFUND_IN_PROGRESS',
            'A full refund of this order is in progress; it cannot be shipped or delivered now',
            { orderId, inFlight: pending },
          );
      }
    });
  }
}
