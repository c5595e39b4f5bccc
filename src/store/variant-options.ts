import { registerDecorator, ValidationOptions } from 'class-validator';

export const VARIANT_OPTION_LIMITS = { entries: 5, keyLength: 30, valueLength: 50 } as const;

/**
 * A variant's option values, e.g. `{"size": "L", "colour": "red"}`: at most 5 entries, non-empty
 * string keys and values. `{}` is the default variant of a simple product. Returns the problems.
 */
export function variantOptionsErrors(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['options must be an object of option values'];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > VARIANT_OPTION_LIMITS.entries)
    return [`options may have at most ${VARIANT_OPTION_LIMITS.entries} entries`];
  const errors: string[] = [];
  for (const [key, v] of entries) {
    if (!key.trim() || key.length > VARIANT_OPTION_LIMITS.keyLength) {
      errors.push(`option names must be 1-${VARIANT_OPTION_LIMITS.keyLength} characters`);
    }
    if (typeof v !== 'string' || !v.trim() || v.length > VARIANT_OPTION_LIMITS.valueLength) {
      errors.push(`options.${key} must be a string of 1-${VARIANT_OPTION_LIMITS.valueLength} characters`);
    }
  }
  return errors;
}

/** Trimmed keys and values; jsonb compares objects regardless of key order, so no sorting needed. */
export function normalizeVariantOptions(options: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k.trim(), v.trim()]));
}

export function IsVariantOptions(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isVariantOptions',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => value === undefined || variantOptionsErrors(value).length === 0,
        defaultMessage: (args) => variantOptionsErrors(args?.value)[0] ?? 'invalid options',
      },
    });
  };
}
