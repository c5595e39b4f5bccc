import fc from 'fast-check';
import { exactTotal, MAX_ORDER_TOTAL } from '../common/money';
import {
  assertCartChange,
  CartLimits,
  cartMoney,
  lineKey,
  mergeableQuantity,
  PricedLine,
} from './cart-limits';

const limits: CartLimits = { maxLineQuantity: 999, maxLines: 3, shippingFee: 500, currency: 'USD' };
const line = (key: string, quantity: number, unitPrice = 1000, counted = true): PricedLine => ({
  key,
  quantity,
  unitPrice,
  counted,
});
const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return undefined;
};

describe('cart limits', () => {
  it('keys a line by variant and customisations, whatever their key order', () => {
    expect(lineKey('v1', { b: '2', a: '1' })).toBe(lineKey('v1', { a: '1', b: '2' }));
    expect(lineKey('v1', { a: '1' })).not.toBe(lineKey('v1', { a: '2' }));
    expect(lineKey('v1', {})).not.toBe(lineKey('v2', {}));
  });

  it('refuses a line above CART_MAX_LINE_QUANTITY, a line past CART_MAX_LINES, and a total past MAX_ORDER_TOTAL', () => {
    const cart = [line('a', 998), line('b', 1)];
    expect(codeOf(() => assertCartChange(cart, line('a', 999), limits))).toBeUndefined();
    expect(codeOf(() => assertCartChange(cart, line('a', 1000), limits))).toBe('CART_LINE_QUANTITY_LIMIT');
    expect(codeOf(() => assertCartChange(cart, line('c', 1), limits))).toBeUndefined();
    const full = [...cart, line('c', 1)];
    expect(codeOf(() => assertCartChange(full, line('d', 1), limits))).toBe('CART_LINES_LIMIT');
    expect(codeOf(() => assertCartChange(full, line('c', 2), limits))).toBeUndefined();
    // The cart: 999 units at the highest price are fine; one more such line is not.
    const dear = [line('a', 999, 1e12), line('b', 999, 1e12)];
    const tenTimes = { ...limits, maxLines: 100 };
    const nine = Array.from({ length: 9 }, (_, i) => line(`l${i}`, 999, 1e12));
    expect(codeOf(() => assertCartChange(dear, line('c', 999, 1e12), tenTimes))).toBeUndefined();
    expect(codeOf(() => assertCartChange(nine, line('l9', 999, 1e12), tenTimes))).toBe('ORDER_TOTAL_LIMIT');
  });

  it('lets a cart already over a limit shrink, and ignores lines that are not counted', () => {
    const over = [line('a', 5000), line('b', 1, MAX_ORDER_TOTAL), line('c', 1), line('d', 1)];
    expect(codeOf(() => assertCartChange(over, line('a', 4000), limits))).toBeUndefined();
    expect(codeOf(() => assertCartChange(over, line('b', 1, MAX_ORDER_TOTAL), limits))).toBeUndefined();
    expect(codeOf(() => assertCartChange(over, line('c', 2), limits))).toBe('ORDER_TOTAL_LIMIT');
    const unavailable = [line('x', 1, MAX_ORDER_TOTAL, false)];
    expect(codeOf(() => assertCartChange(unavailable, line('y', 5), limits))).toBeUndefined();
  });

  it('merges only what fits: line room, free lines, and money room', () => {
    expect(mergeableQuantity([line('a', 990)], line('a', 50), limits)).toBe(9);
    expect(mergeableQuantity([line('a', 1), line('b', 1), line('c', 1)], line('d', 5), limits)).toBe(0);
    expect(mergeableQuantity([line('a', 1), line('b', 1), line('c', 1)], line('c', 5), limits)).toBe(5);
    const nearlyFull = [line('a', 1, MAX_ORDER_TOTAL - 500 - 2500)];
    expect(mergeableQuantity(nearlyFull, line('b', 10, 1000), limits)).toBe(2);
    expect(mergeableQuantity(nearlyFull, line('b', 10, 1000, false), limits)).toBe(10);
    expect(mergeableQuantity([line('a', 1, MAX_ORDER_TOTAL)], line('b', 1, 0), limits)).toBe(1);
  });

  it('a merge never leaves a cart beyond its limits (property)', () => {
    const arbLine = fc.record({
      key: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      quantity: fc.integer({ min: 1, max: 2000 }),
      unitPrice: fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.constant(1e12)),
      counted: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 12 }), (guest) => {
        const cart: PricedLine[] = [];
        for (const add of guest) {
          const q = mergeableQuantity(cart, add, limits);
          if (q <= 0) continue;
          const existing = cart.find((l) => l.key === add.key);
          if (existing) existing.quantity += q;
          else cart.push({ ...add, quantity: q });
        }
        const counted = cart.filter((l) => l.counted);
        return (
          cart.length <= limits.maxLines &&
          cart.every((l) => l.quantity <= limits.maxLineQuantity) &&
          exactTotal(counted, limits.shippingFee) !== null
        );
      }),
    );
  });

  it('shows exact money or null, never a rounded number', () => {
    expect(cartMoney([line('a', 2, 1999), line('b', 1, 500, false)], 500)).toEqual({
      lineTotals: [3998, 500],
      subtotal: 3998,
      totalLimitExceeded: false,
    });
    // A price raised after adding: 10 lines of 999 x 10^12 would print as 9990000000000000.
    const raised = Array.from({ length: 10 }, (_, i) => line(`l${i}`, 999, 1e12));
    expect(cartMoney(raised, 500)).toEqual({
      lineTotals: Array(10).fill(999e12),
      subtotal: null,
      totalLimitExceeded: true,
    });
    expect(cartMoney([line('a', 1, MAX_ORDER_TOTAL)], 500)).toEqual({
      lineTotals: [MAX_ORDER_TOTAL],
      subtotal: MAX_ORDER_TOTAL,
      totalLimitExceeded: true,
    });
    expect(cartMoney([line('a', 3, MAX_ORDER_TOTAL)], 0).lineTotals).toEqual([null]);
  });
});
