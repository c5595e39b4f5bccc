import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * At most `max` characters as PostgreSQL counts them (code points: `char_length`, `varchar(n)`),
 * which is also what JSON Schema's `maxLength` means. Stack it with class-validator's `MaxLength`
 * (the one the OpenAPI plugin documents): that one counts a surrogate pair as one character but
 * skips variation selectors (U+FE0E, U+FE0F), so "❤️" is 1 character to it and 2 to PostgreSQL,
 * and text it let through could still break the column's CHECK or length (a 409 or a 400 that
 * does not name the field). Both report under the same key, `maxLength`: one message either way.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxLength',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || [...value].length <= max,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be shorter than or equal to $constraint1 characters`,
          options,
        ),
      },
    },
    options,
  );
}
