import { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';

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
 */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: messagesFor(field, e.value, e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

function messagesFor(field: string, value: unknown, constraints: Record<string, string>): string[] {
  if (value !== undefined && value !== null) return Object.values(constraints);
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
