import { Role } from '../src/accounts/role';
import { OrdersExportService, ORDERS_EXPORT_HEADER } from '../src/orders/orders-export.service';
import { createProduct } from './support/catalog-factories';
import { paidOrder, placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const EXPORT = '/api/v1/orders/export.csv';

/** A minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF records) to check what we wrote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || record.length) throw new Error('CSV does not end with CRLF');
  return records;
}

/**
 * GET /orders/export.csv: staff get every order line, sellers their own lines only, customers 403;
 * the list's filters apply; bad input is 400; it streams in keyset pages (a batch of 2 here walks
 * several pages, orders with one instant included); the rate limit answers 429.
 */
describe('orders: CSV export', () => {
  let t: TestApp;
  let staff: TestUser;
  let lamps: TestUser;
  let pens: TestUser;
  let buyer: TestUser;
  let shared: string;
  let pensOnly: string;
  let pending: string;

  beforeAll(async () => {
    t = await createTestApp('orders_export', {
      THROTTLE_ORDERS_EXPORT_PER_ACCOUNT_PER_MINUTE: '20',
    });
    staff = await createUser(t, Role.Staff);
    lamps = await createUser(t, Role.Seller);
    pens = await createUser(t, Role.Seller);
    buyer = await createUser(t, Role.Customer);
    const lamp = await createProduct(t, { seller: lamps, name: 'Lamp, "brass"', price: 4000, stock: 10 });
    const pen = await createProduct(t, { seller: pens, name: 'Fountain Pen', price: 305, stock: 50 });
    shared = await paidOrder(t, buyer, [
      { productId: lamp.id, quantity: 2 },
      { productId: pen.id, quantity: 1 },
    ]);
    pensOnly = await paidOrder(t, buyer, [{ productId: pen.id, quantity: 3 }]);
    pending = (await placeOrder(t, buyer, [{ productId: lamp.id, quantity: 1 }])).order.id;
  });
  afterAll(() => t.close());

  const csv = async (user: TestUser, query: Record<string, string> = {}) => {
    const res = await t.http.get(EXPORT, { token: user.token, query });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual([...ORDERS_EXPORT_HEADER]);
    const col = (name: string) => header.indexOf(name);
    return { rows, col, text: res.text };
  };

  it('staff: every line of every order, oldest first, quoted per RFC 4180, amounts twice', async () => {
    const { rows, col, text } = await csv(staff);
    expect(rows.map((r) => r[col('order_id')])).toEqual([shared, shared, pensOnly, pending]);
    expect(text).toContain('"Lamp, ""brass"""');
    const [lampLine, penLine] = rows;
    expect(lampLine[col('product_name')]).toBe('Lamp, "brass"');
    expect(lampLine[col('quantity')]).toBe('2');
    expect(lampLine[col('unit_price')]).toBe('40.00');
    expect(lampLine[col('unit_price_minor')]).toBe('4000');
    expect(lampLine[col('line_total')]).toBe('80.00');
    expect(lampLine[col('line_total_minor')]).toBe('8000');
    expect(lampLine[col('currency')]).toBe(t.config.currency);
    expect(lampLine[col('status')]).toBe('paid');
    expect(lampLine[col('customer_email')]).toBe(buyer.email);
    expect(lampLine[col('seller_id')]).toBe(lamps.id);
    expect(penLine[col('unit_price')]).toBe('3.05');
    expect(penLine[col('line_total_minor')]).toBe('305');
    expect(rows[3][col('paid_at')]).toBe('');
    const [{ lines }] = await t.sql<{ lines: string }>(`SELECT count(*) AS lines FROM order_line`);
    expect(rows).toHaveLength(Number(lines));
  });

  it('a seller: only its own lines, of orders holding its products', async () => {
    const pen = await csv(pens);
    expect(
      pen.rows.map((r) => [r[pen.col('order_id')], r[pen.col('product_name')], r[pen.col('quantity')]]),
    ).toEqual([
      [shared, 'Fountain Pen', '1'],
      [pensOnly, 'Fountain Pen', '3'],
    ]);
    expect(pen.text).not.toContain('Lamp');
    const lamp = await csv(lamps, { status: 'paid' });
    expect(lamp.rows.map((r) => r[lamp.col('order_id')])).toEqual([shared]);
  });

  it('takes the list’s filters: status, number, q, customer, dates', async () => {
    const { rows, col } = await csv(staff, { status: 'pending' });
    expect(rows.map((r) => r[col('order_id')])).toEqual([pending]);
    const [{ number }] = await t.sql<{ number: string }>(`SELECT number FROM "order" WHERE id = $1`, [
      pensOnly,
    ]);
    const byNumber = await csv(staff, { number: String(Number(number.slice(3))) });
    expect(byNumber.rows.map((r) => r[col('order_id')])).toEqual([pensOnly]);
    const byEmail = await csv(staff, { q: buyer.email.slice(0, 6).toUpperCase() });
    expect(byEmail.rows).toHaveLength(4);
    const other = await createUser(t, Role.Customer);
    expect((await csv(staff, { customer: other.id })).rows).toEqual([]);
    expect((await csv(staff, { from: '2000-01-01', to: '2000-02-01' })).rows).toEqual([]);
    // seller: whole orders holding that seller's lines (staff see every line of them).
    const byLamps = await csv(staff, { seller: lamps.id });
    expect(byLamps.rows.map((r) => r[col('order_id')])).toEqual([shared, shared, pending]);
  });

  it('the seller filter is for staff: a seller using it gets 403 before any CSV, on the list too', async () => {
    for (const path of [EXPORT, '/api/v1/orders']) {
      const res = await t.http.get(path, { token: pens.token, query: { seller: lamps.id } });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: { field: 'seller' } });
    }
    const list = await t.http.get('/api/v1/orders', { token: staff.token, query: { seller: pens.id } });
    expect(list.status).toBe(200);
    expect((list.body as { data: { id: string }[] }).data.map((o) => o.id).sort()).toEqual(
      [shared, pensOnly].sort(),
    );
    const bad = await t.http.get('/api/v1/orders', { token: staff.token, query: { seller: 'nope' } });
    expect(bad.status).toBe(400);
  });

  it('customers are refused; bad input is 400, never 500; unauthenticated is 401', async () => {
    const customer = await t.http.get(EXPORT, { token: buyer.token });
    expect(customer.status).toBe(403);
    expect(customer.body.code).toBe('FORBIDDEN');
    expect((await t.http.get(EXPORT)).status).toBe(401);
    for (const query of [
      { status: 'lost' },
      { from: 'yesterday' },
      { customer: 'not-a-uuid' },
      { page: '2' },
      { sort: '-total' },
      { q: 'x'.repeat(101) },
    ]) {
      const res = await t.http.get(EXPORT, { token: staff.token, query });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('streams in keyset pages: a batch of 2 over 7 orders, 3 at one instant, loses and repeats nothing', async () => {
    await t.sql(
      `UPDATE "order" SET created_at = timestamptz '2026-03-01 10:00+00' WHERE id = ANY($1::uuid[])`,
      [[shared, pensOnly, pending]],
    );
    const lamp = await createProduct(t, { seller: lamps, price: 100, stock: 100 });
    const more: string[] = [];
    for (let i = 0; i < 4; i++) more.push(await paidOrder(t, buyer, [{ productId: lamp.id, quantity: 1 }]));
    const exporter = t.app.get(OrdersExportService);
    const chunks: Buffer[] = [];
    for await (const chunk of exporter.stream({ id: staff.id, role: Role.Staff } as never, {}, 2))
      chunks.push(chunk as Buffer);
    // One chunk per record: written as read, not assembled first.
    expect(chunks.length).toBe(1 + 4 + 4);
    const [, ...rows] = parseCsv(Buffer.concat(chunks).toString('utf8'));
    const ids = rows.map((r) => r[1]);
    // Ties on created_at broken by id; the shared order has two lines.
    const tied = [shared, pensOnly, pending].sort();
    expect(ids).toEqual([...tied.flatMap((id) => (id === shared ? [id, id] : [id])), ...more]);
  });

  it('is rate-limited per account (429 with Retry-After)', async () => {
    const seller = await createUser(t, Role.Seller);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await t.http.get(EXPORT, { token: seller.token })).status);
    expect(statuses).toEqual([...Array<number>(20).fill(200), 429]);
    const limited = await t.http.get(EXPORT, { token: seller.token });
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
  });
});
