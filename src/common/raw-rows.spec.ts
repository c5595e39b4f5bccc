import { getMetadataArgsStorage, ValueTransformer } from 'typeorm';
import { MoneyColumn } from './money-column';
import { currencyCode, money, moneyOrNull } from './raw-rows';

class Priced {
  @MoneyColumn()
  amount: number;
}

describe('raw row helpers', () => {
  it('reads bigint strings and int numbers as minor units', () => {
    expect(money('1999')).toBe(1999);
    expect(money('0')).toBe(0);
    expect(money('-250')).toBe(-250);
    expect(money(42)).toBe(42);
    expect(money(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([['9007199254740993'], ['1.5'], [''], [' 12'], ['12abc'], [1.5], [Number.NaN]])(
    'refuses %p instead of losing precision or reading it as 0',
    (value) => {
      expect(() => money(value)).toThrow(RangeError);
    },
  );

  it('refuses null where an amount is required, and keeps it where it is optional', () => {
    expect(() => money(null as unknown as string)).toThrow(RangeError);
    expect(moneyOrNull(null)).toBeNull();
    expect(moneyOrNull(undefined)).toBeNull();
    expect(moneyOrNull('2499')).toBe(2499);
  });

  it('trims the blank padding of char(3) currencies', () => {
    expect(currencyCode('USD')).toBe('USD');
    expect(currencyCode('EU ')).toBe('EU');
  });

  it('is the same check as @MoneyColumn (an entity column parses with it)', () => {
    const column = getMetadataArgsStorage().columns.find(
      (c) => c.target === Priced && c.propertyName === 'amount',
    );
    const transformer = column?.options.transformer as ValueTransformer;
    expect(transformer.from('1999')).toBe(1999);
    expect(transformer.from(null)).toBeNull();
    expect(() => transformer.from('9007199254740993')).toThrow(RangeError);
    expect(() => transformer.from('1.5')).toThrow(RangeError);
  });
});
