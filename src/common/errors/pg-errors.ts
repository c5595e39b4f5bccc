import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';

/** The PostgreSQL error codes (SQLSTATE) the code base reacts to. */
export const PgCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  InvalidTextRepresentation: '22P02',
  NumericValueOutOfRange: '22003',
  InvalidDatetimeFormat: '22007',
  DatetimeFieldOverflow: '22008',
  CharacterNotInRepertoire: '22021',
  UntranslatableCharacter: '22P05',
  StringDataRightTruncation: '22001',
  DeadlockDetected: '40P01',
  SerializationFailure: '40001',
} as const;

/** What PostgreSQL says about a failed statement (the fields of pg's DatabaseError we use). */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/**
 * The PostgreSQL error behind a failure, or undefined when it is not one: through TypeORM (a
 * QueryFailedError wraps the driver's error) or straight from the pg pool (the catalog's prepared
 * reads). The one parser of driver errors: the exception filter and the services that recover from
 * a specific constraint all go through it.
 */
export function pgErrorOf(err: unknown): PgError | undefined {
  if (err instanceof QueryFailedError) {
    const driverError: unknown = err.driverError;
    return driverError && typeof driverError === 'object' ? (driverError as PgError) : undefined;
  }
  if (err instanceof DatabaseError) return err;
  return undefined;
}

function violates(err: unknown, code: string, constraint?: string | readonly string[]): boolean {
  const pg = pgErrorOf(err);
  if (pg?.code !== code) return false;
  if (constraint === undefined) return true;
  return typeof constraint === 'string'
    ? pg.constraint === constraint
    : constraint.includes(pg.constraint ?? '');
}

/** A unique index refused the row (of `constraint`, or one of them, when given). */
export function isUniqueViolation(err: unknown, constraint?: string | readonly string[]): boolean {
  return violates(err, PgCode.UniqueViolation, constraint);
}

/** A foreign key refused the change (of `constraint`, or one of them, when given). */
export function isForeignKeyViolation(err: unknown, constraint?: string | readonly string[]): boolean {
  return violates(err, PgCode.ForeignKeyViolation, constraint);
}
