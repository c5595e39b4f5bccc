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

/** The API's state machine (src/orders/order-state.ts): which action each status allows. */
export const ALLOWED_FROM: Record<'ship' | 'deliver' | 'cancel' | 'refund', OrderStatus[]> = {
  ship: ['paid'],
  deliver: ['shipped'],
  cancel: ['pending'],
  refund: ['paid'],
};
