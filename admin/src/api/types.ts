/**
 * The API shapes the admin reads and writes, from @bazaar/sdk's types (generated from the
 * OpenAPI document: sdk/openapi.json → sdk/src/schema.ts), so a changed DTO fails the admin's
 * typecheck instead of drifting. Money is integer minor units. Only what the document cannot
 * say is written here: the list page's generic shape and the error body's `details.fields`.
 */
import type { BazaarPaths, Schemas } from '@bazaar/sdk';

export type AuthUser = Schemas['AuthUserDto'];
export type Role = AuthUser['role'];
export type AuthResponse = Schemas['AuthResponseDto'];

/** The error body every 4xx/5xx carries (the document types `details` as an opaque object). */
export type ApiErrorBody = Omit<Schemas['ErrorResponseDto'], 'details'> & {
  details?: { fields?: { field: string; messages: string[] }[] } & Record<string, unknown>;
};

/** Every list endpoint's answer (ProductPageDto, OrderPageDto, UserPageDto share this shape). */
export type ApiPage<T> = Omit<Schemas['OrderPageDto'], 'data'> & {
  data: T[];
  /** Set by lists that count approximately past a bound. */
  totalIsEstimate?: boolean;
};

export type Variant = Schemas['VariantDto'];
export type ProductImage = Schemas['ProductImageDto'];
export type CustomizationOption = Schemas['CustomizationOptionDto'];
export type CustomizationType = CustomizationOption['type'];
export type ProductSummary = Schemas['ProductSummaryDto'];
export type Product = Schemas['ProductDto'];
export type Category = Schemas['CategoryDto'];
export type CategoryTreeNode = Schemas['CategoryTreeNodeDto'];
export type OrderSummary = Schemas['OrderSummaryDto'];
export type OrderStatus = OrderSummary['status'];
export type OrderLine = Schemas['OrderLineDto'];
export type OrderEvent = Schemas['OrderEventDto'];
export type ShippingAddress = Schemas['ShippingAddressDto'];
export type Order = Schemas['OrderDto'];
export type User = Schemas['UserDto'];
export type Refund = Schemas['RefundDto'];
export type RefundRequest = Schemas['RefundOrderDto'];
export type RefundResult = Schemas['RefundResultDto'];
export type BulkProductsRequest = Schemas['BulkUpdateProductsDto'];
export type BulkProductsResult = Schemas['BulkUpdateProductsResultDto'];

/** The query parameters an operation takes, from the document (`BazaarPaths`, prefixed /api/v1). */
export type QueryOf<P extends keyof BazaarPaths> = BazaarPaths[P] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type ProductListQuery = QueryOf<'/api/v1/products'>;
export type OrderListQuery = QueryOf<'/api/v1/orders'>;
export type OrderExportQuery = QueryOf<'/api/v1/orders/export.csv'>;
export type UserListQuery = QueryOf<'/api/v1/users'>;
export type ReviewListQuery = QueryOf<'/api/v1/reviews'>;
export type CommentListQuery = QueryOf<'/api/v1/comments'>;
