import { effectivePrice } from './pricing';

describe('effectivePrice', () => {
  it('uses the variant override before the product discount', () => {
    expect(effectivePrice({ price: 2000, discountPercent: 10 }, { priceOverride: 2500 })).toBe(2250);
    expect(effectivePrice({ price: 2000, discountPercent: 10 }, { priceOverride: null })).toBe(1800);
    expect(effectivePrice({ price: 999, discountPercent: 15 })).toBe(849); // 149.85 -> 150 off
  });
});
