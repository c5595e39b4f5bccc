import { IsUUID } from 'class-validator';

export class AddWishlistItemDto {
  @IsUUID()
  productId: string;
}

/** A wished-for product with its current price and stock. */
export class WishlistItemDto {
  productId: string;
  name: string;
  slug: string;
  /** Lowest current effective price over the variants, minor units. */
  price: number;
  /** Highest current effective price, minor units. */
  maxPrice: number;
  currency: string;
  /** Units in stock over all variants. */
  stock: number;
  /** The product is still on sale (active, not archived, seller active); archived ones stay listed as false. */
  available: boolean;
  /** Available and at least one unit in stock. */
  inStock: boolean;
  addedAt: Date;
}

/** A page of `GET /me/wishlist`, most recently added first. */
export class WishlistPageDto {
  data: WishlistItemDto[];
  total: number;
  page: number;
  perPage: number;
}
