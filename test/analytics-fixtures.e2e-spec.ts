/**
 * Seller analytics against hand-computed numbers. Two sellers (A: products A1, A2; B: B1), two
 * customers, orders either side of Berlin's DST start (2026-03-29, 02:00 CET → 03:00 CEST) and of
 * the March/April month end, one pending and one cancelled order that must never count, and a
 * partial refund (one unit of A2 plus 300 not tied to a line, prorated 50/250 over O3's lines).
 *
 *   order  paid at (UTC)       Berlin            customer  lines                     shipping
 *   O0     2026-03-25 12:00    03-25 13:00 CET   C1        A1×1 (1000)               0
 *   O1     2026-03-28 22:30    03-28 23:30 CET   C1        A1×2 (2000), B1×1 (4000)  500
 *   O2     2026-03-28 23:30    03-29 00:30 CET   C2        A2×1 (2500)               500
 *   O3     2026-03-29 22:30    03-30 00:30 CEST  C1        A1×1 (1000), A2×2 (5000)  0
 *   O4     2026-03-31 21:30    03-31 23:30 CEST  C2        B1×2 (8000)               500
 *   O5     2026-03-31 22:15    04-01 00:15 CEST  C1        A1×3 (3000), B1×1 (4000)  0
 *   R1     2026-03-31 22:30    04-01 00:30 CEST  refund of O3: A2×1 2500 + 300 extra = 2800 (A1 50, A2 2750)
 */
