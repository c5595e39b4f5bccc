/**
 * Type-level test of @bazaar/sdk (compiled by test/sdk-package.e2e-spec.ts with `tsc --noEmit`):
 * the first half must compile; every line under `@ts-expect-error` must NOT (an expected error
 * that does not happen fails the compile with TS2578), so wrong paths, methods, parameters and
 * bodies are caught by the compiler.
 */
import { BazaarApiError, createBazaarClient, memoryStorage, ok, type Schemas } from '@bazaar/sdk';

const shop = createBazaarClient({ baseUrl: 'https://shop.example', storage: memoryStorage() });

export async function compiles(): Promise<void> {
  const cart: Schemas['CartDto'] = await ok(
    shop.GET('/api/v1/cart', { params: { query: { deliveryZoneId: 'z' } } }),
  );
  const subtotal: number | null = cart.subtotal;
  const fee: number | undefined = cart.delivery?.fee;
  await shop.POST('/api/v1/cart/items', {
    body: { productId: 'p', quantity: 2, customizations: { inscription: 'Hi' } },
  });
  const zones = await ok(shop.GET('/api/v1/delivery-zones'));
  const names: string[] = zones.map((z) => z.name);
  const page = await ok(shop.GET('/api/v1/products', { params: { query: { q: 'mug', category: 'mugs' } } }));
  const total: number = page.total;
  const order = await ok(shop.GET('/api/v1/orders/{id}', { params: { path: { id: 'o' } } }));
  const zoneName: string | undefined = order.deliveryZone?.name;
  try {
    await shop.POST('/api/v1/checkout', {
      body: {
        provider: 'fake',
        deliveryZoneId: zones[0]?.id,
        shippingAddress: {
          firstName: 'A',
          lastName: 'B',
          email: 'a@b.c',
          phone: '+234 803 000 0000',
          addressLine: '1 Road',
          city: 'Ikeja',
          state: 'Lagos',
          postalCode: '100001',
          country: 'NG',
        },
      },
    });
  } catch (e) {
    if (e instanceof BazaarApiError) {
      const code: string = e.code;
      const status: number = e.status;
      void [code, status, e.details, e.message];
    }
  }
  const review = await ok(
    shop.POST('/api/v1/products/{id}/reviews', { params: { path: { id: 'p' } }, body: { rating: 5 } }),
  );
  const verified: boolean = review.verifiedPurchase;
  const wished = await ok(shop.GET('/api/v1/me/wishlist'));
  const inStock: boolean | undefined = wished.data[0]?.inStock;
  void [subtotal, fee, names, total, zoneName, verified, inStock, shop.session.isLoggedIn];
}

export async function doesNotCompile(): Promise<void> {
  // @ts-expect-error no such path
  await shop.GET('/api/v1/no-such-route');
  // @ts-expect-error the path has no POST
  await shop.POST('/api/v1/delivery-zones/{id}', { params: { path: { id: 'z' } } });
  // @ts-expect-error the body lacks productId
  await shop.POST('/api/v1/cart/items', { body: { quantity: 1 } });
  // @ts-expect-error quantity is a number
  await shop.POST('/api/v1/cart/items', { body: { productId: 'p', quantity: '1' } });
  // @ts-expect-error the path parameter is required
  await shop.GET('/api/v1/orders/{id}');
  // @ts-expect-error the path parameter is named id
  await shop.GET('/api/v1/orders/{id}', { params: { path: { orderId: 'o' } } });
  // @ts-expect-error no such query parameter
  await shop.GET('/api/v1/products', { params: { query: { colour: 'red' } } });
  // @ts-expect-error checkout needs a shipping address
  await shop.POST('/api/v1/checkout', { body: { provider: 'fake' } });
  // @ts-expect-error a review's rating is a number
  await shop.POST('/api/v1/products/{id}/reviews', { params: { path: { id: 'p' } }, body: { rating: '5' } });
  // @ts-expect-error the wishlist takes a productId, not a slug
  await shop.POST('/api/v1/me/wishlist', { body: { slug: 'mug' } });
  const cart = await ok(shop.GET('/api/v1/cart'));
  // @ts-expect-error the subtotal may be null
  const subtotal: number = cart.subtotal;
  // @ts-expect-error no such field
  void cart.grandTotal;
  // @ts-expect-error storage must look like Web Storage
  createBazaarClient({ baseUrl: 'https://shop.example', storage: {} });
  // @ts-expect-error baseUrl is required
  createBazaarClient({});
  void subtotal;
}
