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

  it('covers a range with months, days and slots that tile it exactly', () => {
    const c = cover(d('2025-12-31T23:00:00Z'), d('2026-12-31T23:00:00Z'));
    expect(c.months).toEqual([[d('2026-01-01T00:00:00Z'), d('2026-12-01T00:00:00Z')]]);
    expect(c.days).toEqual([[d('2026-12-01T00:00:00Z'), d('2026-12-31T00:00:00Z')]]);
    expect(c.slots).toEqual([
      [d('2025-12-31T23:00:00Z'), d('2026-01-01T00:00:00Z')],
      [d('2026-12-31T00:00:00Z'), d('2026-12-31T23:00:00Z')],
    ]);
    expect(cover(d('2026-03-01T05:30:00Z'), d('2026-03-02T05:30:00Z'))).toEqual({
      months: [],
      days: [],
      slots: [[d('2026-03-01T05:30:00Z'), d('2026-03-02T05:30:00Z')]],
    });
    const spans = (x: ReturnType<typeof cover>) =>
      [...x.months, ...x.days, ...x.slots].sort((p, q) => p[0].getTime() - q[0].getTime());
    const s = spans(cover(d('2026-01-14T10:45:00Z'), d('2026-04-20T03:15:00Z')));
    for (let i = 1; i < s.length; i++) expect(s[i][0]).toEqual(s[i - 1][1]);
    expect(s[0][0]).toEqual(d('2026-01-14T10:45:00Z'));
    expect(s[s.length - 1][1]).toEqual(d('2026-04-20T03:15:00Z'));
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 12, null])).toBe(
      'a,"b,c","say ""hi""","two\nlines",12,\r\n',
    );
  });
});
