import { Column, ColumnOptions } from 'typeorm';
import { assertMinorUnits } from './money';
import { money } from './raw-rows';

/**
 * A money amount column: `bigint` in PostgreSQL, a safe integer in JS.
 * pg returns int8 as a string; the transformer parses it with `money()` (the parser raw-SQL rows
 * use too) and refuses anything that would lose precision.
 */
export function MoneyColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({
    ...options,
    type: 'bigint',
    transformer: {
      to: (value: number | null | undefined) => (value == null ? value : assertMinorUnits(value)),
      from: (value: string | null) => (value == null ? value : money(value)),
    },
  });
}
