import { Role } from '../src/accounts/role';
import { createProduct } from './support/catalog-factories';
import { paySucceed, placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const ORDERS = '/api/v1/orders';

/**
 * Two sellers on one order: each sees its own lines and totals, and nothing that leads to the
 * whole order — no payment reference in the history (GET /payments/:reference is public and
 * shows the whole order's amount), no ranking by the whole order's total.
 */
describe('orders: a seller’s view of a shared order', () => {
  let t: TestApp;
  let buyer: TestUser;
  let staff: TestUser;
  let lamps: TestUser;
  let pens: TestUser;
  let shared: { id: string; reference: string };
  let pensOnly: { id: string; reference: string };

  const order = async (lines: { productId: string; quantity: number }[]) => {
    const placed = await placeOrder(t, buyer, lines);
    expect((await paySucceed(t, placed.payment.reference)).body.outcome).toBe('paid');
    return { id: placed.order.id, reference: placed.payment.reference };
  };

  beforeAll(async () => {
    t = await createTestApp('orders_seller_view');
    buyer = await createUser(t, Role.Customer);
    staff = await createUser(t, Role.Staff);
    lamps = await createUser(t, Role.Seller);
    pens = await createUser(t, Role.Seller);
    const lamp = await createProduct(t, { seller: lamps, name: 'Brass Lamp', price: 4000, stock: 10 });
    const pen = await createProduct(t, { seller: pens, name: 'Fountain Pen', price: 300, stock: 50 });
    // The whole order: 2 × 4000 + 1 × 300 = 8300 (free shipping). The pen seller's part: 300.
    shared = await order([
      { productId: lamp.id, quantity: 2 },
      { productId: pen.id, quantity: 1 },
    ]);
    // The pen seller's only other order: 3 × 300 = 900 (+ 500 shipping for the buyer).
    pensOnly = await order([{ productId: pen.id, quantity: 3 }]);
  });
  afterAll(() => t.close());

  it('the buyer and staff see the payment in the history; the public status shows the whole amount', async () => {
    for (const user of [buyer, staff]) {
      const res = await t.http.get(`${ORDERS}/${shared.id}`, { token: user.token });
      expect(res.body).toMatchObject({ partial: false, total: 8300, itemCount: 3 });
      expect(res.text).toContain(shared.reference);
    }
    const status = await t.http.get(`/api/v1/payments/${shared.reference}`);
    expect(status.body).toMatchObject({ amount: 8300 });
  });

  it('each seller sees only its own lines and totals, and history without notes (no payment reference)', async () => {
    const pen = await t.http.get(`${ORDERS}/${shared.id}`, { token: pens.token });
    expect(pen.status).toBe(200);
    expect(pen.body).toMatchObject({
      partial: true,
      subtotal: 300,
      shippingFee: 0,
      total: 300,
      itemCount: 1,
    });
    expect(pen.body.items.map((i: { name: string; sellerId: string }) => [i.name, i.sellerId])).toEqual([
      ['Fountain Pen', pens.id],
    ]);
    expect(pen.body.history.map((h: { to: string; note: string | null }) => [h.to, h.note])).toEqual([
      ['pending', null],
      ['paid', null],
    ]);
    expect(pen.text).not.toContain(shared.reference);
    expect(pen.text).not.toContain('Brass Lamp');
    // No number in it (JSON values, not digits inside ids) is the whole order's or the lamp's.
    const numbers = (pen.text.match(/(?<=:)-?\d+(?=[,}\]])/g) ?? []).map(Number);
    expect(numbers).toContain(300);
    expect(numbers.filter((n) => [8300, 8000, 4000].includes(n))).toEqual([]);

    const lamp = await t.http.get(`${ORDERS}/${shared.id}`, { token: lamps.token });
    expect(lamp.body).toMatchObject({ partial: true, subtotal: 8000, total: 8000, itemCount: 2 });
    expect(lamp.body.items.map((i: { name: string }) => i.name)).toEqual(['Brass Lamp']);
    expect(lamp.text).not.toContain(shared.reference);
    expect(lamp.text).not.toContain('Fountain Pen');

    // The list shows the same totals, and no payment reference either.
    const list = await t.http.get(ORDERS, { token: pens.token });
    expect(list.text).not.toContain(shared.reference);
    expect(
      list.body.data.map((o: { id: string; total: number; partial: boolean }) => [o.id, o.total, o.partial]),
    ).toEqual([
      [pensOnly.id, 900, true],
      [shared.id, 300, true],
    ]);
  });

  it('a seller sorting by total sorts by its own totals, not by the whole orders', async () => {
    const sorted = async (sort: string) =>
      (await t.http.get(ORDERS, { token: pens.token, query: { sort } })).body.data.map(
        (o: { id: string; total: number }) => o.total,
      );
    // Whole orders: shared 8300 > pensOnly 1400; the pen seller's parts: 300 < 900.
    expect(await sorted('total')).toEqual([300, 900]);
    expect(await sorted('-total')).toEqual([900, 300]);
    const staffSorted = await t.http.get(ORDERS, { token: staff.token, query: { sort: '-total' } });
    expect(staffSorted.body.data.map((o: { total: number }) => o.total)).toEqual([8300, 1400]);
  });
});
