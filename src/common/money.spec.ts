import fc from 'fast-check';
import {
  applyDiscount,
  exactTotal,
  formatMoney,
  MAX_ORDER_TOTAL,
  mulDivHalfUp,
  toMajorString,
} from './money';

describe('money', () => {
  it('formats minor units by the currency exponent', () => {
    expect(toMajorString(1999, 'USD')).toBe('19.99');
    expect(toMajorString(5, 'USD')).toBe('0.05');
    expect(toMajorString(500, 'JPY')).toBe('500');
    expect(toMajorString(1234, 'KWD')).toBe('1.234');
    expect(toMajorString(-150, 'EUR')).toBe('-1.50');
    expect(formatMoney(123456789, 'USD')).toBe('$1,234,567.89');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });

  it('rounds half up in one place', () => {
    expect(mulDivHalfUp(999, 15, 100)).toBe(150); // 149.85
    expect(mulDivHalfUp(10, 5, 100)).toBe(1); // 0.5 -> 1
    expect(mulDivHalfUp(9, 5, 100)).toBe(0); // 0.45 -> 0
    expect(applyDiscount(1999, 10)).toBe(1799); // 1999 - 199.9 -> 1999 - 200
    expect(applyDiscount(1000, 0)).toBe(1000);
  });

  it('refuses floats and unsafe integers', () => {
    expect(() => toMajorString(19.99, 'USD')).toThrow(RangeError);
    expect(() => mulDivHalfUp(Number.MAX_SAFE_INTEGER, 90, 100)).toThrow(RangeError);
    expect(() => applyDiscount(100, 12.5)).toThrow(RangeError);
    expect(() => toMajorString(1, 'XXX')).toThrow(RangeError);
  });

  it('a discounted price is an integer between 0 and the price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 90 }), (amount, pct) => {
        const p = applyDiscount(amount, pct);
        return Number.isSafeInteger(p) && p >= 0 && p <= amount;
      }),
    );
  });

  it('sums line totals exactly, or says null beyond MAX_ORDER_TOTAL', () => {
    expect(exactTotal([])).toBe(0);
    expect(exactTotal([{ unitPrice: 1999, quantity: 3 }], 500)).toBe(6497);
    expect(exactTotal([{ unitPrice: MAX_ORDER_TOTAL, quantity: 1 }])).toBe(MAX_ORDER_TOTAL);
    expect(exactTotal([{ unitPrice: MAX_ORDER_TOTAL, quantity: 1 }], 1)).toBeNull();
    // 9.99e15 in floats would print 9990000000000000, which is not what 10 x 999 x 10^12 plus 1 is.
    expect(exactTotal([...Array(10)].map(() => ({ unitPrice: 1e12, quantity: 999 })))).toBeNull();
    expect(() => exactTotal([{ unitPrice: 1.5, quantity: 1 }])).toThrow(RangeError);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unitPrice: fc.integer({ min: 0, max: 1e12 }),
            quantity: fc.integer({ min: 0, max: 1e6 }),
          }),
        ),
        (lines) => {
          const exact = lines.reduce((s, l) => s + BigInt(l.unitPrice) * BigInt(l.quantity), 0n);
          const total = exactTotal(lines);
          return exact <= BigInt(MAX_ORDER_TOTAL) ? total === Number(exact) : total === null;
        },
      ),
    );
  });
});
