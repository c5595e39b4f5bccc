import { IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CART_QUANTITY_CEILING } from '../../config/env.schema';

export class AddCartItemDto {
  /** The product to add. */
  @IsUUID()
  productId: string;

  /** Required when the product has several variants; the only variant is used otherwise. */
  @IsOptional()
  @IsUUID()
  variantId?: string;

  /**
   * Units to add (added to an existing equal line). A line holds at most CART_MAX_LINE_QUANTITY
   * units (default 999): more is 409 CART_LINE_QUANTITY_LIMIT. @example 1
   */
  @IsInt()
  @Min(1)
  @Max(CART_QUANTITY_CEILING)
  quantity: number;

  /**
   * Option name -> chosen value, checked against the product's customisation options.
   * @example {"inscription": "Happy birthday", "recipient": "Female"}
   */
  @IsOptional()
  @IsObject()
  customizations?: Record<string, string>;
}
