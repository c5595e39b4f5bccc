import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  ORDER_TRANSITIONS,
  OrderStatus,
  REFUNDABLE,
} from './order-state';

const all = Object.values(OrderStatus);
const allowed: [OrderStatus, OrderStatus][] = [
  [OrderStatus.Pending, OrderStatus.Paid],
  [OrderStatus.Pending, OrderStatus.Cancelled],
  [OrderStatus.Pending, OrderStatus.Expired],
  [OrderStatus.Paid, OrderStatus.Shipped],
  [OrderStatus.Paid, OrderStatus.Refunded],
  [OrderStatus.Paid, OrderStatus.PartiallyRefunded],
  [OrderStatus.Shipped, OrderStatus.Delivered],
  [OrderStatus.Shipped, OrderStatus.PartiallyRefunded],
  [OrderStatus.Shipped, OrderStatus.Refunded],
  [OrderStatus.Delivered, OrderStatus.PartiallyRefunded],
  [OrderStatus.Delivered, OrderStatus.Refunded],
  [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
  [OrderStatus.PartiallyRefunded, OrderStatus.Shipped],
  [OrderStatus.PartiallyRefunded, OrderStatus.Delivered],
];

describe('order state machine', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of all) {
      for (const to of all) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('covers every state in the table', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...all].sort());
  });

  it('refuses anything else with a 409 naming both states', () => {
    for (const from of all) {
      for (const to of all) {
        if (allowed.some(([f, t]) => f === from && t === to)) {
          expect(() => assertTransition(from, to)).not.toThrow();
          continue;
        }
        let error: unknown;
        try {
          assertTransition(from, to);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(IllegalTransitionError);
        const e = error as IllegalTransitionError;
        expect(e.status).toBe(409);
        expect(e.code).toBe('ILLEGAL_TRANSITION');
        expect(e.message).toBe(`An order that is ${from} cannot become ${to}`);
      }
    }
  });

  it('terminal states have no way out', () => {
    for (const s of [OrderStatus.Cancelled, OrderStatus.Expired, OrderStatus.Refunded]) {
      expect(ORDER_TRANSITIONS[s]).toEqual([]);
    }
  });

  it('every refundable state can end fully refunded, and nothing unpaid is refundable', () => {
    for (const s of REFUNDABLE) expect(canTransition(s, OrderStatus.Refunded)).toBe(true);
    for (const s of [OrderStatus.Pending, OrderStatus.Cancelled, OrderStatus.Expired, OrderStatus.Refunded])
      expect(REFUNDABLE).not.toContain(s);
  });
});
