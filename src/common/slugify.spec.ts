import fc from 'fast-check';
import { SLUG_PATTERN, slugify, withRandomSuffix } from './slugify';

describe('slugify', () => {
  it('lowercases, folds accents and joins words with single hyphens', () => {
    expect(slugify('Temperature Bottles')).toBe('temperature-bottles');
    expect(slugify('  Crème   Brûlée -- Mug!! ')).toBe('creme-brulee-mug');
    expect(slugify("Mum's Gift & Card")).toBe('mums-gift-and-card');
    expect(slugify('Straße Ærø')).toBe('strasse-aero');
    expect(slugify('500ml Bottle (Blue)')).toBe('500ml-bottle-blue');
  });

  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('!!!')).toBe('');
    expect(slugify('日本')).toBe('');
  });

  it('respects the max length without a trailing hyphen', () => {
    expect(slugify('abc def ghi', 8)).toBe('abc-def');
    expect(slugify('a'.repeat(300))).toHaveLength(100);
  });

  it('always produces a valid slug or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const slug = slugify(s);
        return slug === '' || (SLUG_PATTERN.test(slug) && slug.length <= 100);
      }),
    );
  });

  it('suffixes a base slug within the length limit', () => {
    const s = withRandomSuffix('x'.repeat(100));
    expect(s).toMatch(/^x{93}-[0-9a-f]{6}$/);
    expect(withRandomSuffix('blue-bottle')).toMatch(/^blue-bottle-[0-9a-f]{6}$/);
  });
});
