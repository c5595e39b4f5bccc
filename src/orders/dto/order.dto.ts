import { OrderStatus } from '../order-state';
import { ShippingAddressDto } from './shipping-address.dto';

/** A line as bought: everything snapshotted at checkout. Money in minor units of the order currency. */
export class OrderLineDto {
  id: string;
  productId: string;
  /** Null once the variant was deleted from the catalog. */
  variantId: string | null;
  sellerId: string;
  /** Product name at checkout. */
  name: string;
  sku: string;
  /** @example {"size": "L"} */
  variantOptions: Record<string, string>;
  customizations: Record<string, string>;
  quantity: number;
  /** Unit price before the discount. */
  listPrice: number;
  discountPercent: number;
  /** What one unit cost. */
  unitPrice: number;
  lineTotal: number;
}

export class OrderActorDto {
  /** customer, seller, staff, admin (a user acting), system (expiry) or provider (payment). */
  kind: string;
  /** The acting user, when a user acted. */
  id: string | null;
}

/** One transition in the order's history. */
export class OrderEventDto {
  /** Null for the creation event. */
  from: OrderStatus | null;
  to: OrderStatus;
  actor: OrderActorDto;
  /**
   * Why, in words (e.g. the payment that paid it). Always null in a seller's partial view: notes
   * are written for the whole order and may name its payment or other sellers' part.
   */
  note: string | null;
  at: Date;
}

/** An order in lists: no lines. */
export class OrderSummaryDto {
  id: string;
  /** @example "BZ-000123" */
  number: string;
  status: OrderStatus;
  /** The buyer. */
  userId: string;
  email: string;
  currency: string;
  subtotal: number;
  shippingFee: number;
  total: number;
  itemCount: number;
  provider: string;
  /**
   * True when the caller is a seller seeing only their own lines of someone else's order:
   * subtotal, total and itemCount then cover those lines only, shippingFee is 0, history notes
   * are null, and sorting by total uses this total.
   */
  partial: boolean;
  createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
}

/** The delivery zone chosen at checkout, as it was named then (it may be archived since). */
export class OrderDeliveryZoneDto {
  id: string;
  /** @example "Ikeja" */
  name: string;
}

/** An order with its lines and history. */
export class OrderDto extends OrderSummaryDto {
  shippingAddress: ShippingAddressDto;
  /** Null when the shop had no delivery zones (the flat shipping fee applied). */
  deliveryZone: OrderDeliveryZoneDto | null;
  items: OrderLineDto[];
  history: OrderEventDto[];
}
