/**
 * The admin's dashboards in a real browser (test/support/admin-browser.ts): a seller's sales
 * (KPI tiles, the revenue chart and its interval switch, top products, CSV export) and the staff
 * overview (all-seller tiles, pending orders and comments), against the real analytics API.
 */
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { createCategory, createProduct } from './support/catalog-factories';
import { paidOrder, placeOrder } from './support/checkout-helpers';
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
import { Role } from '../src/accounts/role';
import { TestApp } from './support/test-app';

jest.setTimeout(240_000);

let ab: AdminBrowser;
let t: TestApp;

let seller: { id: string; email: string };
let money: (minor: number) => string;

beforeAll(async () => {
  ab = await startAdminBrowser('admin_browser_dashboard');
  t = ab.t;
  const fmt = new Intl.NumberFormat('en-US', { style: 'currency', currency: t.config.currency });
  money = (minor) => fmt.format(minor / 100);

  // The seller's sales today: 2 × 24.99 and 1 × 15.00 in two paid orders (64.98, 2 orders, 3 units).
  // Another seller's 100.00 counts for staff only; an unpaid order counts nowhere but the queue.
  seller = await account(ab, 'seller', 'Dana Dashboard');
  const other = await createUser(t, Role.Seller);
  const customer = await createUser(t);
  const kitchen = await createCategory(t, 'Kitchen');
  const garden = await createCategory(t, 'Garden');
  const mug = await createProduct(t, {
    seller: seller.id,
    categoryId: kitchen.id,
    name: 'Dana Mug',
    price: 2499,
  });
  const pot = await createProduct(t, {
    seller: seller.id,
    categoryId: garden.id,
    name: 'Dana Pot',
    price: 1500,
  });
  const rake = await createProduct(t, {
    seller: other.id,
    categoryId: garden.id,
    name: 'Other Rake',
    price: 10000,
  });
  const mugOrder = await paidOrder(t, customer, [{ productId: mug.id, quantity: 2 }]);
  await paidOrder(t, customer, [{ productId: pot.id, quantity: 1 }]);
  await paidOrder(t, customer, [{ productId: rake.id, quantity: 1 }]);
  await placeOrder(t, customer, [{ productId: rake.id, quantity: 1 }]);
  // One mug refunded (24.99): a refund, revenue unchanged (refunds count on their own date).
  const staffUser = await createUser(t, Role.Staff);
  const [line] = await t.sql<{ id: string }>(`SELECT id FROM order_line WHERE order_id = $1`, [mugOrder]);
  const refund = await t.http.post(
    `/api/v1/orders/${mugOrder}/refund`,
    { lines: [{ orderLineId: line.id, quantity: 1 }] },
    { token: staffUser.token },
  );
  expect(refund.status).toBe(200);
  for (const body of ['Does it fit a dishwasher?', 'Is the glaze lead-free?']) {
    const res = await t.http.post(`/api/v1/products/${mug.id}/comments`, { body }, { token: customer.token });
    expect(res.status).toBe(201);
  }
});

afterAll(() => stopAdminBrowser(ab));

async function tileValue(page: Page, key: string) {
  return (await page.getByTestId(`kpi-${key}`).getByTestId('kpi-value').textContent())?.trim();
}

/** The series the chart shows, read from its table twin: rows, and the sum of the minor units. */
async function series(page: Page) {
  const chart = page.getByTestId('sales-chart');
  const cells = chart.getByTestId('sales-table').locator('tbody td[data-minor]');
  const minor = (await cells.evaluateAll((tds) =>
    tds.map((td) => Number(td.getAttribute('data-minor'))),
  )) as number[];
  return {
    interval: await chart.getAttribute('data-interval'),
    bars: await chart.locator('.MuiBarChart-element').count(),
    rows: minor.length,
    sum: minor.reduce((a, b) => a + b, 0),
    nonZero: minor.filter((v) => v > 0),
  };
}

