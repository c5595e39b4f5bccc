/**
 * The admin app in a real browser (test/support/admin-browser.ts): staff and seller journeys, and a
 * customer turned away.
 */
import sharp from 'sharp';
import { createCategory, createProduct } from './support/catalog-factories';
import { paidOrder } from './support/checkout-helpers';
import { Role } from '../src/accounts/role';
import { createUser } from './support/factories';
import {
  AdminBrowser,
  ACCESS_TTL_SECONDS,
  account,
  expectAccessible,
  login,
  newPage,
  shot,
  startAdminBrowser,
  stopAdminBrowser,
} from './support/admin-browser';
import { TestApp } from './support/test-app';

jest.setTimeout(240_000);

let ab: AdminBrowser;
let t: TestApp;
let base: string;

beforeAll(async () => {
  ab = await startAdminBrowser('admin_browser');
  ({ t, base } = ab);
});

afterAll(() => stopAdminBrowser(ab));

describe('/admin serving', () => {
  it('serves index.html uncached, deep links through the SPA fallback, hashed assets immutable', async () => {
    const index = await fetch(`${base}/admin/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)![1];

    const deep = await fetch(`${base}/admin/products/123/edit`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(html);

    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);

    const missing = await fetch(`${base}/admin/assets/nope-123.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404 });
  });
});

