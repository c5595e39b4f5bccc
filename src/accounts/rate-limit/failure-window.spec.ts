import { acquireSlot, retryAfterSeconds } from './failure-window';

const MIN = 60_000;
const WINDOW = 15 * MIN;

describe('acquireSlot (per-account login limit)', () => {
  it('allows up to max checks in the window, then refuses until the oldest leaves it', () => {
    let hits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = acquireSlot(hits, 1000 + i, WINDOW, 5);
      expect(r.allowed).toBe(true);
      hits = r.hits;
    }
    const sixth = acquireSlot(hits, 2000, WINDOW, 5);
    expect(sixth.allowed).toBe(false);
    expect(sixth.retryAfterMs).toBe(1000 + WINDOW - 2000);
    expect(sixth.hits).toHaveLength(5);
  });

  it('drops hits that are exactly one window old', () => {
    const r = acquireSlot([0, 1, 2, 3, 4], WINDOW, WINDOW, 5);
    expect(r.allowed).toBe(true);
    expect(r.hits).toEqual([1, 2, 3, 4, WINDOW]);
  });

  it('after the window has passed everything is forgotten', () => {
    const r = acquireSlot([0, 1, 2, 3, 4], 2 * WINDOW, WINDOW, 5);
    expect(r).toEqual({ allowed: true, hits: [2 * WINDOW], retryAfterMs: 0 });
  });

  it('with more hits than max (limit lowered) waits for enough of them to expire', () => {
    const r = acquireSlot([10, 20, 30, 40], 100, WINDOW, 2);
    expect(r.allowed).toBe(false);
    expect(r.retryAfterMs).toBe(30 + WINDOW - 100);
  });

  it('handles unsorted input', () => {
    const r = acquireSlot([30, 10, 20], 100, WINDOW, 3);
    expect(r.retryAfterMs).toBe(10 + WINDOW - 100);
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1000, 1],
    [1001, 2],
    [WINDOW, 900],
  ])('%i ms -> %i s', (ms, s) => expect(retryAfterSeconds(ms)).toBe(s));
});
