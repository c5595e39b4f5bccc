import { ValidationError } from 'class-validator';
import { DomainError } from './domain-error';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Flattens nested class-validator errors into `[{field: 'shippingAddress.city', messages}]`. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** 400 for a body or query that fails validation; the message names the first bad field. */
export class ValidationFailedError extends DomainError {
  constructor(fields: FieldError[]) {
    const first = fields[0];
    super(400, 'VALIDATION_FAILED', first ? first.messages[0] : 'Invalid input', { fields });
  }
}
