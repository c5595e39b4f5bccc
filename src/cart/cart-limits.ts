import { ConflictError } from '../common/errors/domain-error';
import { exactTotal, MAX_ORDER_TOTAL, OrderTotalLimitError } from '../common/money';
import { Customizations } from '../store/customization-option';

/**
 * What bounds a cart: units per line and lines per cart (CART_MAX_LINE_QUANTITY, CART_MAX_LINES),
 * and the total, which with the flat shipping fee must stay within MAX_ORDER_TOTAL so that the
 * checkout of any cart we accepted can be totalled exactly. (The fee is counted even where
 * shipping would be free: a cart within `fee` of the limit is refused a little early, never late.)
 */
export interface CartLimits {
  maxLineQuantity: number;
  maxLines: number;
  shippingFee: number;
  currency: string;
}

/** A cart line as priced now; `counted` = in the subtotal (the product can be bought). */
export interface PricedLine {
  key: string;
  quantity: number;
  unitPrice: number;
  counted: boolean;
}

/** 409: a line would hold more units than CART_MAX_LINE_QUANTITY. */
export class CartLineQuantityLimitError extends ConflictError {
  constructor(limit: number, requested: number) {
    super(
      'CART_LINE_QUANTITY_LIMIT',
      `A cart line may hold at most ${limit} units (this change asks for ${requested})`,
      { limit, requested },
    );
  }
}

/** 409: a new line in a cart that already holds CART_MAX_LINES lines. */
export class CartLinesLimitError extends ConflictError {
  constructor(limit: number) {
    super('CART_LINES_LIMIT', `A cart may hold at most ${limit} lines; remove one first`, { limit });
  }
}

/** Which cart line an item belongs to: the variant and its canonical customisations (cart_item's unique key). */
export function lineKey(variantId: string, customizations: Customizations): string {
  const sorted = Object.keys(customizations)
    .sort()
    .map((k) => [k, customizations[k]]);
  return `${variantId} ${JSON.stringify(sorted)}`;
}

/** A line priced with its variant as it is now. */
export function pricedLine(
  line: { variantId: string; quantity: number; customizations: Customizations },
  variant: { unitPrice: number },
  counted: boolean,
): PricedLine {
  const key = lineKey(line.variantId, line.customizations);
  return { key, quantity: line.quantity, unitPrice: variant.unitPrice, counted };
}

/** Units of each variant over all lines of a cart (stock is per variant, lines per customisation). */
export function sumByVariant(lines: readonly { variantId: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.variantId, (sums.get(l.variantId) ?? 0) + l.quantity);
  return sums;
}

/**
 * Throws when setting the line `change.key` to `change.quantity` units (a new line when no line
 * has that key) breaks a limit. Only what the change adds is judged: a cart already over a limit
 * (the limits were lowered, a price rose) may still be reduced.
 */
export function assertCartChange(lines: readonly PricedLine[], change: PricedLine, limits: CartLimits): void {
  const existing = lines.find((l) => l.key === change.key);
  const before = existing?.quantity ?? 0;
  if (change.quantity > before && change.quantity > limits.maxLineQuantity)
    throw new CartLineQuantityLimitError(limits.maxLineQuantity, change.quantity);
  if (!existing && lines.length >= limits.maxLines) throw new CartLinesLimitError(limits.maxLines);
  if (change.counted && change.quantity > before) {
    const after = [...lines.filter((l) => l !== existing), change].filter((l) => l.counted);
    if (exactTotal(after, limits.shippingFee) === null) throw new OrderTotalLimitError(limits.currency);
  }
}

/**
 * Guest cart merged at login: how many of `add.quantity` units fit into `lines` without breaking a
 * limit (0 when none do). The merge keeps what fits instead of failing the login.
 */
export function mergeableQuantity(lines: readonly PricedLine[], add: PricedLine, limits: CartLimits): number {
  const existing = lines.find((l) => l.key === add.key);
  if (!existing && lines.length >= limits.maxLines) return 0;
  let quantity = Math.min(add.quantity, limits.maxLineQuantity - (existing?.quantity ?? 0));
  if (add.counted && quantity > 0 && add.unitPrice > 0) {
    const total = exactTotal(
      lines.filter((l) => l.counted),
      limits.shippingFee,
    );
    const room = total === null ? 0n : (BigInt(MAX_ORDER_TOTAL) - BigInt(total)) / BigInt(add.unitPrice);
    quantity = Math.min(quantity, Number(room));
  }
  return Math.max(0, quantity);
}

/** The cart's money as shown: exact numbers, or null where they would pass MAX_ORDER_TOTAL. */
export function cartMoney(
  lines: readonly PricedLine[],
  shippingFee: number,
): { lineTotals: (number | null)[]; subtotal: number | null; totalLimitExceeded: boolean } {
  const counted = lines.filter((l) => l.counted);
  return {
    lineTotals: lines.map((l) => exactTotal([l])),
    subtotal: exactTotal(counted),
    totalLimitExceeded: exactTotal(counted, shippingFee) === null,
  };
}
