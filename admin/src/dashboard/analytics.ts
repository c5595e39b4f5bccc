/**
 * The analytics API's answers (@bazaar/sdk's generated types of src/analytics/dto; money in minor
 * units of `currency`) and the dashboards' pure mapping logic: period → query, KPI changes, labels.
 */
import type { Schemas } from '@bazaar/sdk';
import { formatMoney } from '../ui/money';

export type Interval = 'day' | 'week' | 'month';
export const INTERVALS: { id: Interval; name: string }[] = [
  { id: 'day', name: 'Day' },
  { id: 'week', name: 'Week' },
  { id: 'month', name: 'Month' },
];

export type Summary = Schemas['SummaryDto'];
export type SummaryFigures = Schemas['SummaryFiguresDto'];
export type SummaryChange = Schemas['SummaryChangeDto'];
export type Period = Schemas['PeriodDto'];
export type SalesBucket = Schemas['SalesBucketDto'];
export type SalesSeries = Schemas['SalesSeriesDto'];
export type TopProduct = Schemas['TopProductDto'];
export type TopProducts = Schemas['TopProductsDto'];
export type CategoryFigures = Schemas['CategoryFiguresDto'];
export type CategoriesAnalytics = Schemas['CategoriesAnalyticsDto'];

/* ------------------------------------------------------------------ time zones and periods */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The browser's IANA zone (the default for a seller's dashboard). */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Whether the browser knows `tz` as an IANA zone. */
export function isZone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every zone the browser knows, the given ones first if missing (e.g. "UTC" on some engines). */
export function zoneChoices(...extra: string[]): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
  const set = new Set(known);
  return [...extra.filter((z) => z && !set.has(z)), ...known];
}

/** The calendar date (YYYY-MM-DD) it is in `tz` at `now`. */
export function todayIn(tz: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Days since the epoch of a real `YYYY-MM-DD`, or null. */
export function dayNumber(value: string): number | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The last `days` days up to today in `tz` (today included). */
export function lastDays(days: number, tz: string, now: Date = new Date()): Period {
  const to = todayIn(tz, now);
  return { from: dateOf(dayNumber(to)! - (days - 1)), to };
}

/** The ranges offered next to the date inputs. */
export const PRESETS = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '12 months' },
];

export interface DashboardQuery {
  from: string;
  to: string;
  tz: string;
  sellerId?: string;
}

export type CheckedQuery =
  { ok: true; query: URLSearchParams } | { ok: false; field: string; message: string };

/**
 * A period as the analytics query string, or the reason it cannot be sent (the same rules the API
 * checks: real dates, from ≤ to, under three years, a known zone), so the form says it first.
 */
export function periodQuery(q: DashboardQuery, extra: Record<string, string> = {}): CheckedQuery {
  const from = dayNumber(q.from);
  if (from === null) return { ok: false, field: 'from', message: 'Enter a start date' };
  const to = dayNumber(q.to);
  if (to === null) return { ok: false, field: 'to', message: 'Enter an end date' };
  if (from > to) return { ok: false, field: 'from', message: 'The start date is after the end date' };
  const [y, m, d] = q.from.split('-').map(Number);
  const limit = Date.UTC(y + 3, m - 1, d) / DAY_MS;
  if (to >= limit) return { ok: false, field: 'to', message: 'A period is at most three years long' };
  if (!isZone(q.tz)) return { ok: false, field: 'tz', message: 'Choose a time zone' };
  const query = new URLSearchParams({ from: q.from, to: q.to, tz: q.tz });
  if (q.sellerId) query.set('sellerId', q.sellerId);
  for (const [k, v] of Object.entries(extra)) query.set(k, v);
  return { ok: true, query };
}

/* ------------------------------------------------------------------ KPI tiles */

export type KpiKey = 'revenue' | 'orders' | 'units' | 'averageOrderValue' | 'refundAmount';

export interface KpiTile {
  key: KpiKey;
  label: string;
  value: string;
  /** A second line under the value (the refund count). */
  detail?: string;
  change: ChangeLabel;
}

export interface ChangeLabel {
  text: string;
  /** How the change reads: refunds going up is bad news. */
  tone: 'good' | 'bad' | 'neutral';
  direction: 'up' | 'down' | 'flat' | 'none';
}

/**
 * The API's change in percent (one decimal; null when the previous period had none) as a label.
 * `higherIsBetter` false flips the tone (refunds).
 */
export function formatChange(change: number | null, current: number, higherIsBetter = true): ChangeLabel {
  if (change === null) {
    return current === 0
      ? { text: 'No change (none in either period)', tone: 'neutral', direction: 'flat' }
      : { text: 'New (none in the previous period)', tone: 'neutral', direction: 'none' };
  }
  if (change === 0) return { text: '0% vs previous period', tone: 'neutral', direction: 'flat' };
  const up = change > 0;
  const pct = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 0 }).format(
    Math.abs(change),
  );
  return {
    text: `${up ? '+' : '−'}${pct}% vs previous period`,
    tone: up === higherIsBetter ? 'good' : 'bad',
    direction: up ? 'up' : 'down',
  };
}

const count = (n: number) => new Intl.NumberFormat().format(n);

/** The five tiles of a summary: revenue, orders, units, average order value, refunds. */
export function kpiTiles(s: Summary): KpiTile[] {
  const { current: c, change, currency } = s;
  return [
    {
      key: 'revenue',
      label: 'Revenue',
      value: formatMoney(c.revenue, currency),
      change: formatChange(change.revenue, c.revenue),
    },
    { key: 'orders', label: 'Orders', value: count(c.orders), change: formatChange(change.orders, c.orders) },
    { key: 'units', label: 'Units sold', value: count(c.units), change: formatChange(change.units, c.units) },
    {
      key: 'averageOrderValue',
      label: 'Average order value',
      value: formatMoney(c.averageOrderValue, currency),
      change: formatChange(change.averageOrderValue, c.averageOrderValue),
    },
    {
      key: 'refundAmount',
      label: 'Refunds',
      value: formatMoney(c.refundAmount, currency),
      detail: `${count(c.refunds)} ${c.refunds === 1 ? 'refund' : 'refunds'}`,
      change: formatChange(change.refundAmount, c.refundAmount, false),
    },
  ];
}

/* ------------------------------------------------------------------ chart */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bucket's axis label: "5 Jan" (day), "w/c 5 Jan" (week), "Jan 2026" (month). */
export function bucketLabel(bucket: Pick<SalesBucket, 'start'>, interval: string): string {
  const [y, m, d] = bucket.start.split('-').map(Number);
  const month = MONTHS[m - 1] ?? '';
  if (interval === 'month') return `${month} ${y}`;
  if (interval === 'week') return `w/c ${d} ${month}`;
  return `${d} ${month}`;
}

/** The revenue series as chart data; `empty` when no bucket sold anything (the empty state). */
export function revenueSeries(series: SalesBucket[], interval: string) {
  return {
    labels: series.map((b) => bucketLabel(b, interval)),
    revenue: series.map((b) => b.revenue),
    empty: series.every((b) => b.revenue === 0 && b.orders === 0 && b.refundAmount === 0),
  };
}

/* ------------------------------------------------------------------ lists and export */

/** A list answer's total for a count tile ("1,000+" when the API only estimates). */
export function listTotal(page: { total: number; totalIsEstimate?: boolean }): string {
  return page.totalIsEstimate ? `${count(page.total)}+` : count(page.total);
}
