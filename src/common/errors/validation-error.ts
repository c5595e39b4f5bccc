import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { BadRequestError, DomainError } from './domain-error';

export interface FieldError {
  field: string;
  messages: string[];
}

/** class-validator's stock wording for a missing value; replaced by "<field> is required". */
const STOCK_MISSING = /should not be (empty|null or undefined)$/;

/**
 * Flattens nested class-validator errors into `[{field: 'shippingAddress.city', messages}]`.
 * A required field that is missing gets one message, "<field> is required" (or the DTO's own
 * wording for it), instead of every rule it would also break ("must be shorter than 20
 * characters" says nothing useful about a value that is not there).
 *
 * An error with children is about a value that was sent (an object or a list whose entries are
 * wrong), even when its `value` is gone: Nest's ValidationPipe deletes the value of every error
 * that has children, and reading that as "missing" answered `customizationOptions is required`
 * for a list that was there but wrong.
 */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const sent = (e.value !== undefined && e.value !== null) || !!e.children?.length;
    const own = e.constraints ? [{ field, messages: messagesFor(field, sent, e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

function messagesFor(field: string, sent: boolean, constraints: Record<string, string>): string[] {
  if (sent) return Object.values(constraints);
  const specific = constraints.isDefined ?? constraints.isNotEmpty;
  return [specific && !STOCK_MISSING.test(specific) ? specific : `${field} is required`];
}

/** 400 for a body or query that fails validation; the message names the first bad field. */
export class ValidationFailedError extends DomainError {
  constructor(fields: FieldError[]) {
    const first = fields[0];
    super(400, 'VALIDATION_FAILED', first ? first.messages[0] : 'Invalid input', { fields });
  }
}

/** Deepest nesting of arrays/objects a body or query may have; our DTOs need four levels at most. */
export const MAX_NESTING_DEPTH = 32;

/**
 * Whether `value` nests arrays/objects deeper than `limit` levels. Counted with an explicit stack
 * (no recursion), so a hostile `[[[[…]]]]` cannot overflow the call stack here.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [v, depth] = pending.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * The global pipe (app.setup.ts): DTOs validated and transformed, unknown keys refused, 400s in
 * our shape. A body nested deeper than MAX_NESTING_DEPTH is refused before class-transformer,
 * whose recursion overflows the call stack on a few thousand levels (a 500 before).
 */
export function createValidationPipe(): ValidationPipe {
  return new DepthLimitedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

class DepthLimitedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestsDeeperThan(value, MAX_NESTING_DEPTH)) {
      throw new BadRequestError(
        'NESTING_TOO_DEEP',
        `The ${metadata.type} nests arrays or objects deeper than ${MAX_NESTING_DEPTH} levels`,
        { maxDepth: MAX_NESTING_DEPTH },
      );
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
