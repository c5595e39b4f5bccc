import type { OrderStatus } from '../../api/types';

export const ORDER_STATUS_CHOICES: { id: OrderStatus; name: string }[] = [
  { id: 'pending', name: 'Pending' },
  { id: 'paid', name: 'Paid' },
  { id: 'shipped', name: 'Shipped' },
  { id: 'delivered', name: 'Delivered' },
  { id: 'cancelled', name: 'Cancelled' },
  { id: 'expired', name: 'Expired' },
  { id: 'refunded', name: 'Refunded' },
  { id: 'partially_refunded', name: 'Partially refunded' },
];

/**
 * The API's state machine (src/orders/order-state.ts ORDER_TRANSITIONS and REFUNDABLE): which
 * action each status allows. A partially refunded order still has goods to send and money left.
 */
export const ALLOWED_FROM: Record<'ship' | 'deliver' | 'cancel' | 'refund', OrderStatus[]> = {
  ship: ['paid', 'partially_refunded'],
  deliver: ['shipped', 'partially_refunded'],
  cancel: ['pending'],
  refund: ['paid', 'shipped', 'delivered', 'partially_refunded'],
};
