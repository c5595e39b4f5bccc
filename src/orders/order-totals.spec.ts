import { MAX_ORDER_TOTAL, OrderTotalLimitError } from '../common/money';
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
        'USD',
      ),
    ).toEqual({
      subtotal: 4001,
      shippingFee: 500,
      total: 4501,
      itemCount: 5,
    });
    expect(orderTotals([{ unitPrice: 2500, quantity: 2 }], shipping, 'USD')).toEqual({
      subtotal: 5000,
      shippingFee: 0,
      total: 5000,
      itemCount: 2,
    });
  });

  it('refuses a total beyond MAX_ORDER_TOTAL with 409 ORDER_TOTAL_LIMIT, never a rounded number', () => {
    // The case: 10 lines of 999 units at the highest product price.
    const lines = Array.from({ length: 10 }, () => ({ unitPrice: 1_000_000_000_000, quantity: 999 }));
    const refuse = (l: typeof lines, s = shipping) => {
      try {
        orderTotals(l, s, 'USD');
      } catch (err) {
        return err as OrderTotalLimitError;
      }
      throw new Error('expected a refusal');
    };
    const error = refuse(lines);
    expect(error).toBeInstanceOf(OrderTotalLimitError);
    expect([error.status, error.code, error.message]).toEqual([
      409,
      'ORDER_TOTAL_LIMIT',
      'An order may total at most $90,071,992,547,409.91; remove some items',
    ]);
    expect(refuse([{ unitPrice: Number.MAX_SAFE_INTEGER, quantity: 2 }]).code).toBe('ORDER_TOTAL_LIMIT');
    // Exactly at the limit is fine; one more unit of shipping is not.
    const below = [{ unitPrice: MAX_ORDER_TOTAL - 1, quantity: 1 }];
    const paidShipping = (fee: number) => ({ fee, freeOver: MAX_ORDER_TOTAL });
    expect(orderTotals(below, paidShipping(1), 'USD').total).toBe(MAX_ORDER_TOTAL);
    expect(refuse(below, paidShipping(2)).code).toBe('ORDER_TOTAL_LIMIT');
  });
});
