import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, PgCode, pgErrorOf } from './pg-errors';

const fromPg = (code: string, constraint?: string, detail?: string) =>
  Object.assign(new DatabaseError('boom', 0, 'error'), { code, constraint, detail });
const viaTypeorm = (code: string, constraint?: string, detail?: string) =>
  new QueryFailedError('INSERT …', [], fromPg(code, constraint, detail));

describe('pgErrorOf', () => {
  it('reads code, constraint and detail through TypeORM and straight from pg', () => {
    for (const err of [
      viaTypeorm('23505', 'UQ_user_slug', 'Key (slug)=(ada) already exists.'),
      fromPg('23505', 'UQ_user_slug', 'Key (slug)=(ada) already exists.'),
    ]) {
      expect(pgErrorOf(err)).toMatchObject({
        code: PgCode.UniqueViolation,
        constraint: 'UQ_user_slug',
        detail: 'Key (slug)=(ada) already exists.',
      });
    }
  });

  it('is undefined for anything that is not a PostgreSQL error', () => {
    expect(pgErrorOf(new Error('23505'))).toBeUndefined();
    expect(pgErrorOf({ code: '23505', constraint: 'UQ_user_slug' })).toBeUndefined();
    expect(pgErrorOf(undefined)).toBeUndefined();
    // A query that failed without a SQLSTATE (the connection dropped) carries no code to match.
    const dropped = new QueryFailedError('SELECT 1', [], new Error('Connection terminated'));
    expect(pgErrorOf(dropped)?.code).toBeUndefined();
    expect(isUniqueViolation(dropped)).toBe(false);
  });
});

describe('named predicates', () => {
  it('match the code, and the constraint (or one of several) when given', () => {
    const slug = viaTypeorm('23505', 'UQ_user_slug');
    expect(isUniqueViolation(slug)).toBe(true);
    expect(isUniqueViolation(slug, 'UQ_user_slug')).toBe(true);
    expect(isUniqueViolation(slug, 'UQ_user_email_lower')).toBe(false);
    expect(isUniqueViolation(slug, ['UQ_user_email_lower', 'UQ_user_slug'])).toBe(true);
    expect(isForeignKeyViolation(slug)).toBe(false);

    const fk = fromPg('23503', 'FK_product_category');
    expect(isForeignKeyViolation(fk)).toBe(true);
    expect(isForeignKeyViolation(fk, ['FK_category_parent', 'FK_product_category'])).toBe(true);
    expect(isForeignKeyViolation(fk, ['FK_category_parent'])).toBe(false);
    expect(isUniqueViolation(fk)).toBe(false);
  });

  it('do not match a same-named constraint under another code', () => {
    // A CHECK and a unique index may not share a name in one schema, but the code is what decides.
    expect(isUniqueViolation(viaTypeorm('23514', 'UQ_user_slug'), 'UQ_user_slug')).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key'), 'UQ_user_slug')).toBe(false);
  });
});
