import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsCustomizationSchema } from '../customization-schema';
import { SLUG_PATTERN } from '../../common/slugify';
import { CreateVariantDto, MAX_PRICE, SKU_PATTERN } from './create-variant.dto';
import { CustomizationOptionDto } from './customization-option.dto';

/**
 * A new product. Give `price` and `stock` (and optionally `sku`) for a simple product with one
 * default variant, or `variants` for several; not both.
 */
export class CreateProductDto {
  /** Unique per seller. @example "Insulated Bottle 500 ml" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** URL slug, unique; generated from the name when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(220)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters, digits and single hyphens' })
  slug?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @IsUUID()
  categoryId: string;

  /** Base price in minor units of the store currency. @example 2499 */
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE)
  price: number;

  /** Percent taken off every variant's price, 0-90. @example 10 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  discountPercent?: number;

  /** Inactive products are hidden from shoppers. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CustomizationOptionDto)
  @IsCustomizationSchema()
  customizationOptions?: CustomizationOptionDto[];

  /** Stock of the default variant (simple products). @example 25 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number;

  /** SKU of the default variant (simple products); generated when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(SKU_PATTERN, { message: 'sku may contain letters, digits, dots, dashes and underscores' })
  sku?: string;

  /** Several variants at once (instead of `stock`/`sku`). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreateVariantDto)
  variants?: CreateVariantDto[];

  /** Staff only: create on behalf of this seller. Sellers always own what they create. */
  @IsOptional()
  @IsUUID()
  sellerId?: string;
}
