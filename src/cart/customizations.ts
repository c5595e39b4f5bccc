import { BadRequestError } from '../common/errors/domain-error';
import { CustomizationOption, Customizations } from '../store/customization-option';

/** A text option without its own `maxLength` still has a bound (index row size, snapshot size). */
export const DEFAULT_TEXT_MAX_LENGTH = 200;
/** Digits 7-15 (E.164), optionally a leading +, with spaces, dots, dashes or brackets between. */
const PHONE = /^\+?[0-9(][0-9 ().-]{5,22}$/;
// Control characters are refused in customisation text (they would end up on engravings and labels).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** 400 naming the customisation option at fault; `details.option` carries the name for clients. */
export class InvalidCustomizationError extends BadRequestError {
  constructor(option: string, message: string) {
    super('INVALID_CUSTOMIZATION', message, { option });
  }
}

/**
 * Validates what a shopper chose against the product's option schema and returns the canonical
 * form: values trimmed, empty optional values dropped, keys sorted. Two choices that differ only
 * in key order or surrounding blanks are the same line of a cart.
 */
export function canonicalCustomizations(
  options: readonly CustomizationOption[],
  input: Record<string, unknown> | undefined | null,
): Customizations {
  const byName = new Map(options.map((o) => [o.name, o]));
  const chosen: Customizations = {};
  for (const [name, raw] of Object.entries(input ?? {})) {
    const option = byName.get(name);
    if (!option) throw new InvalidCustomizationError(name, `Unknown customization option "${name}"`);
    if (typeof raw !== 'string')
      throw new InvalidCustomizationError(name, `Customization "${name}" must be a string`);
    const value = raw.trim();
    if (value === '') continue;
    checkValue(option, value);
    chosen[name] = value;
  }
  for (const option of options) {
    if (option.required && chosen[option.name] === undefined) {
      throw new InvalidCustomizationError(option.name, `Customization "${option.name}" is required`);
    }
  }
  return sortKeys(chosen);
}

function checkValue(option: CustomizationOption, value: string): void {
  const name = option.name;
  switch (option.type) {
    case 'select': {
      const values = option.values ?? [];
      if (!values.includes(value)) {
        throw new InvalidCustomizationError(
          name,
          `Customization "${name}" must be one of: ${values.join(', ')}`,
        );
      }
      return;
    }
    case 'phone': {
      const digits = value.replace(/\D/g, '').length;
      if (!PHONE.test(value) || digits < 7 || digits > 15) {
        throw new InvalidCustomizationError(
          name,
          `Customization "${name}" must be a phone number (7 to 15 digits, optional leading +)`,
        );
      }
      return;
    }
    case 'text':
    default: {
      const max = option.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if ([...value].length > max) {
        throw new InvalidCustomizationError(
          name,
          `Customization "${name}" must be at most ${max} characters`,
        );
      }
      if (CONTROL_CHARS.test(value)) {
        throw new InvalidCustomizationError(
          name,
          `Customization "${name}" must not contain control characters`,
        );
      }
    }
  }
}

export function sortKeys(c: Customizations): Customizations {
  return Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A string equal for canonically equal customisations (key order irrelevant): for in-memory matching. */
export function customizationsKey(c: Customizations): string {
  return JSON.stringify(Object.entries(sortKeys(c)));
}
