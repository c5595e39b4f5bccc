import { CategoryRefDto } from './category.dto';
import { CustomizationOptionDto } from './customization-option.dto';
import { ProductImageDto } from './product-image.dto';
import { ProductSummaryDto } from './product-summary.dto';

export class SellerRefDto {
  id: string;
  /** @example "Ada's Gifts" */
  name: string;
  slug: string;
}

/** One product with everything its page shows. */
export class ProductDto extends ProductSummaryDto {
  description: string;
  /** From the top-level category down to the product's own category. */
  breadcrumb: CategoryRefDto[];
  seller: SellerRefDto;
  /** In display order. */
  images: ProductImageDto[];
  /** What shoppers may personalise (never affects stock). */
  customizationOptions: CustomizationOptionDto[];
  updatedAt: string;
}
