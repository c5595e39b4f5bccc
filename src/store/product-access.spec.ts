import { priceRange } from './product-access';

describe('priceRange', () => {
  it('is the effective price range over the variants', () => {
    const product = { price: 2000, discountPercent: 10 };
    expect(
      priceRange(product, [{ priceOverride: null }, { priceOverride: 3000 }, { priceOverride: 1000 }]),
    ).toEqual({ min: 900, max: 2700 });
    expect(priceRange(product, [{ priceOverride: null }])).toEqual({ min: 1800, max: 1800 });
    expect(priceRange(product, [])).toEqual({ min: 1800, max: 1800 });
  });
});
