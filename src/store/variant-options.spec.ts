import { normalizeVariantOptions, variantOptionsErrors } from './variant-options';

describe('variant options', () => {
  it('accepts option maps, including the default {}', () => {
    expect(variantOptionsErrors({ size: 'L', colour: 'red' })).toEqual([]);
    expect(variantOptionsErrors({})).toEqual([]);
  });

  it('refuses non-objects, empty or long names and values, and too many entries', () => {
    expect(variantOptionsErrors(['L'])).toEqual(['options must be an object of option values']);
    expect(variantOptionsErrors(null)).toHaveLength(1);
    expect(variantOptionsErrors({ size: '' })).toEqual(['options.size must be a string of 1-50 characters']);
    expect(variantOptionsErrors({ size: 3 })).toHaveLength(1);
    expect(variantOptionsErrors({ ' ': 'x' })).toEqual(['option names must be 1-30 characters']);
    expect(variantOptionsErrors({ a: '1', b: '1', c: '1', d: '1', e: '1', f: '1' })).toEqual([
      'options may have at most 5 entries',
    ]);
  });

  it('trims names and values', () => {
    expect(normalizeVariantOptions({ ' size ': ' L ' })).toEqual({ size: 'L' });
  });
});
