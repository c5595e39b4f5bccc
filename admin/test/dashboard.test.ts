import { describe, expect, it } from 'vitest';
import { createDataProvider } from '../src/api/dataProvider';
import { attachmentName, Session } from '../src/api/session';
import {
  bucketLabel,
  formatChange,
  kpiTiles,
  lastDays,
  listTotal,
  periodQuery,
  revenueSeries,
  todayIn,
  type SalesBucket,
  type Summary,
} from '../src/dashboard/analytics';
import { fakeApi, jsonResponse, memoryStorage } from './fake-api';

describe('periods and time zones', () => {
  // 23:30 UTC on 31 Jan 2026 is already 1 Feb in Tokyo and still 31 Jan in New York.
  const now = new Date('2026-01-31T23:30:00Z');

  it('today and the last N days are counted in the chosen zone', () => {
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-02-01');
    expect(todayIn('America/New_York', now)).toBe('2026-01-31');
    expect(lastDays(30, 'Asia/Tokyo', now)).toEqual({ from: '2026-01-03', to: '2026-02-01' });
    expect(lastDays(7, 'UTC', now)).toEqual({ from: '2026-01-25', to: '2026-01-31' });
    expect(lastDays(1, 'UTC', now)).toEqual({ from: '2026-01-31', to: '2026-01-31' });
  });

  it('a valid period becomes the analytics query, with the seller and extra keys', () => {
    const checked = periodQuery(
      { from: '2026-01-01', to: '2026-01-31', tz: 'Europe/Berlin', sellerId: 's1' },
      { interval: 'week' },
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(Object.fromEntries(checked.query)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      tz: 'Europe/Berlin',
      sellerId: 's1',
      interval: 'week',
    });
    const plain = periodQuery({ from: '2026-01-01', to: '2026-01-01', tz: 'UTC' });
    expect(plain.ok && plain.query.toString()).toBe('from=2026-01-01&to=2026-01-01&tz=UTC');
  });

  it('refuses what the API would refuse, naming the field', () => {
    const bad = (from: string, to: string, tz = 'UTC') => {
      const c = periodQuery({ from, to, tz });
      return c.ok ? 'ok' : c.field;
    };
    expect(bad('', '2026-01-31')).toBe('from');
    expect(bad('2026-02-30', '2026-03-01')).toBe('from');
    expect(bad('2026-01-01', '2026-13-01')).toBe('to');
    expect(bad('2026-02-01', '2026-01-31')).toBe('from');
    // Three years is the API's limit: 2029-01-01 is too far, 2028-12-31 is not.
    expect(bad('2026-01-01', '2029-01-01')).toBe('to');
    expect(bad('2026-01-01', '2028-12-31')).toBe('ok');
    expect(bad('2026-01-01', '2026-01-31', 'Mars/Olympus')).toBe('tz');
  });
});

describe('KPI changes', () => {
  it('formats the API percentage with sign and tone', () => {
    expect(formatChange(12.5, 100)).toEqual({
      text: '+12.5% vs previous period',
      tone: 'good',
      direction: 'up',
    });
    expect(formatChange(-40, 60)).toEqual({
      text: '−40% vs previous period',
      tone: 'bad',
      direction: 'down',
    });
    expect(formatChange(0, 5)).toMatchObject({
      text: '0% vs previous period',
      tone: 'neutral',
      direction: 'flat',
    });
    // Refunds: more is bad news, fewer is good.
    expect(formatChange(50, 300, false)).toMatchObject({ tone: 'bad', direction: 'up' });
    expect(formatChange(-50, 300, false)).toMatchObject({ tone: 'good', direction: 'down' });
  });

  it('null (nothing in the previous period) reads as new, or as no change when both are zero', () => {
    expect(formatChange(null, 2499)).toMatchObject({
      text: 'New (none in the previous period)',
      direction: 'none',
    });
    expect(formatChange(null, 0)).toMatchObject({
      text: 'No change (none in either period)',
      direction: 'flat',
    });
  });

  it('builds the five tiles from a summary, money from minor units', () => {
    const figures = {
      revenue: 7497,
      orders: 2,
      units: 3,
      refunds: 1,
      refundAmount: 2499,
      netRevenue: 4998,
      averageOrderValue: 3749,
      newCustomers: 1,
      returningCustomers: 0,
      shipping: null,
    };
    const summary: Summary = {
      asOf: '2026-01-31T00:00:00Z',
      currency: 'USD',
      tz: 'UTC',
      period: { from: '2026-01-01', to: '2026-01-31' },
      previousPeriod: { from: '2025-12-01', to: '2025-12-31' },
      current: figures,
      previous: { ...figures, revenue: 5000, orders: 1, refundAmount: 0, refunds: 0 },
      change: {
        revenue: 49.9,
        orders: 100,
        units: null,
        averageOrderValue: -25,
        refunds: null,
        refundAmount: null,
        netRevenue: 0,
        newCustomers: null,
        returningCustomers: null,
      },
    };
    const tiles = kpiTiles(summary);
    expect(tiles.map((t) => t.key)).toEqual([
      'revenue',
      'orders',
      'units',
      'averageOrderValue',
      'refundAmount',
    ]);
    const byKey = Object.fromEntries(tiles.map((t) => [t.key, t]));
    expect(byKey.revenue.value).toMatch(/74\.97/);
    expect(byKey.revenue.change.text).toBe('+49.9% vs previous period');
    expect(byKey.orders.value).toBe('2');
    expect(byKey.averageOrderValue.value).toMatch(/37\.49/);
    expect(byKey.averageOrderValue.change.tone).toBe('bad');
    expect(byKey.refundAmount.value).toMatch(/24\.99/);
    expect(byKey.refundAmount.detail).toBe('1 refund');
    expect(byKey.refundAmount.change.direction).toBe('none');
  });
});

