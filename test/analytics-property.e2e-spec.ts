/**
 * Property test: random orders (paid out of chronological order, pending and cancelled ones that
 * must not count), partial and full refunds with amounts not tied to lines, several sellers and
 * zones (half- and quarter-hour offsets, DST changes in both hemispheres) — every endpoint equals
 * a direct aggregation over the order lines done here in TypeScript, with Intl (not PostgreSQL)
 * placing each instant on its local day. Then a rebuild must leave the rollups unchanged.
 */
import { Role } from '../src/accounts/role';
import { insertOrder, recordRefund, rollupSnapshot } from './support/analytics-fixtures';
import { createCategory, createProduct, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { mulberry32 } from '../src/common/random';

const API = '/api/v1/analytics';
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'America/St_Johns',
];
const INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
const COUNTED = ['paid', 'partially_refunded', 'refunded'];

interface Line {
  id: string;
  productId: string;
  sellerId: string;
  quantity: number;
  total: number;
  position: number;
}
interface Order {
  id: string;
  userId: string;
  paidAt: Date;
  status: string;
  lines: Line[];
}
interface Share {
  sellerId: string;
  productId: string;
  at: Date;
  amount: number;
  refundId: string;
}

function localDate(at: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return parts;
}

function bucketOf(date: string, interval: (typeof INTERVALS)[number]): string {
  const [y, m, d] = date.split('-').map(Number);
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  if (interval === 'quarter') return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  if (interval === 'year') return `${y}-01-01`;
  const t = Date.UTC(y, m - 1, d);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

/** The refund's share per line: tied amounts plus the extra prorated by line total, largest remainder. */
function shares(order: Order, refundId: string, at: Date, tied: Map<string, number>, extra: number): Share[] {
  const sum = order.lines.reduce((s, l) => s + l.total, 0);
  const base = order.lines.map((l) => ({
    l,
    base: Math.floor((extra * l.total) / sum),
    rem: (extra * l.total) % sum,
  }));
  let left = extra - base.reduce((s, b) => s + b.base, 0);
  const ranked = [...base].sort((p, q) => q.rem - p.rem || p.l.position - q.l.position);
  const bonus = new Map<string, number>();
  for (const b of ranked) bonus.set(b.l.id, left-- > 0 ? 1 : 0);
  return base.map((b) => ({
    sellerId: b.l.sellerId,
    productId: b.l.productId,
    at,
    amount: (tied.get(b.l.id) ?? 0) + b.base + bonus.get(b.l.id)!,
    refundId,
  }));
}

describe('analytics property: endpoints equal a direct aggregation', () => {
  let t: TestApp;
  let staff: TestUser;
  const sellers: TestUser[] = [];
  const products: TestProduct[] = [];
  const orders: Order[] = [];
  const refundShares: Share[] = [];
  const seed = 20261201;
  const random = mulberry32(seed);
  const pickInt = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  beforeAll(async () => {
    t = await createTestApp('analytics-property');
    staff = await createUser(t, Role.Staff);
    const category = await createCategory(t);
    for (let s = 0; s < 3; s++) sellers.push(await createUser(t, Role.Seller));
    for (let p = 0; p < 6; p++)
      products.push(
        await createProduct(t, {
          seller: sellers[p % 3],
          categoryId: category.id,
          price: pickInt(1, 500) * 10,
        }),
      );
    const customers: TestUser[] = [];
    for (let c = 0; c < 5; c++) customers.push(await createUser(t, Role.Customer));
    // 2026-03-20 .. 2026-04-10 (both DST changes: Europe/US in March, Adelaide on 5 April), minute precision.
    const start = Date.parse('2026-03-20T00:00:00Z');
    const planned = Array.from({ length: 70 }, () => ({
      userId: customers[pickInt(0, 4)].id,
      paidAt: new Date(start + pickInt(0, 21 * 24 * 60) * 60_000),
      status: random() < 0.8 ? 'paid' : random() < 0.5 ? 'pending' : 'cancelled',
      lines: [...new Set(Array.from({ length: pickInt(1, 3) }, () => pickInt(0, 5)))].map((p) => ({
        product: products[p],
        quantity: pickInt(1, 4),
      })),
    }));
    for (const o of planned) {
      const created = await insertOrder(t, {
        userId: o.userId,
        paidAt: o.paidAt,
        status: o.status as 'paid',
        lines: o.lines.map((l) => ({
          productId: l.product.id,
          sellerId: l.product.sellerId,
          quantity: l.quantity,
          unitPrice: l.product.price,
        })),
      });
      orders.push({
        id: created.id,
        userId: o.userId,
        paidAt: o.paidAt,
        status: o.status,
        lines: o.lines.map((l, i) => ({
          id: created.lineIds[i],
          productId: l.product.id,
          sellerId: l.product.sellerId,
          quantity: l.quantity,
          total: l.quantity * l.product.price,
          position: i + 1,
        })),
      });
    }
    for (const o of orders.filter((x) => x.status === 'paid')) {
      if (random() > 0.3) continue;
      const full = random() < 0.4;
      const at = new Date(o.paidAt.getTime() + pickInt(1, 5 * 24 * 60) * 60_000);
      const refunded = full ? o.lines : o.lines.filter(() => random() < 0.5);
      const tied = new Map(refunded.map((l) => [l.id, full ? l.total : Math.floor(l.total / 2)]));
      const extra = random() < 0.5 ? pickInt(1, 999) : 0;
      const lines = refunded
        .filter((l) => tied.get(l.id)! > 0)
        .map((l) => ({ orderLineId: l.id, quantity: full ? l.quantity : 1, amount: tied.get(l.id)! }));
      if (!lines.length && !extra) continue;
      const id = await recordRefund(t, { orderId: o.id, completedAt: at, lines, extra, full });
      o.status = full ? 'refunded' : 'partially_refunded';
      refundShares.push(...shares(o, id, at, tied, extra).filter((s) => s.amount > 0));
    }
  });
  afterAll(() => t.close());

  const counted = () => orders.filter((o) => COUNTED.includes(o.status));

  /** The expected gap-free series of a scope: every bucket that overlaps [from, to]. */
  function expectedSeries(
    sellerId: string | null,
    from: string,
    to: string,
    tz: string,
    interval: (typeof INTERVALS)[number],
  ) {
    const buckets = new Map<
      string,
      { revenue: number; orders: number; units: number; refunds: Set<string>; refundAmount: number }
    >();
    for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000) {
      const k = bucketOf(new Date(d).toISOString().slice(0, 10), interval);
      if (!buckets.has(k))
        buckets.set(k, { revenue: 0, orders: 0, units: 0, refunds: new Set(), refundAmount: 0 });
    }
    const inRange = (at: Date) => {
      const day = localDate(at, tz);
      return day >= from && day <= to ? buckets.get(bucketOf(day, interval))! : null;
    };
    for (const o of counted()) {
      const lines = o.lines.filter((l) => !sellerId || l.sellerId === sellerId);
      const b = inRange(o.paidAt);
      if (!lines.length || !b) continue;
      b.orders += 1;
      b.revenue += lines.reduce((s, l) => s + l.total, 0);
      b.units += lines.reduce((s, l) => s + l.quantity, 0);
    }
    for (const s of refundShares.filter((x) => !sellerId || x.sellerId === sellerId)) {
      const b = inRange(s.at);
      if (!b) continue;
      b.refunds.add(s.refundId);
      b.refundAmount += s.amount;
    }
    return [...buckets.values()].map((b) => ({
      revenue: b.revenue,
      orders: b.orders,
      units: b.units,
      refunds: b.refunds.size,
      refundAmount: b.refundAmount,
      netRevenue: b.revenue - b.refundAmount,
    }));
  }

  function expectedCustomers(sellerId: string | null, from: string, to: string, tz: string) {
    const first = new Map<string, Order>();
    const inPeriod = new Set<string>();
    const mine = counted()
      .filter((o) => o.lines.some((l) => !sellerId || l.sellerId === sellerId))
      .sort((p, q) => p.paidAt.getTime() - q.paidAt.getTime() || (p.id < q.id ? -1 : 1));
    for (const o of mine) {
      if (!first.has(o.userId)) first.set(o.userId, o);
      const day = localDate(o.paidAt, tz);
      if (day >= from && day <= to) inPeriod.add(o.userId);
    }
    const fresh = [...first.values()].filter((o) => {
      const day = localDate(o.paidAt, tz);
      return day >= from && day <= to;
    }).length;
    return { newCustomers: fresh, returningCustomers: inPeriod.size - fresh };
  }

  const cases = Array.from({ length: 24 }, (_, i) => {
    const r = mulberry32(seed + i + 1);
    const from = new Date(Date.parse('2026-03-15') + Math.floor(r() * 20) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const to = new Date(Date.parse(from) + Math.floor(r() * 30) * 86_400_000).toISOString().slice(0, 10);
    return {
      i,
      from,
      to,
      tz: ZONES[i % ZONES.length],
      interval: INTERVALS[Math.floor(r() * INTERVALS.length)],
      seller: i % 4,
    };
  });

  it.each(cases)(
    'case %# (%j): sales, summary and top products',
    async ({ from, to, tz, interval, seller }) => {
      const who = seller < 3 ? sellers[seller] : staff;
      const sellerId = seller < 3 ? sellers[seller].id : null;
      const query = { from, to, tz, interval };
      const sales = await t.http.get(`${API}/sales`, { token: who.token, query });
      expect(sales.status).toBe(200);
      const series = expectedSeries(sellerId, from, to, tz, interval);
      expect(
        sales.body.series.map((b: Record<string, number>) => ({
          revenue: b.revenue,
          orders: b.orders,
          units: b.units,
          refunds: b.refunds,
          refundAmount: b.refundAmount,
          netRevenue: b.netRevenue,
        })),
      ).toEqual(series);

      const summary = await t.http.get(`${API}/summary`, { token: who.token, query: { from, to, tz } });
      const total = series.reduce(
        (s, b) => ({
          revenue: s.revenue + b.revenue,
          orders: s.orders + b.orders,
          units: s.units + b.units,
          refunds: s.refunds + b.refunds,
          refundAmount: s.refundAmount + b.refundAmount,
        }),
        { revenue: 0, orders: 0, units: 0, refunds: 0, refundAmount: 0 },
      );
      expect(summary.body.current).toMatchObject({ ...total, ...expectedCustomers(sellerId, from, to, tz) });

      const top = await t.http.get(`${API}/top-products`, {
        token: who.token,
        query: { from, to, tz, limit: 50 },
      });
      const expected = new Map<string, { revenue: number; units: number; orders: number }>();
      for (const o of counted()) {
        const day = localDate(o.paidAt, tz);
        if (day < from || day > to) continue;
        for (const l of o.lines.filter((x) => !sellerId || x.sellerId === sellerId)) {
          const e = expected.get(l.productId) ?? { revenue: 0, units: 0, orders: 0 };
          e.revenue += l.total;
          e.units += l.quantity;
          e.orders += 1;
          expected.set(l.productId, e);
        }
      }
      const got = new Map(
        top.body.data
          .filter((p: { orders: number }) => p.orders > 0)
          .map((p: Record<string, number | string>) => [
            p.productId,
            { revenue: p.revenue, units: p.units, orders: p.orders },
          ]),
      );
      expect(got).toEqual(expected);
    },
  );

  it('a rebuild from the order lines leaves every rollup row as the incremental path made it', async () => {
    // Not vacuous: refunds with prorated extras, and orders that must not count, are in the data.
    expect(new Set(refundShares.map((x) => x.refundId)).size).toBeGreaterThan(5);
    expect(orders.filter((o) => !COUNTED.includes(o.status)).length).toBeGreaterThan(5);
    const before = await rollupSnapshot(t);
    await t.sql(`SELECT analytics_rebuild()`);
    expect(await rollupSnapshot(t)).toEqual(before);
  });
});
