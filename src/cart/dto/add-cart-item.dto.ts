import { IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';

export const MAX_LINE_QUANTITY = 999;

export class AddCartItemDto {
  /** The product to add. */
  @IsUUID()
  productId: string;

  /** Required when the product has several variants; the only variant is used otherwise. */
  @IsOptional()
  @IsUUID()
  variantId?: string;

  /** Units to add (added to an existing equal line). @example 1 */
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;

  /**
   * Option name -> chosen value, checked against the product's customisation options.
   * @example {"inscription": "Happy birthday", "recipient": "Female"}
   */
  @IsOptional()
  @IsObject()
  customizations?: Record<string, string>;
}
