/**
 * The admin in a real browser (test/support/admin-browser.ts), orders and bulk work: staff refunds
 * one line of a two-line order with restock (checked in the database), exports the orders CSV with
 * the list's filter (the downloaded file is read), and deactivates two products from the list in
 * one bulk request. axe on the refund dialog.
 */
import { readFile } from 'node:fs/promises';
import { Role } from '../src/accounts/role';
import { createCategory, createProduct, stockOf, TestProduct } from './support/catalog-factories';
import { paidOrder } from './support/checkout-helpers';
import { createUser } from './support/factories';
import {
  AdminBrowser,
  account,
  expectAccessible,
  login,
  newPage,
  shot,
  startAdminBrowser,
  stopAdminBrowser,
} from './support/admin-browser';

jest.setTimeout(240_000);

describe('admin in chromium: partial refund, orders CSV, bulk deactivate', () => {
  let ab: AdminBrowser;
  let lamp: TestProduct;
  let mat: TestProduct;
  let alpha: TestProduct;
  let beta: TestProduct;
  let gamma: TestProduct;
  let twoLines: string;
  let other: string;

  beforeAll(async () => {
    ab = await startAdminBrowser('admin_browser_orders');
    const { t } = ab;
    const seller = await createUser(t, Role.Seller);
    const buyer = await createUser(t, Role.Customer);
    const categoryId = (await createCategory(t, 'Lighting')).id;
    lamp = await createProduct(t, { seller, categoryId, name: 'Brass Lamp', price: 4000, stock: 10 });
    mat = await createProduct(t, { seller, categoryId, name: 'Yoga Mat', price: 1500, stock: 10 });
    alpha = await createProduct(t, { seller, categoryId, name: 'Bulk Alpha', price: 100 });
    beta = await createProduct(t, { seller, categoryId, name: 'Bulk Beta', price: 100 });
    gamma = await createProduct(t, { seller, categoryId, name: 'Bulk Gamma', price: 100 });
    twoLines = await paidOrder(t, buyer, [
      { productId: lamp.id, quantity: 2 },
      { productId: mat.id, quantity: 1 },
    ]);
    other = await paidOrder(t, buyer, [{ productId: mat.id, quantity: 1 }]);
  });
  afterAll(() => stopAdminBrowser(ab));

  it('staff refunds one line (restocked), exports the filtered CSV, bulk-deactivates two products', async () => {
    const { t } = ab;
    const staff = await account(ab, 'staff', 'Orders Staff');
    const { page, errors, context } = await newPage(ab);
    const requests: { method: string; url: string }[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) requests.push({ method: r.method(), url: r.url() });
    });
    await login(ab, page, staff.email);
    await page.getByRole('menuitem', { name: 'Orders' }).waitFor();

    // --- partial refund: one lamp of the two, restocked ---
    const [{ number }] = await t.sql<{ number: string }>(`SELECT number FROM "order" WHERE id = $1`, [
      twoLines,
    ]);
    const [lampLine] = await t.sql<{ id: string }>(
      `SELECT id FROM order_line WHERE order_id = $1 AND product_id = $2`,
      [twoLines, lamp.id],
    );
    const stockBefore = await stockOf(t, lamp.variant.id);
    await page.getByRole('menuitem', { name: 'Orders' }).click();
    await page.getByRole('cell', { name: number, exact: true }).click();
    await page.waitForURL(new RegExp(`/admin/orders/${twoLines}/show$`));
    await page.getByRole('button', { name: 'Refund lines…' }).click();
    const dialog = page.getByRole('dialog', { name: `Refund lines of ${number}` });
    const lampUnits = dialog.getByLabel('Units of Brass Lamp to refund (at most 2)');
    await lampUnits.waitFor();
    expect(await dialog.getByLabel('Units of Yoga Mat to refund (at most 1)').isEnabled()).toBe(true);
    // Nothing chosen yet: nothing to confirm.
    expect(await dialog.getByRole('button', { name: /^Refund / }).isDisabled()).toBe(true);
    await lampUnits.fill('1');
    await dialog.getByTestId('refund-preview').filter({ hasText: '$40.00' }).waitFor();
    expect(
      await dialog.getByRole('switch', { name: 'Put the refunded units back in stock' }).isChecked(),
    ).toBe(true);
    await dialog.getByLabel('Reason (shown in the order history)').fill('Arrived dented');
    await expectAccessible(page, 'refund dialog');
    await shot(page, 'staff-refund-dialog');
    await dialog.getByRole('button', { name: 'Refund $40.00' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'partially refunded' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const [order] = await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [twoLines]);
    expect(order.status).toBe('partially_refunded');
    const refunds = await t.sql<{
      id: string;
      status: string;
      amount: string;
      restock: boolean;
      reason: string;
    }>(`SELECT id, status, amount, restock, reason FROM refund WHERE order_id = $1`, [twoLines]);
    expect(refunds.map((r) => [r.status, Number(r.amount), r.restock, r.reason])).toEqual([
      ['succeeded', 4000, true, 'Arrived dented'],
    ]);
    const refundLines = await t.sql<{ order_line_id: string; quantity: number; amount: string }>(
      `SELECT order_line_id, quantity, amount FROM refund_line WHERE refund_id = $1`,
      [refunds[0].id],
    );
    expect(refundLines.map((l) => [l.order_line_id, l.quantity, Number(l.amount)])).toEqual([
      [lampLine.id, 1, 4000],
    ]);
    expect(await stockOf(t, lamp.variant.id)).toBe(stockBefore + 1);

    // The dialog now offers only what is left of each line; the state machine still allows refunds.
    await page.getByRole('button', { name: 'Refund lines…' }).click();
    await dialog.getByLabel('Units of Brass Lamp to refund (at most 1)').waitFor();
    await dialog.getByRole('button', { name: 'Keep order' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // --- CSV export with the list's status filter ---
    await page.getByRole('menuitem', { name: 'Orders' }).click();
    await page.getByRole('cell', { name: number, exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Partially refunded' }).click();
    await page.waitForURL(/partially_refunded/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = csv.split('\r\n').filter(Boolean);
    expect(header.split(',').slice(0, 5)).toEqual([
      'order_number',
      'order_id',
      'placed_at',
      'paid_at',
      'status',
    ]);
    const cols = header.split(',');
    const cell = (row: string, name: string) => row.split(',')[cols.indexOf(name)];
    // Only the partially refunded order (its two lines), not the other paid one.
    expect(rows.map((r) => [cell(r, 'order_id'), cell(r, 'product_name'), cell(r, 'quantity')])).toEqual([
      [twoLines, 'Brass Lamp', '2'],
      [twoLines, 'Yoga Mat', '1'],
    ]);
    expect(rows.map((r) => [cell(r, 'line_total'), cell(r, 'line_total_minor')])).toEqual([
      ['80.00', '8000'],
      ['15.00', '1500'],
    ]);
    expect(csv).not.toContain(other);
    const exportCall = requests.filter((r) => r.url.includes('/orders/export.csv'));
    expect(exportCall).toHaveLength(1);
    expect(new URL(exportCall[0].url).searchParams.get('status')).toBe('partially_refunded');

    // --- bulk deactivate two products from the list: one PATCH /products/bulk ---
    await page.getByRole('menuitem', { name: 'Products' }).click();
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row('Bulk Alpha').waitFor();
    await row('Bulk Alpha').getByRole('checkbox').check();
    await row('Bulk Beta').getByRole('checkbox').check();
    // The bulk toolbar has slid in and counts the selection before axe looks at it.
    await page.getByText('2 items selected').waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).waitFor();
    await expectAccessible(page, 'product list with a bulk selection');
    const before = requests.length;
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog', { name: 'Deactivate products' }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('dialog', { name: 'Deactivate products' }).waitFor({ state: 'hidden' });
    await page.waitForFunction(() => !document.querySelector('[role="row"] input[type="checkbox"]:checked'));
    const active = await t.sql<{ id: string; active: boolean }>(
      `SELECT id, active FROM product WHERE id = ANY($1::uuid[])`,
      [[alpha.id, beta.id, gamma.id]],
    );
    expect(Object.fromEntries(active.map((p) => [p.id, p.active]))).toEqual({
      [alpha.id]: false,
      [beta.id]: false,
      [gamma.id]: true,
    });
    const writes = requests.slice(before).filter((r) => r.method === 'PATCH');
    expect(writes.map((r) => new URL(r.url).pathname)).toEqual(['/api/v1/products/bulk']);
    await shot(page, 'staff-products-bulk');
    expect(errors).toEqual([]);
    await context.close();
  });
});
