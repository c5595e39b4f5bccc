import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsUUID } from 'class-validator';

/** At most this many products per bulk request (one transaction, one statement). */
export const BULK_PRODUCTS_MAX = 100;

/** `PATCH /products/bulk`: switch several products on sale or off it at once. */
export class BulkUpdateProductsDto {
  /** The products (1-100, no repeats). @example ["3f1c2a9e-8d4b-4c7a-9e2f-1a2b3c4d5e6f"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_PRODUCTS_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];

  /** On sale (true) or off it (false). */
  @IsBoolean()
  active: boolean;
}

/** What `PATCH /products/bulk` did. */
export class BulkUpdateProductsResultDto {
  /** Every requested id, in request order (all of them now have `active`). */
  ids: string[];
  active: boolean;
  /** How many of them changed (the others had `active` already). */
  changed: number;
}
