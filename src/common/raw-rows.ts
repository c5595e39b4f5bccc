import type { EntityManager } from 'typeorm';
import { assertMinorUnits } from './money';

/**
 * Reading rows of hand-written SQL. pg returns `bigint` (every money column) as a string and
 * `char(3)` (every currency) blank-padded; these helpers are the one way to turn them into what
 * the entities' `@MoneyColumn()` would give, with the same safe-integer check.
 */

/** What runs raw SQL: the DataSource, or the EntityManager of the transaction in progress. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * The rows of a parameterised SELECT, or of an INSERT … RETURNING, typed. The runner comes last,
 * like every EntityManager parameter. (For UPDATE and DELETE, TypeORM's postgres driver answers
 * `[rows, affectedCount]` instead; keep `runner.query` there.)
 */
export async function query<T>(sql: string, params: readonly unknown[], runner: Queryable): Promise<T[]> {
  return (await runner.query(sql, params as unknown[])) as T[];
}

/**
 * A money amount from a row: pg's string for `bigint` (or a number from an `int` expression), as
 * integer minor units. RangeError for anything that is not an integer or would lose precision
 * (also for null, '' or '1.5': Number() would quietly make 0 or a fraction of them).
 */
export function money(value: string | number): number {
  if (typeof value === 'number') return assertMinorUnits(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value))
    throw new RangeError(`Money amount must be an integer, got ${String(value)}`);
  return assertMinorUnits(Number(value));
}

/** `money()` for a nullable column (a variant's price override). */
export function moneyOrNull(value: string | number | null | undefined): number | null {
  return value == null ? null : money(value);
}

/** An ISO-4217 code from a `char(3)` column (pg pads shorter values with blanks). */
export function currencyCode(value: string): string {
  return value.trim();
}
