import { OrderStatus } from '../../orders/order-state';
import { PaymentStatus } from '../entities/payment.entity';

/** The acknowledgement of a provider event. */
export class PaymentEventResultDto {
  received: boolean;
  /** The event id was processed before; nothing changed. */
  duplicate: boolean;
  /** What it did: paid, amount_mismatch, payment_failed, already_applied, order_not_payable, ignored, duplicate... */
  outcome: string;
  paymentStatus: PaymentStatus | null;
  orderStatus: OrderStatus | null;
}
