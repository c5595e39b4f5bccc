import { Column, ColumnOptions } from 'typeorm';
import { assertMinorUnits } from './money';

/**
 * A money amount column: `bigint` in PostgreSQL, a safe integer in JS.
 * pg returns int8 as a string; the transformer parses it and refuses anything
 * that would lose precision.
 */
export function MoneyColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({
    ...options,
    type: 'bigint',
    transformer: {
      to: (value: number | null | undefined) => (value == null ? value : assertMinorUnits(value)),
      from: (value: string | null) => (value == null ? value : assertMinorUnits(Number(value))),
    },
  });
}
