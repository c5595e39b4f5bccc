import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsVariantOptions } from '../variant-options';

export const MAX_PRICE = 1_000_000_000_000;
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class CreateVariantDto {
  /** Stock keeping unit, unique across the shop; generated when omitted. @example "BTL-500-RED" */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(SKU_PATTERN, { message: 'sku may contain letters, digits, dots, dashes and underscores' })
  sku?: string;

  /** Option values, unique per product. @example {"size": "500 ml", "colour": "red"} */
  @IsDefined()
  @IsVariantOptions()
  options: Record<string, string>;

  /** Price in minor units replacing the product's base price (the product discount still applies); null to inherit. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  priceOverride?: number | null;

  /** Units on hand. @example 12 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number;

  /** Display order among the product's variants. */
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}
