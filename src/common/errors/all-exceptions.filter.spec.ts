import { NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { registerConstraintMessage } from './constraint-messages';
import { ConflictError } from './domain-error';

const pgError = (code: string, constraint?: string) =>
  Object.assign(new DatabaseError('boom', 0, 'error'), { code, constraint });
const viaTypeorm = (code: string, constraint?: string) =>
  new QueryFailedError('SELECT 1', [], pgError(code, constraint));

describe('AllExceptionsFilter.toBody', () => {
  const filter = new AllExceptionsFilter();

  it.each([
    ['23505', 409, 'ALREADY_EXISTS'],
    ['23503', 409, 'REFERENCE_CONFLICT'],
    ['23514', 409, 'CONSTRAINT_VIOLATION'],
    ['22P02', 400, 'INVALID_VALUE'],
    ['22021', 400, 'INVALID_TEXT'],
    ['22P05', 400, 'INVALID_TEXT'],
    ['22001', 400, 'VALUE_TOO_LONG'],
    ['40P01', 409, 'CONCURRENT_UPDATE'],
    ['40001', 409, 'CONCURRENT_UPDATE'],
  ])('maps PostgreSQL %s to %i %s, through TypeORM or straight from pg', (code, status, errorCode) => {
    for (const error of [viaTypeorm(code), pgError(code)]) {
      expect(filter.toBody(error)).toMatchObject({ statusCode: status, code: errorCode });
    }
  });

  it('uses the registered code and message of a named constraint', () => {
    registerConstraintMessage('UQ_spec_thing', 'THING_TAKEN', 'That thing is taken');
    expect(filter.toBody(viaTypeorm('23505', 'UQ_spec_thing'))).toMatchObject({
      statusCode: 409,
      code: 'THING_TAKEN',
      message: 'That thing is taken',
    });
  });

  it('keeps domain errors and Nest HTTP exceptions, and hides anything else behind a 500', () => {
    expect(filter.toBody(new ConflictError('X', 'nope', { a: 1 }))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'X',
      message: 'nope',
      details: { a: 1 },
    });
    expect(filter.toBody(new NotFoundException('Gone'))).toMatchObject({ statusCode: 404, message: 'Gone' });
    expect(filter.toBody(viaTypeorm('XX000'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side',
    });
  });
});
