import type { VariantView } from '../store/stock.service';
import { CartLimits, cartMoney, pricedLine, sumByVariant } from './cart-limits';
import type { CartLine } from './cart.service';
import { exactTotal } from '../common/money';
import type { DeliveryRule } from './cart-delivery-preview';
import { CartDeliveryDto, CartDto, CartItemDto } from './dto/cart.dto';

/**
 * A cart as shoppers see it: each line priced now, flagged when it cannot be bought or is short
 * of stock. Money is exact: a line total or subtotal that a price raised after adding has pushed
 * past MAX_ORDER_TOTAL is null (and `totalLimitExceeded` set), never a rounded number.
 */
export function toCartDto(
  cart: { id: string | null; token?: string },
  lines: readonly CartLine[],
  variants: Map<string, VariantView>,
  limits: Pick<CartLimits, 'currency' | 'shippingFee'>,
  isBuyable: (v: VariantView) => boolean,
): CartDto {
  const perVariant = sumByVariant(lines);
  const shown = lines.flatMap((line) => {
    const v = variants.get(line.variantId);
    return v ? [{ line, v, unavailable: !isBuyable(v) }] : []; // deleted since (the FK cascade removes the line)
  });
  const money = cartMoney(
    shown.map(({ line, v, unavailable }) => pricedLine(line, v, !unavailable)),
    limits.shippingFee,
  );
  const items: CartItemDto[] = shown.map(({ line, v, unavailable }, i) => ({
    id: line.id,
    productId: v.productId,
    variantId: v.variantId,
    name: v.productName,
    product: { id: v.productId, name: v.productName, slug: v.productSlug, imageUrl: v.imageUrl },
    variant: { id: v.variantId, sku: v.sku, options: v.options },
    quantity: line.quantity,
    customizations: line.customizations,
    unitPrice: v.unitPrice,
    lineTotal: money.lineTotals[i],
    available: Math.max(0, v.stock),
    unavailable,
    shortOfStock: !unavailable && perVariant.get(v.variantId)! > v.stock,
  }));
  return {
    id: cart.id,
    ...(cart.token ? { token: cart.token } : {}),
    items,
    subtotal: money.subtotal,
    totalLimitExceeded: money.totalLimitExceeded,
    itemCount: items.reduce((s, i) => s + i.quantity, 0),
    currency: limits.currency,
  };
}

/** The delivery part of `GET /cart?deliveryZoneId=`: the zone's fee for this subtotal, as checkout applies it. */
export function deliveryPreview(subtotal: number | null, rule: DeliveryRule): CartDeliveryDto {
  const fee = subtotal !== null && rule.freeOver !== null && subtotal >= rule.freeOver ? 0 : rule.fee;
  return {
    zoneId: rule.zone!.id,
    zoneName: rule.zone!.name,
    estimatedDaysMin: rule.zone!.estimatedDaysMin,
    estimatedDaysMax: rule.zone!.estimatedDaysMax,
    fee,
    freeOver: rule.freeOver,
    total: subtotal === null ? null : exactTotal([{ unitPrice: subtotal, quantity: 1 }], fee),
  };
}
