/**
 * The CSV export at size: 10,000 orders (several paid at the very same instant, so the keyset
 * pages must break ties by id) streamed in batches, with the header, one row per order in paid
 * order, RFC 4180 quoting, and a TOTAL row equal to a direct sum over the order lines.
 */
import { Role } from '../src/accounts/role';
import { createProduct } from './support/catalog-factories';
import { createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('analytics CSV export', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('analytics-export');
  });
  afterAll(() => t.close());

  it('streams 10,000 orders with header and totals; products CSV quotes names', async () => {
    const seller = await createUser(t, Role.Seller);
    const other = await createUser(t, Role.Seller);
    const buyer = await createUser(t, Role.Customer);
    const mug = await createProduct(t, { seller, name: 'Mug, "large"', price: 1250 });
    const foreign = await createProduct(t, { seller: other, price: 999 });
    // 10,000 orders over 2025 (every 20th shares its instant with the previous one), each with a
    // line of the seller's mug (1-3 units) and, every third order, a line of another seller.
    await t.sql(
      `WITH o AS (
         INSERT INTO "order" (number, user_id, email, status, currency, subtotal, shipping_fee, total, item_count,
                              shipping_address, provider, paid_at)
         SELECT 'BZ-9' || lpad(i::text, 6, '0'), $1, 'b@example.test', 'paid', 'USD', 0, 0, 0, 1, '{}'::jsonb, 'fake',
                timestamptz '2025-01-01 00:00+00' + ((i - (i % 20 = 1)::int) * interval '52 minutes')
           FROM generate_series(1, 10000) AS i RETURNING id, number)
       INSERT INTO order_line (order_id, product_id, seller_id, product_name, sku, quantity, list_price, unit_price, line_total, currency, position)
       SELECT o.id, $2::uuid, $3::uuid, 'Mug', 'SKU-M', q, 1250, 1250, 1250 * q, 'USD', 1
         FROM o, LATERAL (SELECT 1 + (substr(o.number, 4)::int % 3) AS q) x
       UNION ALL
       SELECT o.id, $4::uuid, $5::uuid, 'Other', 'SKU-O', 1, 999, 999, 999, 'USD', 2 FROM o WHERE substr(o.number, 4)::int % 3 = 0`,
      [buyer.id, mug.id, seller.id, foreign.id, other.id],
    );
    await t.sql(`SELECT analytics_rebuild()`);
    const [direct] = await t.sql<{ units: string; revenue: string; orders: string }>(
      `SELECT sum(quantity) AS units, sum(line_total) AS revenue, count(DISTINCT order_id) AS orders
         FROM order_line WHERE seller_id = $1`,
      [seller.id],
    );

    const res = await t.http.get('/api/v1/analytics/export.csv', {
      token: seller.token,
      query: { from: '2025-01-01', to: '2025-12-31', tz: 'Europe/Berlin', report: 'orders' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'order_number,paid_at,status,units,revenue,revenue_minor,refunded,refunded_minor,currency',
    );
    expect(lines).toHaveLength(1 + 10_000 + 1 + 1); // header, rows, TOTAL, the empty string after the last CRLF
    const rows = lines.slice(1, 10_001).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0])).size).toBe(10_000);
    const instants = rows.map((r) => Date.parse(r[1]));
    expect(instants.every((x, i) => i === 0 || x >= instants[i - 1])).toBe(true);
    // Clocks went back in Berlin on 2025-10-26: the same local time twice, told apart by the offset.
    expect(rows.some((r) => r[1].startsWith('2025-10-26T02:') && r[1].endsWith('+02:00'))).toBe(true);
    expect(rows.some((r) => r[1].startsWith('2025-10-26T02:') && r[1].endsWith('+01:00'))).toBe(true);
    expect(rows[0]).toEqual([
      'BZ-9000001',
      '2025-01-01T01:00:00+01:00',
      'paid',
      '2',
      '25.00',
      '2500',
      '0.00',
      '0',
      'USD',
    ]);
    const units = rows.reduce((s, r) => s + Number(r[3]), 0);
    const minor = rows.reduce((s, r) => s + Number(r[5]), 0);
    expect(units).toBe(Number(direct.units));
    expect(minor).toBe(Number(direct.revenue));
    expect(lines[10_001]).toBe(
      `TOTAL,,,${direct.units},${(Number(direct.revenue) / 100).toFixed(2)},${direct.revenue},0.00,0,USD`,
    );

    const products = await t.http.get('/api/v1/analytics/export.csv', {
      token: seller.token,
      query: { from: '2025-01-01', to: '2025-12-31', report: 'products' },
    });
    const plines = products.text.split('\r\n');
    expect(plines[1].startsWith(`${mug.id},"Mug, ""large""",${direct.units},`)).toBe(true);
    expect(plines).toHaveLength(4);
  });
});
