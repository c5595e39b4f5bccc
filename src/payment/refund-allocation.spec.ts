import { allocate } from './refund-allocation';

describe('allocate (refund shares per line)', () => {
  it('shares a total in proportion, in whole minor units adding up exactly', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(5500, [4000, 1500])).toEqual([4000, 1500]);
    expect(allocate(1000, [4000, 1500])).toEqual([727, 273]);
    for (const total of [1, 7, 999, 12345]) {
      const shares = allocate(total, [3, 5, 11, 13]);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('never gives a line more than its value when the total fits', () => {
    const weights = [4000, 1500, 300];
    const shares = allocate(5799, weights);
    shares.forEach((s, i) => expect(s).toBeLessThanOrEqual(weights[i]));
  });

  it('handles no lines and zero weights', () => {
    expect(allocate(100, [])).toEqual([]);
    expect(allocate(100, [0, 0])).toEqual([0, 0]);
  });
});
