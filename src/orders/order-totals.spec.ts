import { orderTotals, shippingFeeFor } from './order-totals';

describe('order totals', () => {
  const shipping = { fee: 500, freeOver: 5000 };

  it('charges the flat fee below the threshold and nothing from it on', () => {
    expect(shippingFeeFor(4999, shipping)).toBe(500);
    expect(shippingFeeFor(5000, shipping)).toBe(0);
    expect(shippingFeeFor(0, { fee: 300, freeOver: 0 })).toBe(0);
  });

  it('sums lines in integers', () => {
    expect(
      orderTotals(
        [
          { unitPrice: 1999, quantity: 2 },
          { unitPrice: 1, quantity: 3 },
        ],
        shipping,
      ),
    ).toEqual({
      subtotal: 4001,
      shippingFee: 500,
      total: 4501,
      itemCount: 5,
    });
    expect(orderTotals([{ unitPrice: 2500, quantity: 2 }], shipping)).toEqual({
      subtotal: 5000,
      shippingFee: 0,
      total: 5000,
      itemCount: 2,
    });
  });

  it('refuses amounts beyond safe integers', () => {
    expect(() => orderTotals([{ unitPrice: Number.MAX_SAFE_INTEGER, quantity: 2 }], shipping)).toThrow(
      RangeError,
    );
  });
});