describe('admin in chromium', () => {
  it('staff: logs in, creates a category and a product with an image, edits stock; ships and refunds orders; a token expiry is silent', async () => {
    const staff = await account(ab, 'staff', 'Stella Staff');
    const seller = await createUser(t, Role.Seller);
    const customer = await createUser(t);
    const shopCategory = await createCategory(t, 'Kitchen');
    const sold = await createProduct(t, {
      seller,
      categoryId: shopCategory.id,
      name: 'Enamel Mug',
      stock: 20,
    });
    const toShip = await paidOrder(t, customer, [{ productId: sold.id, quantity: 2 }]);
    const toRefund = await paidOrder(t, customer, [{ productId: sold.id, quantity: 1 }]);

    const { context, page, errors } = await newPage(ab);
    const requests: { url: string; status: number }[] = [];
    page.on('response', (r) => requests.push({ url: r.url(), status: r.status() }));
    // The page's clock stands still: it never sees its token age, so only the server's 401
    // (after ACCESS_TTL_SECONDS) can trigger the refresh checked at the end.
    await page.clock.setFixedTime(new Date());

    await page.goto(`${base}/admin/`);
    await page.getByLabel('Email').waitFor();
    await expectAccessible(page, 'login');
    await login(ab, page, staff.email);
    const loggedInAt = Date.now();
    await page.getByRole('menuitem', { name: 'Categories' }).waitFor();

    // A category under "Kitchen".
    await page.getByRole('menuitem', { name: 'Categories' }).click();
    await page.getByText('Kitchen').first().waitFor();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/create$/);
    await page.getByRole('textbox', { name: 'Name' }).fill('Teapots');
    await page.getByLabel('Parent (empty: top level)').click();
    await page.getByRole('option', { name: 'Kitchen' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('category-name').filter({ hasText: 'Teapots' }).waitFor();
    const [teapots] = await t.sql<{ id: string; parent_id: string }>(
      `SELECT id, parent_id FROM category WHERE name = 'Teapots'`,
    );
    expect(teapots.parent_id).toBe(shopCategory.id);

    // A product in it; a duplicate slug's API message is shown on the form first.
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await page.getByText('Enamel Mug').waitFor();
    await expectAccessible(page, 'product list');
    await shot(page, 'staff-product-list');
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/create$/);
    await page.getByRole('textbox', { name: 'Name' }).fill('Cast Iron Teapot');
    await page.getByLabel('Slug').fill(sold.slug);
    await page.getByLabel('Category').click();
    await page.getByRole('option', { name: 'Kitchen / Teapots' }).click();
    await page.getByLabel('Base price').fill('34.50');
    await page.getByLabel('Stock').fill('5');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/slug/i)
      .filter({ hasText: /taken|exists|already/i })
      .first()
      .waitFor();
    await page.getByLabel('Slug').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Images' }).waitFor();
    const [teapot] = await t.sql<{ id: string; price: number; category_id: string }>(
      `SELECT id, price, category_id FROM product WHERE name = 'Cast Iron Teapot'`,
    );
    expect(Number(teapot.price)).toBe(3450);
    expect(teapot.category_id).toBe(teapots.id);

    // An image: uploaded, previewed from /media.
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b03a2e' } })
      .png()
      .toBuffer();
    await page
      .getByTestId('image-upload')
      .setInputFiles({ name: 'teapot.png', mimeType: 'image/png', buffer: png });
    const preview = page.getByTestId('product-images').locator('img');
    await preview.first().waitFor();
    expect(await preview.first().getAttribute('src')).toMatch(new RegExp(`^${base}/media/.+-thumb\\.webp$`));
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=product-images] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await t.sql(`SELECT id FROM product_image WHERE product_id = $1`, [teapot.id])).toHaveLength(1);

    // Stock +7 relative to 5.
    await page.getByLabel(/Stock adjustment for/).fill('7');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('variant-stock').filter({ hasText: '12' }).waitFor();
    const [variant] = await t.sql<{ stock: number }>(
      `SELECT stock FROM product_variant WHERE product_id = $1`,
      [teapot.id],
    );
    expect(variant.stock).toBe(12);
    await expectAccessible(page, 'product edit');
    await shot(page, 'staff-product-edit');

    // Ship one paid order, refund another in full; buttons follow the state machine.
    // In-app navigation (a reload would resume the session by a refresh, hiding the 401 path).
    const numbers = Object.fromEntries(
      (await t.sql<{ id: string; number: string }>(`SELECT id, number FROM "order"`)).map((o) => [
        o.id,
        o.number,
      ]),
    );
    const openOrder = async (id: string) => {
      await page.getByRole('menuitem', { name: 'Orders' }).click();
      await page.getByRole('cell', { name: numbers[id], exact: true }).click();
      await page.waitForURL(new RegExp(`/admin/orders/${id}/show$`));
    };
    await openOrder(toShip);
    await page.getByRole('button', { name: 'Mark shipped' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'shipped' }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark shipped' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Mark delivered' }).isEnabled()).toBe(true);
    await openOrder(toRefund);
    await page.getByRole('button', { name: 'Refund in full' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'refunded' }).waitFor();
    const statuses = await t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM "order" WHERE id = ANY($1)`,
      [[toShip, toRefund]],
    );
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
      [toShip]: 'shipped',
      [toRefund]: 'refunded',
    });

    // The access token expires on the server after ACCESS_TTL_SECONDS; the page (its clock stopped)
    // still holds it, gets a 401, refreshes once and retries, and nobody sees a login page.
    const wait = loggedInAt + (ACCESS_TTL_SECONDS + 2) * 1000 - Date.now();
    if (wait > 0) await page.waitForTimeout(wait);
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByText(staff.email).waitFor();
    const api = requests
      .filter((r) => r.url.includes('/api/v1/'))
      .map((r) => ({ ...r, url: r.url.replace(base, '') }));
    const firstRefresh = api.findIndex((r) => r.url === '/api/v1/auth/refresh');
    expect(firstRefresh).toBeGreaterThan(0);
    const expired = api[firstRefresh - 1];
    expect(expired.status).toBe(401);
    expect(api[firstRefresh].status).toBe(200);
    const retried = api.slice(firstRefresh + 1).find((r) => r.url === expired.url);
    expect(retried?.status).toBeGreaterThanOrEqual(200);
    expect(retried?.status).toBeLessThan(300);
    expect(api.filter((r) => r.url === '/api/v1/auth/refresh' && r.status !== 200)).toEqual([]);
    expect(page.url()).not.toContain('/login');

    // Users: filter by role, deactivate a seller (staff may; only admins change roles).
    await page.getByRole('textbox', { name: 'Email or name' }).fill(seller.email);
    await page.getByRole('cell', { name: seller.email, exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/users/${seller.id}$`));
    expect(await page.getByRole('combobox', { name: /Role/ }).getAttribute('aria-disabled')).toBe('true');
    await page
      .getByRole('switch', { name: /Active/ })
      .or(page.getByRole('checkbox', { name: /Active/ }))
      .uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/users$/);
    const [deactivated] = await t.sql<{ active: boolean }>(`SELECT active FROM "user" WHERE id = $1`, [
      seller.id,
    ]);
    expect(deactivated.active).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('seller: sees only its own products and creates one (at phone width too)', async () => {
    const seller = await account(ab, 'seller', 'Sam Seller');
    const other = await createUser(t, Role.Seller);
    const category = await createCategory(t, 'Garden');
    await createProduct(t, { seller: seller.id, categoryId: category.id, name: 'Sam Watering Can' });
    await createProduct(t, { seller: other, categoryId: category.id, name: 'Other Sellers Rake' });

    const { context, page, errors } = await newPage(ab);
    await login(ab, page, seller.email);
    // The home is the seller's dashboard (admin-browser-dashboard spec); the products are a menu away.
    await page.getByRole('menuitem', { name: 'My products' }).click();
    await page.getByText('Sam Watering Can').waitFor();
    expect(await page.getByText('Other Sellers Rake').count()).toBe(0);
    // No staff screens in a seller's menu.
    expect(await page.getByRole('menuitem', { name: 'Users' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'My products' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/create$/);
    await page.getByRole('textbox', { name: 'Name' }).fill('Sam Seed Tray');
    await page.getByLabel('Category').click();
    await page.getByRole('option', { name: 'Garden' }).click();
    await page.getByLabel('Base price').fill('4.99');
    await page.getByLabel('Stock').fill('30');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Images' }).waitFor();
    const [created] = await t.sql<{ seller_id: string; price: number }>(
      `SELECT seller_id, price FROM product WHERE name = 'Sam Seed Tray'`,
    );
    expect(created.seller_id).toBe(seller.id);
    expect(Number(created.price)).toBe(499);
    await context.close();

    // 390 px: the list becomes a simple list, still only the seller's products.
    const phone = await newPage(ab, 390, 844);
    await login(ab, phone.page, seller.email);
    await phone.page.getByTestId('seller-dashboard').waitFor();
    await phone.page.goto(`${base}/admin/products`);
    await phone.page.getByText('Sam Seed Tray').waitFor();
    await phone.page.getByText('Sam Watering Can').waitFor();
    expect(await phone.page.getByText('Other Sellers Rake').count()).toBe(0);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page, 'product list at 390 px');
    await shot(phone.page, 'seller-product-list-390');
    expect([...errors, ...phone.errors]).toEqual([]);
    await phone.context.close();
  });

  it('a customer is turned away', async () => {
    const customer = await account(ab, 'customer', 'Cora Customer');
    const { context, page } = await newPage(ab);
    await login(ab, page, customer.email);
    await page.getByTestId('login-error').filter({ hasText: 'for staff and sellers' }).waitFor();
    expect(await page.getByRole('menuitem').count()).toBe(0);
    // The session the login opened was ended (the refresh token revoked).
    const [open] = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`,
      [customer.id],
    );
    expect(Number(open.n)).toBe(0);
    // A reload does not sneak in either.
    await page.reload();
    await page.getByLabel('Email').waitFor();
    await context.close();
  });
});
