/** The product a cart line refers to, as shoppers see it now. */
export class CartProductDto {
  id: string;
  name: string;
  slug: string;
  /** Thumbnail of the first image, if any. */
  imageUrl: string | null;
}

export class CartVariantDto {
  id: string;
  sku: string;
  /** @example {"size": "L"} */
  options: Record<string, string>;
}

export class CartItemDto {
  id: string;
  productId: string;
  variantId: string;
  /** Product name. */
  name: string;
  product: CartProductDto;
  variant: CartVariantDto;
  quantity: number;
  /** Canonical customisations (keys sorted). */
  customizations: Record<string, string>;
  /** Current price of one unit, in minor units. */
  unitPrice: number;
  /** unitPrice x quantity; null when it is more than an order may total (never a rounded number). */
  lineTotal: number | null;
  /** Units of this variant in stock now. */
  available: number;
  /** The product can no longer be bought (deactivated, archived, seller inactive); not in the subtotal. */
  unavailable: boolean;
  /** The cart holds more units of this variant than are in stock. */
  shortOfStock: boolean;
}

/** `GET /cart?deliveryZoneId=`: what delivery to that zone would cost for this cart now. */
export class CartDeliveryDto {
  zoneId: string;
  /** @example "Ikeja" */
  zoneName: string;
  estimatedDaysMin: number | null;
  estimatedDaysMax: number | null;
  /** The fee this cart would pay, in minor units: 0 once the subtotal reaches `freeOver`. */
  fee: number;
  /** Subtotal from which delivery to this zone is free; null when it never is. */
  freeOver: number | null;
  /** subtotal + fee; null when the subtotal is null or the sum is more than an order may total. */
  total: number | null;
}

export class CartDto {
  /** Null until something is added. */
  id: string | null;
  /** Guest carts only: send it back as `X-Cart-Token` (also in the response header). */
  token?: string;
  items: CartItemDto[];
  /**
   * Sum of line totals of available lines, in minor units; null when it is more than an order may
   * total (9,007,199,254,740,991 minor units), which only a price rise after adding can cause.
   */
  subtotal: number | null;
  /**
   * The subtotal with the shipping fee is more than an order may total: checkout answers 409
   * ORDER_TOTAL_LIMIT until lines are removed or reduced.
   */
  totalLimitExceeded: boolean;
  /** Sum of quantities. */
  itemCount: number;
  currency: string;
  /** Only with `?deliveryZoneId=`: the delivery fee and total for that zone. */
  delivery?: CartDeliveryDto;
}
