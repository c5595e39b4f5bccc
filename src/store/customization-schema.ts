import { registerDecorator, ValidationOptions } from 'class-validator';
import { CustomizationOption, CustomizationType } from './customization-option';

export const CUSTOMIZATION_TYPES: readonly CustomizationType[] = ['text', 'select', 'phone'];
export const CUSTOMIZATION_LIMITS = {
  options: 20,
  nameLength: 50,
  values: 50,
  valueLength: 100,
  maxLength: 500,
} as const;

const KEYS = new Set(['name', 'type', 'required', 'values', 'maxLength']);

/**
 * Checks a product's customisation schema (what a shopper may personalise: inscription, recipient,
 * ribbon colour, phone). Returns one message per problem, empty when valid. Pure: used by the DTO
 * decorator below and by the seeds. Rules: unique names (case-insensitive); `select` needs a
 * non-empty list of distinct `values` and takes no `maxLength`; `text` may have `maxLength`
 * (1-500) but no `values`; `phone` takes neither.
 */
export function customizationSchemaErrors(input: unknown): string[] {
  if (!Array.isArray(input)) return ['customizationOptions must be a list'];
  const errors: string[] = [];
  if (input.length > CUSTOMIZATION_LIMITS.options) {
    errors.push(`at most ${CUSTOMIZATION_LIMITS.options} customization options are allowed`);
  }
  const seen = new Set<string>();
  input.forEach((raw: unknown, i) => {
    const at = `customizationOptions[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push(`${at} must be an object`);
      return;
    }
    const o = raw as Record<string, unknown>;
    for (const key of Object.keys(o)) if (!KEYS.has(key)) errors.push(`${at}.${key} is not allowed`);
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    if (!name || name.length > CUSTOMIZATION_LIMITS.nameLength) {
      errors.push(`${at}.name must be 1-${CUSTOMIZATION_LIMITS.nameLength} characters`);
    } else if (seen.has(name.toLowerCase())) {
      errors.push(`${at}.name "${name}" is used twice`);
    } else {
      seen.add(name.toLowerCase());
    }
    if (!CUSTOMIZATION_TYPES.includes(o.type as CustomizationType)) {
      errors.push(`${at}.type must be one of ${CUSTOMIZATION_TYPES.join(', ')}`);
    }
    if (typeof o.required !== 'boolean') errors.push(`${at}.required must be true or false`);
    if (o.type === 'select') {
      errors.push(...selectValuesErrors(o.values, at));
    } else if (o.values !== undefined) {
      errors.push(`${at}.values is only allowed for select options`);
    }
    if (o.maxLength !== undefined) {
      if (o.type !== 'text') errors.push(`${at}.maxLength is only allowed for text options`);
      else if (
        !Number.isInteger(o.maxLength) ||
        (o.maxLength as number) < 1 ||
        (o.maxLength as number) > CUSTOMIZATION_LIMITS.maxLength
      ) {
        errors.push(`${at}.maxLength must be an integer between 1 and ${CUSTOMIZATION_LIMITS.maxLength}`);
      }
    }
  });
  return errors;
}

function selectValuesErrors(values: unknown, at: string): string[] {
  if (!Array.isArray(values) || values.length === 0)
    return [`${at}.values must list the choices of a select option`];
  if (values.length > CUSTOMIZATION_LIMITS.values)
    return [`${at}.values may have at most ${CUSTOMIZATION_LIMITS.values} choices`];
  const errors: string[] = [];
  if (values.some((v) => typeof v !== 'string' || !v.trim() || v.length > CUSTOMIZATION_LIMITS.valueLength)) {
    errors.push(
      `${at}.values must be non-empty strings of at most ${CUSTOMIZATION_LIMITS.valueLength} characters`,
    );
  } else if (new Set(values.map((v: string) => v.trim())).size !== values.length) {
    errors.push(`${at}.values must not repeat`);
  }
  return errors;
}

/** The schema as stored: names trimmed, only the keys that apply to each type. */
export function normalizeCustomizationSchema(options: CustomizationOption[]): CustomizationOption[] {
  return options.map((o) => ({
    name: o.name.trim(),
    type: o.type,
    required: o.required,
    ...(o.type === 'select' ? { values: o.values!.map((v) => v.trim()) } : {}),
    ...(o.type === 'text' && o.maxLength !== undefined ? { maxLength: o.maxLength } : {}),
  }));
}

/** class-validator decorator running `customizationSchemaErrors` (the first problem is the message). */
export function IsCustomizationSchema(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isCustomizationSchema',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => value === undefined || customizationSchemaErrors(value).length === 0,
        defaultMessage: (args) => customizationSchemaErrors(args?.value)[0] ?? 'invalid customizationOptions',
      },
    });
  };
}
