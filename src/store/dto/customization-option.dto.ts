import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import type { CustomizationType } from '../customization-option';

/**
 * One personalisation a shopper fills in (never affects stock). Cross-field rules (select needs
 * `values`, `maxLength` only for text, unique names) are checked on the list as a whole.
 */
export class CustomizationOptionDto {
  /** @example "inscription" */
  @IsString()
  name: string;

  /** @example "text" */
  @IsIn(['text', 'select', 'phone'])
  type: CustomizationType;

  @IsBoolean()
  required: boolean;

  /** Choices of a `select` option. @example ["Male", "Female"] */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  values?: string[];

  /** Maximum length of a `text` value. @example 40 */
  @IsOptional()
  @IsInt()
  maxLength?: number;
}
