/**
 * The API shapes the admin reads and writes, typed by hand from the OpenAPI document
 * (/docs-json). They mirror the server DTOs (src/** /dto); money is integer minor units.
 * When @bazaar/sdk's generated types land, these aliases can point at them instead.
 */
export type Role = 'customer' | 'seller' | 'staff' | 'admin';

export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AuthResponse {
  user: AuthUser;
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** The error body every 4xx/5xx carries. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: { fields?: { field: string; messages: string[] }[] } & Record<string, unknown>;
}

/** Every list endpoint's answer. */
export interface ApiPage<T> {
  data: T[];
  total: number;
  page: number;
  perPage: number;
  /** Set by lists that count approximately past a bound. */
  totalIsEstimate?: boolean;
}

export interface Variant {
  id: string;
  sku: string;
  options: Record<string, string>;
  priceOverride: number | null;
  price: number;
  stock: number;
}

export interface ProductImage {
  id: string;
  thumbUrl: string;
  largeUrl: string;
  alt: string;
  position: number;
}

export type CustomizationType = 'text' | 'select';

export interface CustomizationOption {
  name: string;
  type: CustomizationType;
  required: boolean;
  values?: string[];
  maxLength?: number;
}

export interface ProductSummary {
  id: string;
  slug: string;
  name: string;
  price: number;
  currency: string;
  discountPercent: number;
  minPrice: number;
  maxPrice: number;
  stock: number;
  inStock: boolean;
  variantCount: number;
  variants: Variant[];
  thumbnailUrl: string | null;
  ratingAvg: number;
  ratingCount: number;
  soldCount: number;
  categoryId: string;
  sellerId: string;
  sellerName: string;
  active: boolean;
  archived: boolean;
  createdAt: string;
}

export interface Product extends ProductSummary {
  description: string;
  images: ProductImage[];
  customizationOptions: CustomizationOption[];
  updatedAt: string;
}

export interface Category {
  id: string;
  name: string;
  slug: string;
  description: string;
  parentId: string | null;
  position: number;
}

export interface CategoryTreeNode extends Category {
  children: CategoryTreeNode[];
}

export type OrderStatus =
  'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'expired' | 'refunded' | 'partially_refunded';

export interface OrderLine {
  id: string;
  productId: string;
  variantId: string | null;
  sellerId: string;
  name: string;
  sku: string;
  variantOptions: Record<string, string>;
  customizations: Record<string, string>;
  quantity: number;
  listPrice: number;
  discountPercent: number;
  unitPrice: number;
  lineTotal: number;
}

export interface OrderEvent {
  from: OrderStatus | null;
  to: OrderStatus;
  actor: { kind: string; id: string | null };
  note: string | null;
  at: string;
}

export interface ShippingAddress {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  addressLine: string;
  buildingNumber?: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface OrderSummary {
  id: string;
  number: string;
  status: OrderStatus;
  userId: string;
  email: string;
  currency: string;
  subtotal: number;
  shippingFee: number;
  total: number;
  itemCount: number;
  provider: string;
  partial: boolean;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
}

export interface Order extends OrderSummary {
  shippingAddress: ShippingAddress;
  items: OrderLine[];
  history: OrderEvent[];
}

export interface User {
  id: string;
  email: string;
  name: string;
  slug: string;
  role: Role;
  avatarUrl: string | null;
  active: boolean;
  createdAt: string;
}
