import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_ORDER_TOTAL } from '../../common/money';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDeliveryZoneDto {
  /** Shown in the storefront's select list; unique among zones in use. @example "Ikeja" */
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  /** @example "Ikeja, Maryland, Ogba and Allen" */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  /** Only addresses in this country (ISO 3166-1 alpha-2); null or absent: any. @example "NG" */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country?: string | null;

  /** Only addresses in one of these states (compared ignoring case); empty or absent: any. @example ["Lagos"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  states?: string[];

  /** Fee in minor units. @example 150000 */
  @IsInt()
  @Min(0)
  @Max(MAX_ORDER_TOTAL)
  fee: number;

  /** Subtotal in minor units from which delivery is free; null or absent: never free. @example 5000000 */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_ORDER_TOTAL)
  freeOver?: number | null;

  /** @example 1 */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(365)
  estimatedDaysMin?: number | null;

  /** At least estimatedDaysMin. @example 2 */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(365)
  estimatedDaysMax?: number | null;

  /** Inactive zones are hidden from shoppers and refused at checkout. Default true. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** Display order (ascending, then name). Default 0. */
  @IsOptional()
  @IsInt()
  @Min(-1000000)
  @Max(1000000)
  position?: number;
}