describe('admin dashboards in chromium', () => {
  it('seller: KPI tiles with the right numbers, a chart with data points, interval switch, top products, CSV', async () => {
    const { context, page, errors } = await newPage(ab);
    await login(ab, page, seller.email);
    await page.getByTestId('seller-dashboard').waitFor();
    await page.getByTestId('kpi-tiles').waitFor();

    expect(await tileValue(page, 'revenue')).toBe(money(6498));
    expect(await tileValue(page, 'orders')).toBe('2');
    expect(await tileValue(page, 'units')).toBe('3');
    expect(await tileValue(page, 'averageOrderValue')).toBe(money(3249));
    expect(await tileValue(page, 'refundAmount')).toBe(money(2499));
    expect(await page.getByTestId('kpi-refundAmount').getByTestId('kpi-detail').textContent()).toBe(
      '1 refund',
    );
    // Nothing sold in the 30 days before: the change is "new", not a made-up percentage.
    expect(await page.getByTestId('kpi-revenue').getByTestId('kpi-change').textContent()).toBe(
      'New (none in the previous period)',
    );

    // 30 daily buckets, every one a bar (zeros included); today's holds both orders.
    await page.getByTestId('sales-chart').waitFor();
    const daily = await series(page);
    expect(daily).toEqual({ interval: 'day', bars: 30, rows: 30, sum: 6498, nonZero: [6498] });
    expect(await page.getByTestId('sales-table').locator('tbody tr').last().textContent()).toContain(
      money(6498),
    );

    await expectAccessible(page, 'seller dashboard');
    await shot(page, 'seller-dashboard');

    // Weeks: fewer buckets, the same total.
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.locator('[data-testid=sales-chart][data-interval=week]:not([aria-busy])').waitFor();
    const weekly = await series(page);
    expect(weekly.rows).toBeGreaterThanOrEqual(5);
    expect(weekly.rows).toBeLessThanOrEqual(6);
    expect(weekly).toMatchObject({ bars: weekly.rows, sum: 6498, nonZero: [6498] });
    await page.getByRole('button', { name: 'Month', exact: true }).click();
    await page.locator('[data-testid=sales-chart][data-interval=month]:not([aria-busy])').waitFor();
    const monthly = await series(page);
    expect(monthly.rows).toBeLessThanOrEqual(2);
    expect(monthly).toMatchObject({ bars: monthly.rows, sum: 6498 });

    // Top products and categories: the seller's own only.
    const top = page.getByTestId('top-products');
    await top.getByText('Dana Mug').waitFor();
    expect(await top.locator('tbody tr').allTextContents()).toEqual([
      expect.stringContaining(money(4998)),
      expect.stringContaining(money(1500)),
    ]);
    expect(await top.locator('tbody tr').first().textContent()).toContain('Dana Mug');
    expect(await page.getByText('Other Rake').count()).toBe(0);
    const categories = page.getByTestId('categories');
    expect(await categories.getByText('Kitchen').count()).toBe(1);
    expect(await categories.getByText('Garden').count()).toBe(1);

    // CSV export: fetched with the bearer token, saved as a file; TOTAL row = the seller's revenue.
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Sales per interval' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv.at(-1)).toMatch(/^TOTAL,/);
    expect(csv.at(-1)).toContain(',6498,');

    // A period that ends before it starts is refused in the form, nothing is sent.
    const to = await page.getByRole('textbox', { name: 'To', exact: true }).inputValue();
    await page
      .getByRole('textbox', { name: 'From', exact: true })
      .fill(`${Number(to.slice(0, 4)) + 1}${to.slice(4)}`);
    await page.getByText('The start date is after the end date').waitFor();
    // No stale figures under an invalid period: every panel says so instead.
    expect(await page.getByTestId('invalid-period').count()).toBe(4);
    expect(await page.getByTestId('kpi-tiles').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true);
    // The 7-day preset brings the figures back.
    await page.getByRole('button', { name: '7 days' }).click();
    await page.getByTestId('kpi-tiles').waitFor();
    expect(await tileValue(page, 'revenue')).toBe(money(6498));

    // Another time zone: the days are counted there (the API echoes the zone); it is remembered.
    await page.getByRole('combobox', { name: 'Time zone' }).fill('Pacific/Pago_Pago');
    await page.getByRole('option', { name: 'Pacific/Pago_Pago' }).click();
    await page.getByText('(Pacific/Pago_Pago), compared with').waitFor();
    expect(await tileValue(page, 'revenue')).toBe(money(6498));
    await page.reload();
    await page.getByText('(Pacific/Pago_Pago), compared with').waitFor();

    expect(errors).toEqual([]);
    await context.close();

    // 390 px: tiles stack, the chart fits the width.
    const phone = await newPage(ab, 390, 844);
    await login(ab, phone.page, seller.email);
    await phone.page.getByTestId('sales-chart').waitFor();
    expect(await tileValue(phone.page, 'revenue')).toBe(money(6498));
    expect((await series(phone.page)).bars).toBe(30);
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone.page, 'seller dashboard at 390 px');
    await shot(phone.page, 'seller-dashboard-390');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('a seller without sales sees empty states, not empty charts', async () => {
    const newcomer = await account(ab, 'seller', 'Nina Newcomer');
    const { context, page, errors } = await newPage(ab);
    await login(ab, page, newcomer.email);
    await page.getByTestId('kpi-tiles').waitFor();
    expect(await tileValue(page, 'revenue')).toBe(money(0));
    expect(await page.getByTestId('kpi-revenue').getByTestId('kpi-change').textContent()).toBe(
      'No change (none in either period)',
    );
    await page.getByTestId('sales-empty').waitFor();
    expect(await page.locator('.MuiBarChart-element').count()).toBe(0);
    await page.getByText('No products sold in this period.').waitFor();
    await page.getByText('No category sales in this period.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('staff: all-seller tiles, pending orders and pending comments with links to the lists', async () => {
    const staff = await account(ab, 'staff', 'Sid Staff');
    const { context, page, errors } = await newPage(ab);
    await login(ab, page, staff.email);
    await page.getByTestId('staff-dashboard').waitFor();
    await page.getByTestId('kpi-tiles').waitFor();

    expect(await tileValue(page, 'revenue')).toBe(money(16498));
    expect(await tileValue(page, 'orders')).toBe('3');
    expect(await tileValue(page, 'units')).toBe('4');
    // 16498 / 3 rounded half up.
    expect(await tileValue(page, 'averageOrderValue')).toBe(money(5499));
    expect(await tileValue(page, 'refundAmount')).toBe(money(2499));

    const count = (id: string) => page.getByTestId(id).getByTestId('count-value');
    await count('pending-orders').filter({ hasText: /^\d/ }).waitFor();
    expect(await count('pending-orders').textContent()).toBe('1');
    await count('pending-comments').filter({ hasText: /^\d/ }).waitFor();
    expect(await count('pending-comments').textContent()).toBe('2');

    await expectAccessible(page, 'staff dashboard');
    await shot(page, 'staff-dashboard');

    // The pending tile opens the orders list filtered on that status.
    const [pending] = await t.sql<{ number: string }>(`SELECT number FROM "order" WHERE status = 'pending'`);
    await page.getByRole('link', { name: 'Open pending orders' }).click();
    await page.waitForURL(/\/admin\/orders\?/);
    expect(new URL(page.url()).searchParams.get('filter')).toBe(JSON.stringify({ status: 'pending' }));
    await page.getByRole('cell', { name: pending.number, exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
