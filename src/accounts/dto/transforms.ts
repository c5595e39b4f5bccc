import type { TransformFnParams } from 'class-transformer';

/** Emails are compared case-insensitively and stored lower-cased. */
export const toEmail = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const trimmed = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** Query strings carry booleans as text; anything but true/false is left for @IsBoolean to refuse. */
export const toBoolean = ({ value }: TransformFnParams): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
