export class ProductImageDto {
  id: string;
  /** Small WebP (fits 400x400), served with long cache headers. */
  thumbUrl: string;
  /** Large WebP (fits 1600x1600). */
  largeUrl: string;
  alt: string;
  /** Display order (ascending). */
  position: number;
}