import { Role } from '../src/accounts/role';
import { insertOrder, recordRefund, rollupSnapshot } from './support/analytics-fixtures';
import { createCategory, createProduct, TestProduct } from './support/catalog-factories';
import { paidOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1/analytics';

describe('analytics: hand-computed fixtures', () => {
  let t: TestApp;
  let staff: TestUser;
  let sellerA: TestUser;
  let sellerB: TestUser;
  let customer: TestUser;
  let a1: TestProduct;
  let a2: TestProduct;
  let b1: TestProduct;
  let top: { id: string };
  let kid: { id: string };

  const get = (path: string, user: TestUser, query: Record<string, string | number>) =>
    t.http.get(`${API}/${path}`, { token: user.token, query });
  const berlin = { from: '2026-03-28', to: '2026-04-01', tz: 'Europe/Berlin' };

  beforeAll(async () => {
    t = await createTestApp('analytics-fixtures');
    staff = await createUser(t, Role.Staff);
    sellerA = await createUser(t, Role.Seller);
    sellerB = await createUser(t, Role.Seller);
    customer = await createUser(t, Role.Customer);
    const c1 = await createUser(t, Role.Customer);
    const c2 = await createUser(t, Role.Customer);
    top = await createCategory(t, 'Top');
    kid = await createCategory(t, 'Kid');
    const other = await createCategory(t, 'Other');
    await t.sql(`UPDATE category SET parent_id = $1 WHERE id = $2`, [top.id, kid.id]);
    a1 = await createProduct(t, { seller: sellerA, categoryId: top.id, price: 1000, stock: 100 });
    a2 = await createProduct(t, { seller: sellerA, categoryId: kid.id, price: 2500, stock: 100 });
    b1 = await createProduct(t, { seller: sellerB, categoryId: other.id, price: 4000, stock: 100 });
    const A1 = (quantity: number) => ({ productId: a1.id, sellerId: sellerA.id, quantity, unitPrice: 1000 });
    const A2 = (quantity: number) => ({ productId: a2.id, sellerId: sellerA.id, quantity, unitPrice: 2500 });
    const B1 = (quantity: number) => ({ productId: b1.id, sellerId: sellerB.id, quantity, unitPrice: 4000 });
    await insertOrder(t, { userId: c1.id, paidAt: '2026-03-25T12:00:00Z', lines: [A1(1)] });
    await insertOrder(t, {
      userId: c1.id,
      paidAt: '2026-03-28T22:30:00Z',
      lines: [A1(2), B1(1)],
      shippingFee: 500,
    });
    await insertOrder(t, { userId: c2.id, paidAt: '2026-03-28T23:30:00Z', lines: [A2(1)], shippingFee: 500 });
    const o3 = await insertOrder(t, { userId: c1.id, paidAt: '2026-03-29T22:30:00Z', lines: [A1(1), A2(2)] });
    await insertOrder(t, { userId: c2.id, paidAt: '2026-03-31T21:30:00Z', lines: [B1(2)], shippingFee: 500 });
    await insertOrder(t, { userId: c1.id, paidAt: '2026-03-31T22:15:00Z', lines: [A1(3), B1(1)] });
    await insertOrder(t, {
      userId: c2.id,
      paidAt: '2026-03-30T10:00:00Z',
      lines: [A1(5)],
      status: 'pending',
    });
    await insertOrder(t, {
      userId: c2.id,
      paidAt: '2026-03-30T11:00:00Z',
      lines: [A2(1)],
      status: 'cancelled',
    });
    await recordRefund(t, {
      orderId: o3.id,
      completedAt: '2026-03-31T22:30:00Z',
      lines: [{ orderLineId: o3.lineIds[1], quantity: 1, amount: 2500 }],
      extra: 300,
    });
  });
  afterAll(() => t.close());

  const pick = (b: Record<string, unknown>) => [
    b.start,
    b.revenue,
    b.orders,
    b.units,
    b.refunds,
    b.refundAmount,
    b.netRevenue,
  ];

  it('summary of seller A in Berlin, with the previous period and the change', async () => {
    const res = await get('summary', sellerA, berlin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      currency: 'USD',
      tz: 'Europe/Berlin',
      previousPeriod: { from: '2026-03-23', to: '2026-03-27' },
    });
    expect(Date.parse(res.body.asOf)).not.toBeNaN();
    expect(res.body.current).toEqual({
      revenue: 13500,
      orders: 4,
      units: 9,
      averageOrderValue: 3375,
      refunds: 1,
      refundAmount: 2800,
      netRevenue: 10700,
      newCustomers: 1,
      returningCustomers: 1,
      shipping: null,
    });
    expect(res.body.previous).toMatchObject({
      revenue: 1000,
      orders: 1,
      units: 1,
      newCustomers: 1,
      returningCustomers: 0,
    });
    expect(res.body.change).toMatchObject({
      revenue: 1250,
      orders: 300,
      units: 800,
      refunds: null,
      returningCustomers: null,
    });
  });

  it('summary for staff: the whole store, shipping apart; one seller with sellerId', async () => {
    const all = await get('summary', staff, berlin);
    expect(all.body.current).toMatchObject({
      revenue: 29500,
      orders: 5,
      units: 13,
      shipping: 1500,
      refundAmount: 2800,
      newCustomers: 1,
      returningCustomers: 1,
    });
    const b = await get('summary', staff, { ...berlin, sellerId: sellerB.id });
    expect(b.body.current).toMatchObject({
      revenue: 16000,
      orders: 3,
      units: 4,
      refunds: 0,
      netRevenue: 16000,
      shipping: null,
    });
  });

  it('daily series in Berlin puts each order on its local day across the DST change, zero days included', async () => {
    const res = await get('sales', sellerA, { ...berlin, interval: 'day' });
    expect(res.body.series.map(pick)).toEqual([
      ['2026-03-28', 2000, 1, 2, 0, 0, 2000],
      ['2026-03-29', 2500, 1, 1, 0, 0, 2500],
      ['2026-03-30', 6000, 1, 3, 0, 0, 6000],
      ['2026-03-31', 0, 0, 0, 0, 0, 0],
      ['2026-04-01', 3000, 1, 3, 1, 2800, 200],
    ]);
  });

  it('the same days in UTC', async () => {
    const res = await get('sales', sellerA, { ...berlin, tz: 'UTC' });
    expect(res.body.series.map(pick)).toEqual([
      ['2026-03-28', 4500, 2, 3, 0, 0, 4500],
      ['2026-03-29', 6000, 1, 3, 0, 0, 6000],
      ['2026-03-30', 0, 0, 0, 0, 0, 0],
      ['2026-03-31', 3000, 1, 3, 1, 2800, 200],
      ['2026-04-01', 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('months split at the local month end; ISO weeks start on Monday and are clipped to the period', async () => {
    const months = await get('sales', sellerA, {
      from: '2026-03-01',
      to: '2026-04-30',
      tz: 'Europe/Berlin',
      interval: 'month',
    });
    expect(months.body.series.map(pick)).toEqual([
      ['2026-03-01', 11500, 4, 7, 0, 0, 11500],
      ['2026-04-01', 3000, 1, 3, 1, 2800, 200],
    ]);
    const utc = await get('sales', sellerA, {
      from: '2026-03-01',
      to: '2026-04-30',
      tz: 'UTC',
      interval: 'month',
    });
    expect(utc.body.series.map(pick)).toEqual([
      ['2026-03-01', 14500, 5, 10, 1, 2800, 11700],
      ['2026-04-01', 0, 0, 0, 0, 0, 0],
    ]);
    const weeks = await get('sales', sellerA, { ...berlin, interval: 'week' });
    expect(
      weeks.body.series.map((b: Record<string, unknown>) => [b.start, b.end, b.revenue, b.orders]),
    ).toEqual([
      ['2026-03-28', '2026-03-29', 4500, 2],
      ['2026-03-30', '2026-04-01', 9000, 2],
    ]);
    const quarter = await get('sales', staff, {
      from: '2026-01-01',
      to: '2026-06-30',
      tz: 'Europe/Berlin',
      interval: 'quarter',
    });
    expect(quarter.body.series.map((b: Record<string, unknown>) => [b.start, b.end, b.revenue])).toEqual([
      ['2026-01-01', '2026-03-31', 1000 + 6000 + 2500 + 6000 + 8000],
      ['2026-04-01', '2026-06-30', 7000],
    ]);
    const year = await get('sales', staff, {
      from: '2025-06-01',
      to: '2026-12-31',
      tz: 'UTC',
      interval: 'year',
    });
    expect(year.body.series.map((b: Record<string, unknown>) => [b.start, b.end, b.revenue])).toEqual([
      ['2025-06-01', '2025-12-31', 0],
      ['2026-01-01', '2026-12-31', 30500],
    ]);
  });

  it('comparison series: previous period and previous year, each gap-free', async () => {
    const prev = await get('sales', sellerA, { ...berlin, compare: 'previous_period' });
    expect(prev.body.comparePeriod).toEqual({ from: '2026-03-23', to: '2026-03-27' });
    expect(prev.body.comparison.map((b: Record<string, unknown>) => [b.start, b.revenue])).toEqual([
      ['2026-03-23', 0],
      ['2026-03-24', 0],
      ['2026-03-25', 1000],
      ['2026-03-26', 0],
      ['2026-03-27', 0],
    ]);
    const year = await get('sales', sellerA, { ...berlin, compare: 'previous_year' });
    expect(year.body.comparePeriod).toEqual({ from: '2025-03-28', to: '2025-04-01' });
    expect(year.body.comparison).toHaveLength(5);
    expect(year.body.comparison.every((b: { revenue: number }) => b.revenue === 0)).toBe(true);
  });

  it('top products by revenue and by units; categories with and without roll-up', async () => {
    const rev = await get('top-products', staff, { ...berlin, by: 'revenue' });
    expect(
      rev.body.data.map((p: Record<string, unknown>) => [
        p.productId,
        p.revenue,
        p.units,
        p.orders,
        p.refundAmount,
      ]),
    ).toEqual([
      [b1.id, 16000, 4, 3, 0],
      [a2.id, 7500, 3, 2, 2750],
      [a1.id, 6000, 6, 3, 50],
    ]);
    const units = await get('top-products', sellerA, { ...berlin, by: 'units', limit: 1 });
    expect(units.body.data.map((p: Record<string, unknown>) => p.productId)).toEqual([a1.id]);
    const cats = await get('categories', staff, berlin);
    expect(cats.body.data.map((c: Record<string, unknown>) => [c.name, c.revenue, c.units])).toEqual([
      ['Other', 16000, 4],
      ['Kid', 7500, 3],
      ['Top', 6000, 6],
    ]);
    const roots = await get('categories', staff, { ...berlin, roots: 'true' });
    expect(roots.body.data.map((c: Record<string, unknown>) => [c.name, c.revenue, c.units])).toEqual([
      ['Other', 16000, 4],
      ['Top', 13500, 9],
    ]);
  });

  it('a category filter counts an order with two of its products once', async () => {
    const res = await get('summary', sellerA, { ...berlin, categoryId: top.id });
    expect(res.body.current).toMatchObject({
      revenue: 13500,
      orders: 4,
      units: 9,
      refunds: 1,
      refundAmount: 2800,
      newCustomers: null,
    });
    const kidOnly = await get('sales', staff, { ...berlin, categoryId: kid.id });
    expect(kidOnly.body.series.map(pick)).toEqual([
      ['2026-03-28', 0, 0, 0, 0, 0, 0],
      ['2026-03-29', 2500, 1, 1, 0, 0, 2500],
      ['2026-03-30', 5000, 1, 2, 0, 0, 5000],
      ['2026-03-31', 0, 0, 0, 0, 0, 0],
      ['2026-04-01', 0, 0, 0, 1, 2750, -2750],
    ]);
  });

  it('one product: totals and series; a seller only for its own products', async () => {
    const res = await get(`products/${a2.id}`, sellerA, berlin);
    expect(res.status).toBe(200);
    expect(res.body.product).toMatchObject({
      productId: a2.id,
      revenue: 7500,
      units: 3,
      orders: 2,
      refundAmount: 2750,
    });
    expect(res.body.series.map((b: Record<string, unknown>) => b.revenue)).toEqual([0, 2500, 5000, 0, 0]);
    expect((await get(`products/${b1.id}`, sellerA, berlin)).status).toBe(403);
    expect((await get(`products/${b1.id}`, staff, berlin)).body.product.revenue).toBe(16000);
    const missing = await get('products/00000000-0000-4000-8000-000000000000', staff, berlin);
    expect(missing.status).toBe(404);
  });

  it('seller scoping: own numbers by default, 403 for another seller, customers and guests refused', async () => {
    const own = await get('summary', sellerB, berlin);
    expect(own.body.current.revenue).toBe(16000);
    const sameId = await get('summary', sellerB, { ...berlin, sellerId: sellerB.id });
    expect(sameId.body.current.revenue).toBe(16000);
    const other = await get('summary', sellerB, { ...berlin, sellerId: sellerA.id });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    for (const path of ['summary', 'sales', 'top-products', 'categories', 'export.csv?report=sales'])
      expect((await get(path, customer, berlin)).status).toBe(403);
    expect((await t.http.get(`${API}/summary`, { query: berlin })).status).toBe(401);
  });

  it.each([
    [{ ...berlin, from: '2026-04-02' }, 'from'],
    [{ ...berlin, from: '2022-01-01', to: '2025-12-31' }, 'to'],
    [{ ...berlin, interval: 'hour' }, 'interval'],
    [{ ...berlin, tz: 'Mars/Olympus' }, 'tz'],
    [{ ...berlin, from: '2026-02-30' }, 'from'],
    [{ ...berlin, to: '01/04/2026' }, 'to'],
    [{ ...berlin, compare: 'last_week' }, 'compare'],
    [{ tz: 'UTC', to: '2026-01-01' }, 'from'],
  ])('sales with %j → 400 naming %s', async (query, field) => {
    const res = await get('sales', sellerA, query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields[0].field).toBe(field);
    expect(res.body.message).toContain(field);
  });

  it('top-products refuses limit > 50 and unknown "by"; export refuses unknown reports', async () => {
    const big = await get('top-products', sellerA, { ...berlin, limit: 51 });
    expect(big.status).toBe(400);
    expect(big.body.details.fields[0].field).toBe('limit');
    expect(
      (await get('top-products', sellerA, { ...berlin, by: 'price' })).body.details.fields[0].field,
    ).toBe('by');
    const rep = await get('export.csv', sellerA, { ...berlin, report: 'taxes' });
    expect(rep.status).toBe(400);
    expect(rep.body.details.fields[0].field).toBe('report');
  });

  it('the sales CSV: header, a row per day, amounts as decimals and minor units, a TOTAL row', async () => {
    const res = await get('export.csv', sellerA, { ...berlin, report: 'sales' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('sales-2026-03-28-2026-04-01');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'start,end,revenue,revenue_minor,net_revenue,net_revenue_minor,orders,units,refunds,refund_amount,refund_amount_minor,currency',
    );
    expect(lines[1]).toBe('2026-03-28,2026-03-28,20.00,2000,20.00,2000,1,2,0,0.00,0,USD');
    expect(lines[5]).toBe('2026-04-01,2026-04-01,30.00,3000,2.00,200,1,3,1,28.00,2800,USD');
    expect(lines[6]).toBe('TOTAL,,135.00,13500,107.00,10700,4,9,1,28.00,2800,USD');
    expect(lines[7]).toBe('');
  });

  it('paying through the API enters the rollups in the payment transaction, equal to a rebuild', async () => {
    const buyer = await createUser(t, Role.Customer);
    await paidOrder(t, buyer, [{ productId: a1.id, quantity: 2 }]);
    const today = new Date().toISOString().slice(0, 10);
    const res = await get('summary', sellerA, { from: today, to: today, tz: 'UTC' });
    expect(res.body.current).toMatchObject({ revenue: 2000, orders: 1, units: 2, newCustomers: 1 });
    const before = await rollupSnapshot(t);
    const { AnalyticsRebuildService } = await import('../src/analytics/analytics-rebuild.service');
    await t.app.get(AnalyticsRebuildService).rebuild();
    expect(await rollupSnapshot(t)).toEqual(before);
    await t.app.get(AnalyticsRebuildService).rebuild();
    expect(await rollupSnapshot(t)).toEqual(before);
  });

  it('product detail reads are counted in memory, flushed in one batch, and give conversion', async () => {
    const { ProductViewBuffer } = await import('../src/analytics/product-view-buffer');
    await t.app.get(ProductViewBuffer).flush();
    for (let i = 0; i < 3; i++) expect((await t.http.get(`/api/v1/products/${a1.slug}`)).status).toBe(200);
    await t.http.get(`/api/v1/products/${a2.id}`);
    expect(await t.sql(`SELECT * FROM analytics_view_slot`)).toEqual([]);
    await t.app.get(ProductViewBuffer).flush();
    await t.http.get(`/api/v1/products/${a1.id}`);
    await t.app.get(ProductViewBuffer).flush();
    const today = new Date().toISOString().slice(0, 10);
    const res = await get('top-products', sellerA, { from: today, to: today, tz: 'UTC', by: 'views' });
    expect(
      res.body.data.map((p: Record<string, unknown>) => [p.productId, p.views, p.orders, p.conversion]),
    ).toEqual([
      [a1.id, 4, 1, 0.25],
      [a2.id, 1, 0, 0],
    ]);
    expect(res.body.overall).toEqual({ views: 5, orders: 1, conversion: 0.2 });
  });

  it('counts views in the 15-minute slot of the read, so local days are exact in any zone', async () => {
    // 2026-03-10 23:50 UTC is 03-11 00:50 in Berlin and 03-10 19:50 in New York; 03-11 05:40 UTC is
    // 03-11 11:25 in Kathmandu (+5:45) and 03-11 01:40 in New York (EDT since 03-08).
    await t.sql(`SELECT analytics_add_views($1, $2::uuid[], $3::bigint[])`, [
      '2026-03-10T23:50:00Z',
      [b1.id],
      [7],
    ]);
    await t.sql(`SELECT analytics_add_views($1, $2::uuid[], $3::bigint[])`, [
      '2026-03-11T05:40:00Z',
      [b1.id],
      [2],
    ]);
    const views = async (day: string, tz: string, who: TestUser = sellerB) => {
      const res = await get('top-products', who, { from: day, to: day, tz, by: 'views' });
      expect(res.status).toBe(200);
      return [
        res.body.data.find((p: { productId: string }) => p.productId === b1.id)?.views ?? 0,
        res.body.overall.views,
      ];
    };
    expect(await views('2026-03-10', 'UTC')).toEqual([7, 7]);
    expect(await views('2026-03-11', 'UTC')).toEqual([2, 2]);
    expect(await views('2026-03-10', 'Europe/Berlin')).toEqual([0, 0]);
    expect(await views('2026-03-11', 'Europe/Berlin')).toEqual([9, 9]);
    expect(await views('2026-03-10', 'America/New_York')).toEqual([7, 7]);
    expect(await views('2026-03-11', 'America/New_York')).toEqual([2, 2]);
    expect(await views('2026-03-11', 'Asia/Kathmandu')).toEqual([9, 9]);
    // Staff sees them at the store level too; seller A sees none of seller B's.
    expect(await views('2026-03-11', 'Europe/Berlin', staff)).toEqual([9, 9]);
    expect(await views('2026-03-11', 'Europe/Berlin', sellerA)).toEqual([0, 0]);
    // The slot, day and month rows of every level agree.
    const sums = await t.sql<{ g: string; v: string }>(
      `SELECT 'slot' AS g, sum(views)::text AS v FROM analytics_view_slot WHERE bucket >= '2026-03-10' AND bucket < '2026-03-12'
       UNION ALL SELECT 'day', sum(views)::text FROM analytics_view_day WHERE bucket >= '2026-03-10' AND bucket < '2026-03-12'
       UNION ALL SELECT 'month', sum(views)::text FROM analytics_view_month WHERE bucket = '2026-03-01'`,
    );
    expect(sums.map((r) => r.v)).toEqual(['27', '27', '27']);
  });
});
