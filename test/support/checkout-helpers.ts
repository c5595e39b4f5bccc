/**
 * Shopping through the API as a storefront would: fill a cart, check out, pay with the fake
 * provider. Used by the cart/checkout/orders e2e files.
 */
import { TestUser } from './factories';
import { HttpResponse } from './http-client';
import { TestApp } from './test-app';

export const ADDRESS = {
  firstName: 'Ada',
  lastName: 'Obi',
  email: 'ada@example.com',
  phone: '+234 803 123 4567',
  addressLine: '12 Marina Road',
  buildingNumber: '4B',
  city: 'Lagos',
  state: 'Lagos',
  postalCode: '101241',
  country: 'NG',
};

export interface CartLineInput {
  productId: string;
  variantId?: string;
  quantity: number;
  customizations?: Record<string, string>;
}

export async function addToCart(t: TestApp, user: TestUser, line: CartLineInput): Promise<HttpResponse> {
  const res = await t.http.post('/api/v1/cart/items', line, { token: user.token });
  if (res.status !== 200) throw new Error(`add to cart failed: ${res.status} ${res.text}`);
  return res;
}

export function checkout(
  t: TestApp,
  user: TestUser,
  options: { key?: string; provider?: string; body?: object } = {},
): Promise<HttpResponse> {
  return t.http.post(
    '/api/v1/checkout',
    options.body ?? { shippingAddress: ADDRESS, provider: options.provider ?? 'fake' },
    {
      token: user.token,
      headers: options.key ? { 'idempotency-key': options.key } : {},
    },
  );
}

/** Cart the lines and check out; returns the checkout body ({order, payment}). */
export async function placeOrder(t: TestApp, user: TestUser, lines: CartLineInput[]) {
  for (const line of lines) await addToCart(t, user, line);
  const res = await checkout(t, user);
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${res.text}`);
  return res.body as {
    order: { id: string; number: string; status: string; total: number };
    payment: { reference: string; redirectUrl: string };
  };
}

export function paySucceed(t: TestApp, reference: string, body?: object): Promise<HttpResponse> {
  return t.http.post(`/api/v1/payments/fake/${reference}/succeed`, body);
}

export function payFail(t: TestApp, reference: string, body?: object): Promise<HttpResponse> {
  return t.http.post(`/api/v1/payments/fake/${reference}/fail`, body);
}

/** Places an order and pays it; returns the order id. */
export async function paidOrder(t: TestApp, user: TestUser, lines: CartLineInput[]): Promise<string> {
  const placed = await placeOrder(t, user, lines);
  const paid = await paySucceed(t, placed.payment.reference);
  if (paid.body.outcome !== 'paid') throw new Error(`payment failed: ${paid.text}`);
  return placed.order.id;
}
