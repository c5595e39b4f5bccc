import { ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsUUID } from 'class-validator';
import { CreateProductDto } from './create-product.dto';
import { StockAdjustmentField } from './stock-adjustment.dto';

/**
 * Any subset of the product's fields. `stock`, `stockAdjustment` and `sku` edit the product's only variant (a product
 * with several variants is edited through its variants); `price` is the base price (and clears the
 * only variant's override). `imageIds` reorders the images: all of them, in the new order.
 */
export class UpdateProductDto extends IntersectionType(
  PartialType(OmitType(CreateProductDto, ['variants', 'sellerId'] as const)),
  StockAdjustmentField,
) {
  /** Every image id of the product, in the new display order. */
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  imageIds?: string[];
}
