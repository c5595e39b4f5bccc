import { cover, dayNumber, parsePeriod, previousPeriod, previousYear } from './analytics-period';
import { csvRow } from '../common/csv';

const d = (s: string) => new Date(s);

describe('analytics periods', () => {
  it('accepts real dates only', () => {
    expect(dayNumber('2026-02-28')).not.toBeNull();
    expect(dayNumber('2026-02-29')).toBeNull();
    expect(dayNumber('2026-2-01')).toBeNull();
    expect(dayNumber('20260201')).toBeNull();
  });

  it('names the field of each bad input', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as { details: { fields: { field: string }[] } }).details.fields[0].field;
      }
      return 'none';
    };
    expect(field(() => parsePeriod('2026-03-02', '2026-03-01', undefined, 'UTC'))).toBe('from');
    expect(field(() => parsePeriod('2020-01-01', '2023-12-31', undefined, 'UTC'))).toBe('to');
    expect(field(() => parsePeriod('2026-13-01', '2026-12-31', undefined, 'UTC'))).toBe('from');
    expect(field(() => parsePeriod('2026-01-01', 'tomorrow', undefined, 'UTC'))).toBe('to');
    expect(field(() => parsePeriod('2026-01-01', '2026-01-02', 'Mars/Olympus', 'UTC'))).toBe('tz');
    expect(field(() => parsePeriod('2023-01-01', '2025-12-31', 'europe/berlin', 'UTC'))).toBe('none');
    expect(field(() => parsePeriod('2023-01-01', '2026-01-01', 'UTC', 'UTC'))).toBe('to');
    expect(parsePeriod('2026-01-01', '2026-01-02', 'europe/berlin', 'UTC').tz).toBe('Europe/Berlin');
  });

  it('finds the previous period and the same dates a year before', () => {
    const p = { from: '2026-03-01', to: '2026-03-31', tz: 'UTC' };
    expect(previousPeriod(p)).toEqual({ from: '2026-01-29', to: '2026-02-28', tz: 'UTC' });
    expect(previousYear({ from: '2028-02-29', to: '2028-03-01', tz: 'UTC' })).toEqual({
      from: '2027-02-28',
      to: '2027-03-01',
      tz: 'UTC',
    });
  });

  it('covers a range with months, days and slots, subtracting the days of a mostly covered month', () => {
    const c = cover(d('2025-12-31T23:00:00Z'), d('2026-12-31T23:00:00Z'));
    expect(c.months).toEqual([[d('2026-01-01T00:00:00Z'), d('2027-01-01T00:00:00Z')]]);
    expect(c.days).toEqual([]);
    expect(c.minusDays).toEqual([[d('2026-12-31T00:00:00Z'), d('2027-01-01T00:00:00Z')]]);
    expect(c.slots).toEqual([
      [d('2025-12-31T23:00:00Z'), d('2026-01-01T00:00:00Z')],
      [d('2026-12-31T00:00:00Z'), d('2026-12-31T23:00:00Z')],
    ]);
    expect(cover(d('2026-03-01T05:30:00Z'), d('2026-03-02T05:30:00Z'))).toEqual({
      months: [],
      days: [],
      slots: [[d('2026-03-01T05:30:00Z'), d('2026-03-02T05:30:00Z')]],
      minusDays: [],
    });
    // A short leading edge stays days; a long trailing edge becomes its month minus the rest.
    const e = cover(d('2026-01-24T23:00:00Z'), d('2026-04-20T22:00:00Z'));
    expect(e.days).toEqual([[d('2026-01-25T00:00:00Z'), d('2026-02-01T00:00:00Z')]]);
    expect(e.months).toEqual([[d('2026-02-01T00:00:00Z'), d('2026-05-01T00:00:00Z')]]);
    expect(e.minusDays).toEqual([[d('2026-04-20T00:00:00Z'), d('2026-05-01T00:00:00Z')]]);
  });

  it('counts every quarter hour of [a, b) exactly once and none outside, for many ranges', () => {
    const Q = 15 * 60_000;
    const within = (list: [Date, Date][], t: number) =>
      list.filter(([lo, hi]) => lo.getTime() <= t && t < hi.getTime()).length;
    const base = Date.parse('2025-11-03T00:00:00Z');
    for (let i = 0; i < 60; i++) {
      const a = base + ((i * 7919) % 9000) * Q * 4 + (i % 4) * Q;
      const b = a + ((i * 104_729) % 3000) * Q * 12 + Q * (1 + (i % 3));
      const c = cover(new Date(a), new Date(b));
      for (let t = a - 40 * 24 * 4 * Q; t < b + 40 * 24 * 4 * Q; t += Q) {
        const n = within(c.months, t) + within(c.days, t) + within(c.slots, t) - within(c.minusDays, t);
        if (n !== (t >= a && t < b ? 1 : 0))
          throw new Error(`range ${i} counts ${new Date(t).toISOString()} ${n} times`);
      }
      expect(c.days.reduce((s, [lo, hi]) => s + hi.getTime() - lo.getTime(), 0)).toBeLessThanOrEqual(
        32 * 86_400_000,
      );
    }
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 12, null])).toBe(
      'a,"b,c","say ""hi""","two\nlines",12,\r\n',
    );
  });
});
