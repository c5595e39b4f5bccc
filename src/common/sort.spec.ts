import { BadRequestError } from './errors/domain-error';
import { parseSort } from './sort';

describe('parseSort', () => {
  const allowed = ['price', 'name', 'createdAt'] as const;

  it('parses direction prefixes and several keys', () => {
    expect(parseSort('-price,name', allowed, 'name')).toEqual([
      { key: 'price', direction: 'DESC' },
      { key: 'name', direction: 'ASC' },
    ]);
  });

  it('falls back when empty', () => {
    expect(parseSort(undefined, allowed, '-createdAt')).toEqual([{ key: 'createdAt', direction: 'DESC' }]);
    expect(parseSort('  ', allowed, 'name')).toEqual([{ key: 'name', direction: 'ASC' }]);
  });

  it('refuses unknown or repeated keys with a 400', () => {
    expect(() => parseSort('password', allowed, 'name')).toThrow(BadRequestError);
    expect(() => parseSort('price;drop table', allowed, 'name')).toThrow(/Unknown sort/);
    expect(() => parseSort('price,-price', allowed, 'name')).toThrow(/repeated/);
  });
});
