import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { SLUG_PATTERN } from '../../common/slugify';

export class CreateCategoryDto {
  /** @example "Temperature Bottles" */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** URL slug, unique; generated from the name when omitted. @example "temperature-bottles" */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters, digits and single hyphens' })
  slug?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** Parent category; omit or null for a top-level category. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  /** Display order among siblings. */
  @IsOptional()
  @IsInt()
  @Min(0)
  position?: number;
}
