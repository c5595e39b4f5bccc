/// <reference lib="dom" />
import type * as Sdk from '@bazaar/sdk';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '../src/accounts/role';
import { launchChromium } from './support/admin-browser';
import { createProduct, TestProduct } from './support/catalog-factories';
import { ADDRESS } from './support/checkout-helpers';
import { createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** The ES modules `npm run build` made, as a bundler-less storefront would load them. */
const SDK_ESM = join(__dirname, '..', 'sdk', 'dist', 'esm');
const OPENAPI_FETCH_ESM = join(dirname(require.resolve('openapi-fetch')), 'index.mjs');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>A storefront</title>
<script type="importmap">{ "imports": { "@bazaar/sdk": "/sdk/index.js", "openapi-fetch": "/openapi-fetch.mjs" } }</script>
<script type="module">import * as sdk from '@bazaar/sdk'; window.bazaar = sdk;</script>
</head><body></body></html>`;

/** A storefront origin of its own: the page and the SDK's ES modules, nothing else. */
function storefrontServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const module = /^\/sdk\/([\w-]+\.js)$/.exec(path)?.[1];
    const file = module ? join(SDK_ESM, module) : path === '/openapi-fetch.mjs' ? OPENAPI_FETCH_ESM : null;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else if (file && existsSync(file)) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/**
 * @bazaar/sdk in a real browser (Debian's chromium), loaded as plain ES modules by a storefront
 * on another origin than the API: the CORS preflights for PATCH and DELETE and for the
 * Authorization, X-Cart-Token and Idempotency-Key headers, the exposed X-Cart-Token response header, the tokens in `localStorage` across a
 * page load, and a refresh, all through the browser's own fetch.
 */
describe('@bazaar/sdk in a browser, cross-origin', () => {
  let t: TestApp;
  let api: string;
  let storefront: { server: Server; origin: string };
  let browser: Browser;
  let page: Page;
  let mug: TestProduct;
  let tumbler: TestProduct;
  let zoneId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(SDK_ESM, 'index.js')))
      throw new Error(`No SDK build in ${SDK_ESM}: run npm run build`);
    t = await createTestApp('sdk_browser');
    await t.app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    storefront = await storefrontServer();
    browser = await launchChromium();
    mug = await createProduct(t, { name: 'Browser Mug', price: 2500, stock: 20 });
    tumbler = await createProduct(t, { name: 'Browser Tumbler', price: 900, stock: 20 });
    const staff = await createUser(t, Role.Staff);
    const zone = await t.http.post(
      '/api/v1/delivery-zones',
      { name: 'Lekki', country: 'NG', states: ['Lagos'], fee: 1200 },
      { token: staff.token },
    );
    zoneId = (zone.body as { id: string }).id;
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => storefront?.server.close(resolve));
    await t?.close();
  });

  const load = async () => {
    await page.goto(`${storefront.origin}/`);
    await page.waitForFunction(() => 'bazaar' in window);
  };

  it('keeps the guest cart token, merges the cart on register, throws typed errors', async () => {
    await load();
    const email = `browser-${Date.now()}@example.test`;
    const report = await page.evaluate(
      async ({ api, productId, otherId, email }) => {
        const { createBazaarClient, BazaarApiError, ok } = (window as unknown as { bazaar: typeof Sdk })
          .bazaar;
        const shop = createBazaarClient({ baseUrl: api, storage: localStorage });
        const first = await ok(shop.POST('/api/v1/cart/items', { body: { productId, quantity: 2 } }));
        const guestToken = localStorage.getItem('bazaar.cartToken');
        const again = await ok(shop.GET('/api/v1/cart'));
        // DELETE cross-origin: a line added and removed again.
        const two = await ok(shop.POST('/api/v1/cart/items', { body: { productId: otherId, quantity: 1 } }));
        const extra = two.items.find((i) => i.productId === otherId)!;
        const removed = await ok(
          shop.DELETE('/api/v1/cart/items/{id}', { params: { path: { id: extra.id } } }),
        );
        const error = await shop
          .POST('/api/v1/cart/items', { body: { productId, quantity: 0 } })
          .then(() => null)
          .catch((e: unknown) =>
            e instanceof BazaarApiError
              ? { status: e.status, code: e.code }
              : `not a BazaarApiError: ${String(e)}`,
          );
        await shop.POST('/api/v1/auth/register', {
          body: { email, password: 'correct-horse-9', name: 'Browser Shopper' },
        });
        const merged = await ok(shop.GET('/api/v1/cart'));
        return {
          origin: location.origin,
          guestToken,
          bodyToken: first.token,
          sameCart: again.id === first.id,
          afterDelete: removed.items.map((i) => i.productId),
          error,
          stored: {
            cartToken: localStorage.getItem('bazaar.cartToken'),
            accessToken: typeof localStorage.getItem('bazaar.accessToken'),
            refreshToken: typeof localStorage.getItem('bazaar.refreshToken'),
          },
          merged: merged.items.map((i) => [i.productId, i.quantity]),
        };
      },
      { api, productId: mug.id, otherId: tumbler.id, email },
    );
    expect(report.origin).not.toBe(api);
    expect(report.guestToken).toEqual(expect.any(String)); // read from the exposed X-Cart-Token header
    expect(report.guestToken).toBe(report.bodyToken);
    expect(report.sameCart).toBe(true); // the token went back in the X-Cart-Token request header
    expect(report.afterDelete).toEqual([mug.id]);
    expect(report.error).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(report.stored).toEqual({ cartToken: null, accessToken: 'string', refreshToken: 'string' });
    expect(report.merged).toEqual([[mug.id, 2]]);
    expect(errors).toEqual([]);
  });

  it('after a page load: the stored session, a refresh, a zone preview, checkout and logout', async () => {
    await load();
    const report = await page.evaluate(
      async ({ api, zoneId, address }) => {
        const { createBazaarClient, ok } = (window as unknown as { bazaar: typeof Sdk }).bazaar;
        const shop = createBazaarClient({ baseUrl: api, storage: localStorage });
        const loggedIn = shop.session.isLoggedIn;
        const refreshToken = shop.session.refreshToken;
        localStorage.setItem('bazaar.accessToken', 'expired.or.garbage');
        const me = await ok(shop.GET('/api/v1/me'));
        const refreshed =
          shop.session.refreshToken !== refreshToken && shop.session.accessToken !== 'expired.or.garbage';
        // PATCH and DELETE cross-origin: a line's quantity, the account's name, a wish undone.
        const [line] = (await ok(shop.GET('/api/v1/cart'))).items;
        await shop.PATCH('/api/v1/cart/items/{id}', {
          params: { path: { id: line.id } },
          body: { quantity: 3 },
        });
        const renamed = await ok(shop.PATCH('/api/v1/me', { body: { name: 'Browser Buyer' } }));
        await shop.POST('/api/v1/me/wishlist', { body: { productId: line.productId } });
        await shop.DELETE('/api/v1/me/wishlist/{productId}', {
          params: { path: { productId: line.productId } },
        });
        const wishes = await ok(shop.GET('/api/v1/me/wishlist'));
        const cart = await ok(shop.GET('/api/v1/cart', { params: { query: { deliveryZoneId: zoneId } } }));
        const placed = await ok(
          shop.POST('/api/v1/checkout', {
            body: { shippingAddress: address, provider: 'fake', deliveryZoneId: zoneId },
            params: { header: { 'Idempotency-Key': 'browser-checkout-1' } },
          }),
        );
        await shop.logout();
        return {
          loggedIn,
          me: me.name,
          renamed: renamed.name,
          wishes: wishes.total,
          refreshed,
          delivery: cart.delivery,
          order: { total: placed.order.total, zone: placed.order.deliveryZone?.name },
          afterLogout: [
            localStorage.getItem('bazaar.accessToken'),
            localStorage.getItem('bazaar.refreshToken'),
          ],
        };
      },
      { api, zoneId, address: ADDRESS },
    );
    expect(report).toMatchObject({
      loggedIn: true,
      me: 'Browser Shopper',
      renamed: 'Browser Buyer',
      wishes: 0,
      refreshed: true,
      delivery: { zoneName: 'Lekki', fee: 1200, total: 8700 },
      order: { total: 8700, zone: 'Lekki' },
      afterLogout: [null, null],
    });
    const [order] = await t.sql<{ idempotency_key: string }>(`SELECT idempotency_key FROM "order"`);
    expect(order.idempotency_key).toBe('browser-checkout-1');
    expect(errors).toEqual([]);
  });
});
