import { ValidationFailedError } from '../common/errors/validation-error';
import { canonicalZone } from '../common/time-zone';

/** Longest period a query may cover: `to` before the same date MAX_PERIOD_YEARS after `from`. */
export const MAX_PERIOD_YEARS = 3;

export const INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** An inclusive range of calendar dates in one IANA zone. */
export interface LocalPeriod {
  from: string;
  to: string;
  tz: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function bad(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, messages: [message] }]);
}

/** Days since the epoch of a `YYYY-MM-DD` that is a real calendar date, or null. */
export function dayNumber(value: string): number | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (y < 1970 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return null;
  return t / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Checks a query's period: real dates, from <= to, less than MAX_PERIOD_YEARS long, a known zone.
 * Throws a 400 naming the field.
 */
export function parsePeriod(
  from: string,
  to: string,
  tz: string | undefined,
  defaultTz: string,
): LocalPeriod {
  const f = dayNumber(from);
  if (f === null) throw bad('from', 'from must be a calendar date YYYY-MM-DD');
  const t = dayNumber(to);
  if (t === null) throw bad('to', 'to must be a calendar date YYYY-MM-DD');
  if (f > t) throw bad('from', 'from must not be after to');
  if (t >= dayNumber(shiftYears(from, MAX_PERIOD_YEARS))!)
    throw bad('to', `to must be less than ${MAX_PERIOD_YEARS} years after from`);
  const zone = canonicalZone(tz ?? defaultTz);
  if (!zone) throw bad('tz', 'tz must be an IANA time zone such as Europe/Berlin');
  return { from, to, tz: zone };
}

/** The period of equal length just before `p`. */
export function previousPeriod(p: LocalPeriod): LocalPeriod {
  const f = dayNumber(p.from)!;
  const t = dayNumber(p.to)!;
  const len = t - f + 1;
  return { from: dateOf(f - len), to: dateOf(f - 1), tz: p.tz };
}

/** The same calendar date `years` later (or earlier); 29 February becomes 28 February. */
export function shiftYears(date: string, years: number): string {
  const [y, m, day] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return dateOf(Date.UTC(y + years, m - 1, Math.min(day, last)) / DAY_MS);
}

/** The same dates a year earlier. */
export function previousYear(p: LocalPeriod): LocalPeriod {
  return { from: shiftYears(p.from, -1), to: shiftYears(p.to, -1), tz: p.tz };
}

/** [lo, hi) in UTC. */
export type Span = [Date, Date];

/**
 * Which rows of which grain cover [a, b) exactly: whole UTC months from the month table, whole UTC
 * days around them from the day table, and the 15-minute slots at the ends (a and b are local
 * midnights, which fall on a quarter hour in every zone in use). An edge of more than half a
 * month reads that whole month and subtracts the days outside [a, b) (`minusDays`), so no range
 * reads more than ~15 day rows per edge: sums are additive, so this stays exact.
 */
export interface Cover {
  months: Span[];
  days: Span[];
  slots: Span[];
  /** Days inside `months` but outside [a, b): their rows count negatively. */
  minusDays: Span[];
}

const ceilDay = (t: number) => Math.ceil(t / DAY_MS) * DAY_MS;
const floorDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
function ceilMonth(t: number): number {
  const d = new Date(t);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return start === t ? t : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}
function floorMonth(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
const HALF_MONTH_MS = 15 * DAY_MS;

export function cover(a: Date, b: Date): Cover {
  const lo = a.getTime();
  const hi = b.getTime();
  const span = (x: number, y: number): Span[] => (x < y ? [[new Date(x), new Date(y)]] : []);
  const d1 = ceilDay(lo);
  const d2 = floorDay(hi);
  if (d1 >= d2) return { months: [], days: [], slots: span(lo, hi), minusDays: [] };
  const m1 = ceilMonth(d1);
  const m2 = floorMonth(d2);
  const slots = [...span(lo, d1), ...span(d2, hi)];
  // d1 and d2 in one month: days only.
  if (m1 > m2) return { months: [], days: span(d1, d2), slots, minusDays: [] };
  const months = span(m1, m2);
  const days: Span[] = [];
  const minusDays: Span[] = [];
  // Leading edge [d1, m1): its days, or its whole month minus [month start, d1).
  if (m1 - d1 > HALF_MONTH_MS) {
    months.unshift(...span(floorMonth(d1), m1));
    minusDays.push(...span(floorMonth(d1), d1));
  } else days.push(...span(d1, m1));
  // Trailing edge [m2, d2): its days, or its whole month minus [d2, month end).
  if (d2 - m2 > HALF_MONTH_MS) {
    months.push(...span(m2, ceilMonth(d2)));
    minusDays.push(...span(d2, ceilMonth(d2)));
  } else days.push(...span(m2, d2));
  return { months: merge(months), days, slots, minusDays };
}

/** Adjacent spans as one (fewer OR terms). */
function merge(list: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of list) {
    const last = out[out.length - 1];
    if (last && last[1].getTime() === s[0].getTime()) out[out.length - 1] = [last[0], s[1]];
    else out.push(s);
  }
  return out;
}
