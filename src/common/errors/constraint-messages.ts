/**
 * Friendly messages for database constraint violations, keyed by constraint name.
 * Services do not pre-check uniqueness (that races); the unique index decides and the
 * exception filter looks the constraint up here. Modules register theirs next to the entity.
 */
const messages = new Map<string, { code: string; message: string; status?: number }>();

export function registerConstraintMessage(
  constraint: string,
  code: string,
  message: string,
  status?: number,
): void {
  messages.set(constraint, { code, message, status });
}

export function constraintMessage(constraint: string | undefined) {
  return constraint ? messages.get(constraint) : undefined;
}