describe('chart series', () => {
  const bucket = (start: string, end: string, revenue: number): SalesBucket => ({
    start,
    end,
    revenue,
    orders: revenue ? 1 : 0,
    units: revenue ? 1 : 0,
    refunds: 0,
    refundAmount: 0,
    netRevenue: revenue,
  });

  it('labels buckets per interval', () => {
    expect(bucketLabel({ start: '2026-01-05' }, 'day')).toBe('5 Jan');
    expect(bucketLabel({ start: '2026-01-05' }, 'week')).toBe('w/c 5 Jan');
    expect(bucketLabel({ start: '2026-02-01' }, 'month')).toBe('Feb 2026');
  });

  it('keeps every bucket (zeros too) and is empty only when nothing sold', () => {
    const s = revenueSeries(
      [bucket('2026-01-01', '2026-01-01', 0), bucket('2026-01-02', '2026-01-02', 2499)],
      'day',
    );
    expect(s).toEqual({ labels: ['1 Jan', '2 Jan'], revenue: [0, 2499], empty: false });
    expect(revenueSeries([bucket('2026-01-01', '2026-01-01', 0)], 'day').empty).toBe(true);
    expect(revenueSeries([], 'day').empty).toBe(true);
  });
});

describe('counts and downloads', () => {
  it('list totals, estimated ones marked', () => {
    expect(listTotal({ total: 3 })).toBe('3');
    expect(listTotal({ total: 1000, totalIsEstimate: true })).toBe('1,000+');
  });

  it('reads the attachment name, never a path', () => {
    expect(attachmentName('attachment; filename="sales-2026-01-01.csv"')).toBe('sales-2026-01-01.csv');
    expect(attachmentName('attachment; filename="../../etc/passwd"')).toBe('.._.._etc_passwd');
    expect(attachmentName(null)).toBeNull();
  });

  it('download sends the bearer token, refreshes once on 401 and returns the file', async () => {
    const api = fakeApi({ role: 'seller' });
    const session = new Session({ apiUrl: '/api/v1', fetch: api.fetch, storage: memoryStorage() });
    await session.login('seller@bazaar.test', 'right');
    const provider = createDataProvider(session);
    api.route(
      'GET /analytics/export.csv',
      () =>
        new Response('day,revenue\r\n2026-01-01,2499\r\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="sales.csv"' },
        }),
    );
    api.expireAccessTokens();
    const { blob, filename } = await provider.download('/analytics/export.csv?report=sales');
    expect(await blob.text()).toBe('day,revenue\r\n2026-01-01,2499\r\n');
    expect(filename).toBe('sales.csv');
    expect(api.refreshCalls()).toHaveLength(1);
    const csvCalls = api.calls.filter((c) => c.url.includes('export.csv'));
    expect(csvCalls.map((c) => c.auth)).toEqual(['Bearer a1', 'Bearer a2']);
  });

  it('a refused export shows the API message (JSON error body), not the file', async () => {
    const api = fakeApi({ role: 'seller' });
    const session = new Session({ apiUrl: '/api/v1', fetch: api.fetch, storage: memoryStorage() });
    await session.login('seller@bazaar.test', 'right');
    api.route('GET /analytics/export.csv', () =>
      jsonResponse(429, {
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'RATE_LIMITED',
        message: 'Slow down',
      }),
    );
    await expect(createDataProvider(session).download('/analytics/export.csv')).rejects.toMatchObject({
      status: 429,
      message: 'Slow down',
    });
  });
});
