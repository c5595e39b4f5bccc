import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { constraintMessage } from './constraint-messages';
import { DomainError, TooManyRequestsError } from './domain-error';
import { ErrorResponseDto } from './error-response.dto';
import { PgCode, PgError, pgErrorOf } from './pg-errors';

const reason = (status: number): string =>
  (HttpStatus[status] ?? 'Error')
    .toString()
    .toLowerCase()
    .replace(/(^|_)(\w)/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);

const defaultCode = (status: number): string => HttpStatus[status]?.toString() ?? 'ERROR';

/** Maps PostgreSQL error codes to client errors; anything else stays a 500. */
function fromPostgres(err: PgError): [number, string, string] | undefined {
  const known = constraintMessage(err.constraint);
  if (known) return [known.status ?? 409, known.code, known.message];
  switch (err.code) {
    case PgCode.UniqueViolation:
      return [409, 'ALREADY_EXISTS', 'A record with these values already exists'];
    case PgCode.ForeignKeyViolation:
      return [409, 'REFERENCE_CONFLICT', 'The record is referenced by, or refers to, a missing record'];
    case PgCode.CheckViolation:
      return [409, 'CONSTRAINT_VIOLATION', 'The change would break a rule of the data'];
    case PgCode.InvalidTextRepresentation:
    case PgCode.NumericValueOutOfRange:
    case PgCode.InvalidDatetimeFormat:
    case PgCode.DatetimeFieldOverflow:
      return [400, 'INVALID_VALUE', 'A value has the wrong format or is out of range'];
    case PgCode.CharacterNotInRepertoire: // a NUL character (\u0000) in text: PostgreSQL text cannot hold it
    case PgCode.UntranslatableCharacter: // ... nor jsonb
      return [400, 'INVALID_TEXT', 'Text must not contain NUL (\\u0000) characters'];
    case PgCode.StringDataRightTruncation:
      return [400, 'VALUE_TOO_LONG', 'A value is longer than allowed'];
    // Lock ordering keeps these away from checkout and orders; should one still happen, the
    // transaction was rolled back whole and the client may simply retry.
    case PgCode.DeadlockDetected:
    case PgCode.SerializationFailure:
      return [
        409,
        'CONCURRENT_UPDATE',
        'Another request changed the same data at the same moment; try again',
      ];
    default:
      return undefined;
  }
}

/**
 * The one place errors become responses: `{statusCode, error, code, message, details?}`.
 * Also installed as Fastify's error handler (see app.setup.ts) so body-parse errors
 * raised before Nest routing get the same shape.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (exception instanceof TooManyRequestsError)
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof DomainError) {
      return this.body(exception.status, exception.code, exception.message, exception.details);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const r = typeof response === 'object' && response ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(r.message)
        ? String(r.message[0])
        : typeof r.message === 'string'
          ? r.message
          : exception.message;
      const code = typeof r.code === 'string' ? r.code : defaultCode(status);
      return this.body(status, code, message, r.details);
    }
    // Through TypeORM (QueryFailedError) or straight from the pg pool (the catalog's prepared reads).
    const pgError = pgErrorOf(exception);
    if (pgError) {
      const mapped = fromPostgres(pgError);
      if (mapped) return this.body(...mapped);
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      // Fastify's own errors (bad JSON, body too large, unsupported media type) are client errors.
      const status = fastifyError.statusCode;
      const code =
        fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : fastifyError.code?.startsWith('FST_ERR_CTP_BODY_TOO_LARGE')
            ? 'PAYLOAD_TOO_LARGE'
            : status === 400
              ? 'MALFORMED_REQUEST'
              : defaultCode(status);
      return this.body(status, code, fastifyError.message ?? reason(status));
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return this.body(500, 'INTERNAL_ERROR', 'Something went wrong on our side');
  }

  private body(statusCode: number, code: string, message: string, details?: unknown): ErrorResponseDto {
    const out: ErrorResponseDto = { statusCode, error: reason(statusCode), code, message };
    if (details !== undefined) out.details = details;
    return out;
  }
}
