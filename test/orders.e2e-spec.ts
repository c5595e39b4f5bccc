import { Role } from '../src/accounts/role';
import { OrderExpiryService } from '../src/orders/order-expiry.service';
import { OrphanRefundsService } from '../src/payment/orphan-refunds.service';
import { createProduct, soldCountOf, stockOf, TestProduct } from './support/catalog-factories';
import { paidOrder, paySucceed, placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const ORDERS = '/api/v1/orders';

describe('orders', () => {
  let t: TestApp;
  let staff: TestUser;
  let admin: TestUser;
  let sellerA: TestUser;
  let sellerB: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let mugA: TestProduct;
  let capA: TestProduct;
  let penB: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('orders');
    staff = await createUser(t, Role.Staff);
    admin = await createUser(t, Role.Admin);
    sellerA = await createUser(t, Role.Seller);
    sellerB = await createUser(t, Role.Seller);
    alice = await createUser(t, Role.Customer, { email: `alice-${Date.now()}@example.test` });
    bob = await createUser(t, Role.Customer, { email: `bob-${Date.now()}@example.test` });
    mugA = await createProduct(t, { seller: sellerA, name: 'Mug', price: 1000, stock: 100 });
    capA = await createProduct(t, { seller: sellerA, name: 'Cap', price: 2000, stock: 100 });
    penB = await createProduct(t, { seller: sellerB, name: 'Pen', price: 300, stock: 100 });
  });
  afterAll(() => t.close());

  const get = (user: TestUser, id: string) => t.http.get(`${ORDERS}/${id}`, { token: user.token });
  const act = (user: TestUser, id: string, action: string) =>
    t.http.post(`${ORDERS}/${id}/${action}`, undefined, { token: user.token });

  describe('visibility', () => {
    let mixed: string;
    let onlyA: string;

    beforeAll(async () => {
      mixed = await paidOrder(t, alice, [
        { productId: mugA.id, quantity: 2 },
        { productId: penB.id, quantity: 1 },
      ]);
      onlyA = await paidOrder(t, bob, [{ productId: capA.id, quantity: 1 }]);
    });

    it('the buyer sees the whole order; other customers get 404', async () => {
      const res = await get(alice, mixed);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        partial: false,
        subtotal: 2300,
        shippingFee: 500,
        total: 2800,
        itemCount: 3,
      });
      expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['Mug', 'Pen']);
      expect((await get(bob, mixed)).status).toBe(404);
      expect((await get(bob, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.http.get(`${ORDERS}/${mixed}`)).status).toBe(401);
    });

    it('staff and admins see any order', async () => {
      expect((await get(staff, mixed)).body.items).toHaveLength(2);
      expect((await get(admin, onlyA)).body.items).toHaveLength(1);
    });

    it('a seller sees only their own lines, with amounts over those lines', async () => {
      const a = await get(sellerA, mixed);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({
        partial: true,
        subtotal: 2000,
        shippingFee: 0,
        total: 2000,
        itemCount: 2,
      });
      expect(a.body.items.map((i: { name: string; sellerId: string }) => [i.name, i.sellerId])).toEqual([
        ['Mug', sellerA.id],
      ]);
      const b = await get(sellerB, mixed);
      expect(b.body.items.map((i: { name: string }) => i.name)).toEqual(['Pen']);
      expect(b.body.total).toBe(300);
      expect((await get(sellerB, onlyA)).status).toBe(404);
    });

    it('lists: own for customers, own lines for sellers, everything for staff, with page headers', async () => {
      const mine = await t.http.get(ORDERS, { token: alice.token });
      expect(mine.status).toBe(200);
      expect(mine.body.data.map((o: { id: string }) => o.id)).toContain(mixed);
      expect(mine.body.data.every((o: { userId: string }) => o.userId === alice.id)).toBe(true);
      expect(mine.headers['x-total-count']).toBe(String(mine.body.total));
      expect(mine.headers['content-range']).toMatch(/^orders 0-\d+\/\d+$/);

      const sellerList = await t.http.get(ORDERS, { token: sellerB.token });
      expect(sellerList.body.data.map((o: { id: string }) => o.id)).toEqual([mixed]);
      expect(sellerList.body.data[0]).toMatchObject({ partial: true, total: 300, itemCount: 1 });

      const all = await t.http.get(ORDERS, { token: staff.token, query: { perPage: 100 } });
      const ids = all.body.data.map((o: { id: string }) => o.id);
      expect(ids).toEqual(expect.arrayContaining([mixed, onlyA]));
      expect(all.body.data[0]).not.toHaveProperty('items');
    });
  });

  describe('staff filters, search and sort', () => {
    let carol: TestUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      carol = await createUser(t, Role.Customer, { email: `carol.filters-${Date.now()}@example.test` });
      ids.paid = await paidOrder(t, carol, [{ productId: mugA.id, quantity: 1 }]);
      ids.pending = (await placeOrder(t, carol, [{ productId: capA.id, quantity: 3 }])).order.id;
    });

    const list = (query: Record<string, string | number>) =>
      t.http.get(ORDERS, { token: staff.token, query });

    it('filters by customer and status', async () => {
      const res = await list({ customer: carol.id });
      expect(res.body.data.map((o: { id: string }) => o.id).sort()).toEqual([ids.paid, ids.pending].sort());
      const pending = await list({ customer: carol.id, status: 'pending' });
      expect(pending.body.data.map((o: { id: string }) => o.id)).toEqual([ids.pending]);
      expect(pending.body.total).toBe(1);
    });

    it('finds by number (any spelling) and by email prefix', async () => {
      const [{ number }] = await t.sql<{ number: string }>(`SELECT number FROM "order" WHERE id = $1`, [
        ids.pending,
      ]);
      const digits = String(Number(number.slice(3)));
      for (const spelling of [number, number.toLowerCase(), digits]) {
        expect((await list({ number: spelling })).body.data.map((o: { id: string }) => o.id)).toEqual([
          ids.pending,
        ]);
        expect((await list({ q: spelling })).body.data.map((o: { id: string }) => o.id)).toEqual([
          ids.pending,
        ]);
      }
      const byEmail = await list({ q: carol.email.slice(0, 14).toUpperCase() });
      expect(byEmail.body.data.map((o: { id: string }) => o.id).sort()).toEqual(
        [ids.paid, ids.pending].sort(),
      );
      expect((await list({ q: '%' })).body.total).toBe(0);
    });

    it('filters by date range', async () => {
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect((await list({ customer: carol.id, from: future })).body.total).toBe(0);
      expect((await list({ customer: carol.id, to: future })).body.total).toBe(2);
      expect((await list({ customer: carol.id, from: '2000-01-01', to: '2000-01-02' })).body.total).toBe(0);
    });

    it('sorts and paginates; refuses unknown sorts and bad filters', async () => {
      const byTotal = await list({ customer: carol.id, sort: '-total' });
      expect(byTotal.body.data.map((o: { total: number }) => o.total)).toEqual([6000, 1500]);
      const asc = await list({ customer: carol.id, sort: 'total', perPage: 1, page: 2 });
      expect(asc.body).toMatchObject({ total: 2, page: 2, perPage: 1 });
      expect(asc.body.data.map((o: { total: number }) => o.total)).toEqual([6000]);
      expect((await list({ sort: 'email' })).body.code).toBe('INVALID_SORT');
      for (const query of [
        { status: 'lost' },
        { from: 'yesterday' },
        { customer: 'x' },
        { perPage: 101 },
      ] as Record<string, string | number>[]) {
        const res = await list(query);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('a customer cannot widen their list with filters', async () => {
      const res = await t.http.get(ORDERS, { token: alice.token, query: { customer: carol.id } });
      expect(res.body.total).toBe(0);
    });
  });

  describe('transitions', () => {
    it('the buyer cancels a pending order: stock back, history records who and when', async () => {
      const before = await stockOf(t, mugA.variant.id);
      const { order } = await placeOrder(t, alice, [{ productId: mugA.id, quantity: 4 }]);
      expect(await stockOf(t, mugA.variant.id)).toBe(before - 4);
      const res = await act(alice, order.id, 'cancel');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(
        res.body.history.map((h: { from: string; to: string; actor: { kind: string; id: string } }) => [
          h.from,
          h.to,
          h.actor.kind,
          h.actor.id,
        ]),
      ).toEqual([
        [null, 'pending', 'customer', alice.id],
        ['pending', 'cancelled', 'customer', alice.id],
      ]);
      expect(new Date(res.body.history[1].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(await stockOf(t, mugA.variant.id)).toBe(before);
      const again = await act(alice, order.id, 'cancel');
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        message: 'An order that is cancelled cannot become cancelled',
        details: { from: 'cancelled', to: 'cancelled' },
      });
      expect(await stockOf(t, mugA.variant.id)).toBe(before);
    });

    it('who may cancel: buyer or staff; a seller of a line may not (403); others do not see it (404)', async () => {
      const { order } = await placeOrder(t, bob, [{ productId: penB.id, quantity: 1 }]);
      expect((await act(alice, order.id, 'cancel')).status).toBe(404);
      expect((await act(sellerA, order.id, 'cancel')).status).toBe(404);
      expect((await act(sellerB, order.id, 'cancel')).status).toBe(403);
      const byStaff = await act(staff, order.id, 'cancel');
      expect(byStaff.status).toBe(200);
      expect(byStaff.body.history.at(-1)).toMatchObject({
        to: 'cancelled',
        actor: { kind: 'staff', id: staff.id },
        note: 'Cancelled by staff',
      });
    });

    it('paid → shipped → delivered by staff; every other move is 409 and changes nothing', async () => {
      const { order, payment } = await placeOrder(t, alice, [{ productId: capA.id, quantity: 1 }]);
      expect((await act(staff, order.id, 'ship')).body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        message: 'An order that is pending cannot become shipped',
      });
      expect((await act(staff, order.id, 'deliver')).body.code).toBe('ILLEGAL_TRANSITION');
      expect(
        (await t.http.post(`${ORDERS}/${order.id}/refund`, undefined, { token: staff.token })).status,
      ).toBe(409);
      await paySucceed(t, payment.reference);
      expect((await act(alice, order.id, 'cancel')).body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        message: 'An order that is paid cannot become cancelled',
      });
      expect((await act(staff, order.id, 'cancel')).status).toBe(409);
      expect((await act(staff, order.id, 'deliver')).status).toBe(409);
      expect((await act(alice, order.id, 'ship')).status).toBe(403);
      const shipped = await act(staff, order.id, 'ship');
      expect([shipped.status, shipped.body.status]).toEqual([200, 'shipped']);
      expect((await act(staff, order.id, 'ship')).status).toBe(409);
      // (A shipped or delivered order can still be refunded: test/payments-refunds.e2e-spec.ts.)
      const delivered = await act(staff, order.id, 'deliver');
      expect([delivered.status, delivered.body.status]).toEqual([200, 'delivered']);
      for (const action of ['cancel', 'ship', 'deliver']) {
        expect((await act(staff, order.id, action)).status).toBe(409);
      }
      const history = (await get(alice, order.id)).body.history.map(
        (h: { to: string; actor: { kind: string } }) => `${h.to}:${h.actor.kind}`,
      );
      expect(history).toEqual(['pending:customer', 'paid:provider', 'shipped:staff', 'delivered:staff']);
    });

    it('a seller fulfils an order holding only their items, not a mixed one (403)', async () => {
      const own = await paidOrder(t, bob, [
        { productId: mugA.id, quantity: 1 },
        { productId: capA.id, quantity: 1 },
      ]);
      expect((await act(sellerB, own, 'ship')).status).toBe(404);
      const shipped = await act(sellerA, own, 'ship');
      expect([shipped.status, shipped.body.status]).toEqual([200, 'shipped']);
      expect(shipped.body.history.at(-1).actor).toEqual({ kind: 'seller', id: sellerA.id });
      expect((await act(sellerA, own, 'deliver')).body.status).toBe('delivered');

      const mixed = await paidOrder(t, bob, [
        { productId: mugA.id, quantity: 1 },
        { productId: penB.id, quantity: 1 },
      ]);
      const refused = await act(sellerA, mixed, 'ship');
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain('other sellers');
      expect((await get(bob, mixed)).body.status).toBe('paid');
    });

    it('staff refund a paid order through the provider: paid → refunded, payment refunded', async () => {
      const { order, payment } = await placeOrder(t, alice, [{ productId: penB.id, quantity: 2 }]);
      await paySucceed(t, payment.reference);
      expect(
        (await t.http.post(`${ORDERS}/${order.id}/refund`, undefined, { token: alice.token })).status,
      ).toBe(403);
      expect(
        (await t.http.post(`${ORDERS}/${order.id}/refund`, undefined, { token: sellerB.token })).status,
      ).toBe(403);
      const res = await t.http.post(`${ORDERS}/${order.id}/refund`, undefined, { token: admin.token });
      expect([res.status, res.body.order.status, res.body.refund.status]).toEqual([
        200,
        'refunded',
        'succeeded',
      ]);
      expect(res.body.order.history.at(-1)).toMatchObject({
        from: 'paid',
        to: 'refunded',
        actor: { kind: 'admin', id: admin.id },
      });
      expect((await t.http.get(`/api/v1/payments/${payment.reference}`)).body.status).toBe('refunded');
      expect(
        (await t.http.post(`${ORDERS}/${order.id}/refund`, undefined, { token: staff.token })).body.code,
      ).toBe('ILLEGAL_TRANSITION');
    });

    it('concurrent cancels of one order: one wins, stock released once', async () => {
      const before = await stockOf(t, capA.variant.id);
      const { order } = await placeOrder(t, alice, [{ productId: capA.id, quantity: 5 }]);
      const results = await Promise.all([
        act(alice, order.id, 'cancel'),
        act(staff, order.id, 'cancel'),
        act(alice, order.id, 'cancel'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      expect(await stockOf(t, capA.variant.id)).toBe(before);
    });
  });

  describe('expiry', () => {
    afterEach(() => t.clock.set(undefined));

    it('expires pending orders older than ORDER_TTL_MINUTES and releases their stock, once', async () => {
      const expiry = t.app.get(OrderExpiryService);
      const shopper = await createUser(t);
      const other = await createUser(t);
      const p = await createProduct(t, { seller: sellerA, price: 100, stock: 10 });
      const due = await placeOrder(t, shopper, [{ productId: p.id, quantity: 3 }]);
      const paid = await placeOrder(t, other, [{ productId: p.id, quantity: 2 }]);
      await paySucceed(t, paid.payment.reference);
      expect(await stockOf(t, p.variant.id)).toBe(5);

      const ttl = t.config.orderTtlMinutes * 60_000;
      t.clock.set(new Date(Date.now() + ttl - 60_000));
      await expiry.expireDue();
      expect((await get(shopper, due.order.id)).body.status).toBe('pending');

      t.clock.set(new Date(Date.now() + ttl + 60_000));
      // Two sweeps at once (two instances, or a slow tick): each order expires exactly once.
      await Promise.all([expiry.expireDue(), expiry.expireDue()]);
      const after = await get(shopper, due.order.id);
      expect(after.body.status).toBe('expired');
      expect(after.body.history.at(-1)).toMatchObject({
        from: 'pending',
        to: 'expired',
        actor: { kind: 'system', id: null },
        note: `Unpaid after ${t.config.orderTtlMinutes} minutes`,
      });
      expect(await stockOf(t, p.variant.id)).toBe(8);
      expect((await get(other, paid.order.id)).body.status).toBe('paid');
      expect((await t.http.get(`/api/v1/payments/${due.payment.reference}`)).body.status).toBe('cancelled');
      const events = await t.sql(`SELECT 1 FROM order_event WHERE order_id = $1 AND to_status = 'expired'`, [
        due.order.id,
      ]);
      expect(events).toHaveLength(1);
      expect(await expiry.expireDue()).toBe(0);

      // Expired is terminal; paying it later does not revive it nor take stock.
      expect((await act(shopper, due.order.id, 'cancel')).body.message).toBe(
        'An order that is expired cannot become cancelled',
      );
      const late = await paySucceed(t, due.payment.reference);
      expect(late.body).toMatchObject({ outcome: 'order_not_payable', orderStatus: 'expired' });
      expect(await stockOf(t, p.variant.id)).toBe(8);
      expect(await soldCountOf(t, p.id)).toBe(2);
      // ...and the money goes back to the shopper at once (the refund job runs after commit).
      expect((await t.http.get(`/api/v1/payments/${due.payment.reference}`)).body.status).toBe('refunded');
      // Through a refund row (created by nobody: automatic), the reason naming the order's state.
      const [note] = await t.sql<{ reason: string; status: string; created_by: string | null }>(
        `SELECT r.reason, r.status, r.created_by FROM refund r JOIN payment p ON p.id = r.payment_id WHERE p.reference = $1`,
        [due.payment.reference],
      );
      expect([note.status, note.created_by]).toEqual(['succeeded', null]);
      expect(note.reason).toBe(
        `Refunded automatically: order ${due.order.number} was expired before the payment arrived`,
      );
      expect((await get(shopper, due.order.id)).body.status).toBe('expired');
    });

    it('the periodic sweep refunds captured payments of cancelled orders that the after-commit job missed, once', async () => {
      const orphans = t.app.get(OrphanRefundsService);
      const shopper = await createUser(t);
      const p = await createProduct(t, { seller: sellerA, price: 700, stock: 5 });
      const cancelled = await placeOrder(t, shopper, [{ productId: p.id, quantity: 1 }]);
      const live = await placeOrder(t, await createUser(t), [{ productId: p.id, quantity: 1 }]);
      await paySucceed(t, live.payment.reference);
      expect((await act(shopper, cancelled.order.id, 'cancel')).status).toBe(200);
      // As if the provider's verdict had committed and the process died before queueing the refund.
      await t.sql(`UPDATE payment SET status = 'succeeded' WHERE reference = $1`, [
        cancelled.payment.reference,
      ]);

      expect(await orphans.refundOrphans()).toBe(1);
      expect((await t.http.get(`/api/v1/payments/${cancelled.payment.reference}`)).body.status).toBe(
        'refunded',
      );
      expect(await orphans.refundOrphans()).toBe(0);
      // A paid order's payment is never touched.
      expect((await t.http.get(`/api/v1/payments/${live.payment.reference}`)).body.status).toBe('succeeded');
      expect((await get(shopper, cancelled.order.id)).body.status).toBe('cancelled');
    });
  });
});
