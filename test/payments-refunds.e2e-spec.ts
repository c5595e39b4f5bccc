import { Role } from '../src/accounts/role';
import { canTransition, OrderStatus } from '../src/orders/order-state';
import { createProduct, stockOf, TestProduct } from './support/catalog-factories';
import { addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { PaymentProviderServer } from './support/payment-provider-server';
import { createTestApp, TestApp } from './support/test-app';

const ORDERS = '/api/v1/orders';

interface Paid {
  orderId: string;
  reference: string;
  total: number;
  lines: { id: string; variantId: string; unitPrice: number; quantity: number }[];
}

describe('payments: refunds (full and partial, Stripe and Paystack)', () => {
  let server: PaymentProviderServer;
  let t: TestApp;
  let staff: TestUser;
  let seller: TestUser;
  let lamp: TestProduct;
  let mat: TestProduct;

  beforeAll(async () => {
    server = await new PaymentProviderServer().start();
    t = await createTestApp('payments-refunds', server.env());
    staff = await createUser(t, Role.Staff);
    seller = await createUser(t, Role.Seller);
    lamp = await createProduct(t, { seller, name: 'Lamp', price: 4000, stock: 100 });
    mat = await createProduct(t, { seller, name: 'Mat', price: 1500, stock: 100 });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const refund = (orderId: string, body?: object, user: TestUser = staff) =>
    t.http.post(`${ORDERS}/${orderId}/refund`, body, { token: user.token });

  /** 2 lamps + 1 mat, paid through `provider` with a signed webhook. */
  async function paidOrder(provider: 'stripe' | 'paystack'): Promise<Paid> {
    const user = await createUser(t, Role.Customer);
    await addToCart(t, user, { productId: lamp.id, quantity: 2 });
    await addToCart(t, user, { productId: mat.id, quantity: 1 });
    const res = await checkout(t, user, { provider });
    expect(res.status).toBe(201);
    const reference: string = res.body.payment.reference;
    let payload: string;
    let headers: Record<string, string>;
    if (provider === 'stripe') {
      const [p] = await t.sql<{ provider_ref: string }>(
        `SELECT provider_ref FROM payment WHERE reference = $1`,
        [reference],
      );
      payload = server.stripeEvent('checkout.session.completed', server.completeSession(p.provider_ref));
      headers = { 'stripe-signature': server.signStripe(payload) };
    } else {
      payload = server.paystackEvent('charge.success', server.payTransaction(reference));
      headers = { 'x-paystack-signature': server.signPaystack(payload) };
    }
    const paid = await t.http.post(`/api/v1/payments/webhooks/${provider}`, undefined, {
      raw: payload,
      headers,
    });
    expect(paid.body.results[0].outcome).toBe('paid');
    const lines = await t.sql<{ id: string; variant_id: string; unit_price: string; quantity: number }>(
      `SELECT id, variant_id, unit_price, quantity FROM order_line WHERE order_id = $1 ORDER BY position`,
      [res.body.order.id],
    );
    return {
      orderId: res.body.order.id,
      reference,
      total: res.body.order.total,
      lines: lines.map((l) => ({
        id: l.id,
        variantId: l.variant_id,
        unitPrice: Number(l.unit_price),
        quantity: l.quantity,
      })),
    };
  }

  /** Paystack's webhook for one of our refund rows (found through the Paystack refund id we recorded). */
  const paystackRefundEvent = async (
    refundId: string,
    event: 'refund.pending' | 'refund.processed' | 'refund.failed',
  ) => {
    const [row] = await t.sql<{ provider_ref: string }>(`SELECT provider_ref FROM refund WHERE id = $1`, [
      refundId,
    ]);
    return deliverPaystack(server.paystackRefundWebhook(row.provider_ref, event));
  };
  const deliverPaystack = (payload: string) =>
    t.http.post('/api/v1/payments/webhooks/paystack', undefined, {
      raw: payload,
      headers: { 'x-paystack-signature': server.signPaystack(payload) },
    });

  const orderStatus = async (id: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [id]))[0].status;

  it('Stripe: a partial refund of one unit (restocked), then the rest with an empty body', async () => {
    const order = await paidOrder('stripe');
    const lampLine = order.lines[0];
    const stockBefore = await stockOf(t, lamp.variant.id);
    const partial = await refund(order.orderId, {
      lines: [{ orderLineId: lampLine.id, quantity: 1 }],
      reason: 'Arrived broken',
      restock: true,
    });
    expect(partial.status).toBe(200);
    expect(partial.body.refund).toMatchObject({
      status: 'succeeded',
      amount: 4000,
      reason: 'Arrived broken',
      restock: true,
      lines: [{ orderLineId: lampLine.id, quantity: 1, amount: 4000 }],
    });
    expect(partial.body.order.status).toBe('partially_refunded');
    expect(await stockOf(t, lamp.variant.id)).toBe(stockBefore + 1);
    const [call] = server
      .received('POST', '/v1/refunds')
      .filter((r) => r.body.metadata?.refund_id === partial.body.refund.id);
    expect(call.body).toMatchObject({ amount: '4000', metadata: { reference: order.reference } });
    expect(call.headers['idempotency-key']).toContain(partial.body.refund.id);

    const rest = await refund(order.orderId);
    expect(rest.status).toBe(200);
    expect(rest.body.refund.amount).toBe(order.total - 4000);
    // Everything not refunded yet: the other lamp and the mat, at their prices; shipping untied.
    expect(rest.body.refund.lines).toEqual([
      { orderLineId: lampLine.id, quantity: 1, amount: 4000 },
      { orderLineId: order.lines[1].id, quantity: 1, amount: 1500 },
    ]);
    expect(rest.body.order.status).toBe('refunded');
    expect(rest.body.order.history.slice(-2).map((h: { to: string }) => h.to)).toEqual([
      'partially_refunded',
      'refunded',
    ]);
    expect((await t.http.get(`/api/v1/payments/${order.reference}`)).body.status).toBe('refunded');
    // Not restocked unless asked.
    expect(await stockOf(t, lamp.variant.id)).toBe(stockBefore + 1);
    const rows = await t.sql<{ status: string; amount: string; completed_at: Date | null }>(
      `SELECT status, amount, completed_at FROM refund WHERE order_id = $1 ORDER BY created_at`,
      [order.orderId],
    );
    expect(rows.map((r) => [r.status, Number(r.amount), !!r.completed_at])).toEqual([
      ['succeeded', 4000, true],
      ['succeeded', order.total - 4000, true],
    ]);
    expect((await refund(order.orderId)).body.code).toBe('ILLEGAL_TRANSITION');

    // GET /orders/:id/refunds lists both, oldest first, with their lines (staff only).
    const listed = await t.http.get(`${ORDERS}/${order.orderId}/refunds`, { token: staff.token });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([partial.body.refund, rest.body.refund]);
  });

  it('Stripe: refunds Stripe answers pending are settled by refund.updated, charge.refunded and refund.failed', async () => {
    const order = await paidOrder('stripe');
    server.stripeRefundStatus = 'pending';
    const made = [];
    try {
      for (const amount of [1000, 2000, 500]) made.push(await refund(order.orderId, { amount }));
    } finally {
      server.stripeRefundStatus = 'succeeded';
    }
    expect(made.map((r) => [r.status, r.body.refund.status, r.body.order.status])).toEqual([
      [200, 'pending', 'paid'],
      [200, 'pending', 'paid'],
      [200, 'pending', 'paid'],
    ]);
    const atStripe = async (refundId: string) => {
      const [row] = await t.sql<{ provider_ref: string }>(`SELECT provider_ref FROM refund WHERE id = $1`, [
        refundId,
      ]);
      return server.refunds.get(row.provider_ref)!;
    };
    const deliverStripe = (payload: string) =>
      t.http.post('/api/v1/payments/webhooks/stripe', undefined, {
        raw: payload,
        headers: { 'stripe-signature': server.signStripe(payload) },
      });
    const [first, second, third] = made.map((r) => r.body.refund.id as string);

    const r1 = Object.assign(await atStripe(first), { status: 'succeeded' });
    const updated = server.stripeEvent('refund.updated', r1);
    expect((await deliverStripe(updated)).body.results).toEqual([
      expect.objectContaining({
        duplicate: false,
        outcome: 'refund_succeeded',
        orderStatus: 'partially_refunded',
      }),
    ]);
    expect((await deliverStripe(updated)).body.results[0]).toMatchObject({ duplicate: true });

    // charge.refunded lists the charge's refunds (older API versions): the settled one is left alone.
    const r2 = Object.assign(await atStripe(second), { status: 'succeeded' });
    const charge = {
      id: 'ch_refunded',
      object: 'charge',
      amount: order.total,
      amount_refunded: 3000,
      currency: r2.currency,
      payment_intent: r2.payment_intent,
      refunds: { object: 'list', data: [r1, r2] },
    };
    const refunded = await deliverStripe(server.stripeEvent('charge.refunded', charge));
    expect(refunded.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'already_settled',
      'refund_succeeded',
    ]);

    const r3 = Object.assign(await atStripe(third), {
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
    });
    const failed = await deliverStripe(server.stripeEvent('refund.failed', r3));
    expect(failed.body.results[0]).toMatchObject({ outcome: 'refund_failed' });
    const rows = await t.sql<{ id: string; status: string; failure_reason: string | null }>(
      `SELECT id, status, failure_reason FROM refund WHERE order_id = $1 ORDER BY amount DESC`,
      [order.orderId],
    );
    expect(rows).toEqual([
      { id: second, status: 'succeeded', failure_reason: null },
      { id: first, status: 'succeeded', failure_reason: null },
      { id: third, status: 'failed', failure_reason: 'expired_or_canceled_card' },
    ]);
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');
    // The failed 500 can be refunded again: everything left goes back and the order is refunded.
    const rest = await refund(order.orderId);
    expect([rest.body.refund.amount, rest.body.order.status]).toEqual([order.total - 3000, 'refunded']);
  });

  it('Paystack: refunds are pending until refund.processed; partial then full', async () => {
    const order = await paidOrder('paystack');
    const partial = await refund(order.orderId, { amount: 1000, reason: 'Late delivery' });
    expect(partial.status).toBe(200);
    expect(partial.body.refund).toMatchObject({ status: 'pending', amount: 1000, lines: [] });
    expect(partial.body.order.status).toBe('paid');
    const [call] = server.received('POST', '/refund').filter((r) => r.body.transaction === order.reference);
    expect(call.body).toMatchObject({ amount: 1000 });

    const processed = await paystackRefundEvent(partial.body.refund.id, 'refund.processed');
    expect(processed.body.results[0]).toMatchObject({
      outcome: 'refund_succeeded',
      orderStatus: 'partially_refunded',
    });
    const again = await paystackRefundEvent(partial.body.refund.id, 'refund.processed');
    expect(again.body.results[0].duplicate).toBe(true);

    const rest = await refund(order.orderId);
    expect(rest.body.refund).toMatchObject({ status: 'pending', amount: order.total - 1000 });
    // While it is in flight nothing more can be refunded.
    expect((await refund(order.orderId, { amount: 1 })).body.code).toBe('NOTHING_TO_REFUND');
    const done = await paystackRefundEvent(rest.body.refund.id, 'refund.processed');
    expect(done.body.results[0]).toMatchObject({
      outcome: 'refund_succeeded',
      orderStatus: 'refunded',
      paymentStatus: 'refunded',
    });
    expect(await orderStatus(order.orderId)).toBe('refunded');
  });

  it('Paystack refund webhooks (no refund id in them) settle the row of that transaction and amount, recorded id or not', async () => {
    const order = await paidOrder('paystack');
    const first = await refund(order.orderId, { amount: 700 });
    const second = await refund(order.orderId, { amount: 900 });
    const [row] = await t.sql<{ provider_ref: string }>(`SELECT provider_ref FROM refund WHERE id = $1`, [
      second.body.refund.id,
    ]);
    // refund.pending: nothing decided, acknowledged and ignored.
    const pending = await paystackRefundEvent(second.body.refund.id, 'refund.pending');
    expect([pending.status, pending.body.results]).toEqual([200, []]);
    // The webhook may arrive between Paystack's answer and our UPDATE of provider_ref.
    await t.sql(`UPDATE refund SET provider_ref = NULL WHERE id = $1`, [second.body.refund.id]);
    const hook = await deliverPaystack(server.paystackRefundWebhook(row.provider_ref, 'refund.processed'));
    expect(hook.body.results[0]).toMatchObject({
      outcome: 'refund_succeeded',
      orderStatus: 'partially_refunded',
    });
    const rows = await t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM refund WHERE order_id = $1 ORDER BY amount`,
      [order.orderId],
    );
    expect(rows).toEqual([
      { id: first.body.refund.id, status: 'pending' },
      { id: second.body.refund.id, status: 'succeeded' },
    ]);
    // The other refund's webhook is a different event (not a duplicate of the first one).
    const other = await paystackRefundEvent(first.body.refund.id, 'refund.failed');
    expect(other.body.results[0]).toMatchObject({ duplicate: false, outcome: 'refund_failed' });
    // A refund webhook for a transaction that is not ours is acknowledged as unknown.
    const stranger = server.paystackEvent('refund.processed', {
      status: 'processed',
      transaction_reference: 'T_not_ours',
      refund_reference: '1',
      amount: '700',
      currency: 'NGN',
    });
    expect((await deliverPaystack(stranger)).body.results[0].outcome).toBe('unknown_refund');
  });

  it('more than was captured (minus earlier refunds) is 409 and writes nothing', async () => {
    const order = await paidOrder('stripe');
    const over = await refund(order.orderId, { amount: order.total + 1 });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'REFUND_EXCEEDS_CAPTURED',
      details: { requested: order.total + 1, refundable: order.total },
    });
    expect((await refund(order.orderId, { amount: 2000 })).status).toBe(200);
    const second = await refund(order.orderId, { amount: order.total - 1999 });
    expect([second.status, second.body.details.refundable]).toEqual([409, order.total - 2000]);
    expect(await t.sql(`SELECT 1 FROM refund WHERE order_id = $1`, [order.orderId])).toHaveLength(1);
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');
  });

  it('concurrent refunds of one order never exceed the captured amount', async () => {
    const order = await paidOrder('stripe');
    const part = Math.floor(order.total * 0.4);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refund(order.orderId, { amount: part })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409]);
    const [sum] = await t.sql<{ total: string }>(
      `SELECT coalesce(sum(amount), 0) AS total FROM refund WHERE order_id = $1 AND status IN ('pending', 'succeeded')`,
      [order.orderId],
    );
    expect(Number(sum.total)).toBe(2 * part);
    const atStripe = server
      .received('POST', '/v1/refunds')
      .filter((r) => r.body.metadata?.reference === order.reference)
      .reduce((s, r) => s + Number(r.body.amount), 0);
    expect(atStripe).toBe(2 * part);
  });

  it('refund vs shipment: shipping is refused while a full refund is in flight, allowed once it failed', async () => {
    const order = await paidOrder('paystack');
    const full = await refund(order.orderId);
    expect(full.body.refund.status).toBe('pending');
    const ship = await t.http.post(`${ORDERS}/${order.orderId}/ship`, undefined, { token: staff.token });
    expect([ship.status, ship.body.code]).toEqual([409, 'REFUND_IN_PROGRESS']);
    expect(await orderStatus(order.orderId)).toBe('paid');
    const failed = await paystackRefundEvent(full.body.refund.id, 'refund.failed');
    expect(failed.body.results[0].outcome).toBe('refund_failed');
    const shipped = await t.http.post(`${ORDERS}/${order.orderId}/ship`, undefined, { token: staff.token });
    expect([shipped.status, shipped.body.status]).toEqual([200, 'shipped']);
    // A shipped (or delivered) order can still be refunded: a return.
    const ret = await refund(order.orderId, {
      lines: [{ orderLineId: order.lines[1].id, quantity: 1 }],
      restock: true,
    });
    expect(ret.body.refund).toMatchObject({ status: 'pending', amount: 1500 });
    await paystackRefundEvent(ret.body.refund.id, 'refund.processed');
    expect(await orderStatus(order.orderId)).toBe('partially_refunded');
  });

  it('a full refund racing a shipment ends consistent: the shipment refused, or the refund is of a shipped order (no 500, legal history)', async () => {
    for (const provider of ['paystack', 'stripe', 'paystack', 'stripe', 'paystack', 'stripe'] as const) {
      const order = await paidOrder(provider);
      const [refunded, shipped] = await Promise.all([
        refund(order.orderId),
        t.http.post(`${ORDERS}/${order.orderId}/ship`, undefined, { token: staff.token }),
      ]);
      expect(refunded.status).toBe(200);
      const status = await orderStatus(order.orderId);
      const history = await t.sql<{ from_status: string | null; to_status: string }>(
        `SELECT from_status, to_status FROM order_event WHERE order_id = $1 ORDER BY created_at, id`,
        [order.orderId],
      );
      // Every recorded move is legal and starts where the previous one ended.
      history.slice(1).forEach((e, i) => {
        expect(e.from_status).toBe(history[i].to_status);
        expect(canTransition(e.from_status as OrderStatus, e.to_status as OrderStatus)).toBe(true);
      });
      expect(history[history.length - 1].to_status).toBe(status);
      const shippedFirst = shipped.status === 200;
      if (!shippedFirst) {
        // The refund came first: shipping is refused while it is in flight, or illegal once it
        // settled (Stripe may settle before the shipment gets the lock; Paystack never does).
        expect(shipped.status).toBe(409);
        expect(
          provider === 'paystack' ? ['REFUND_IN_PROGRESS'] : ['REFUND_IN_PROGRESS', 'ILLEGAL_TRANSITION'],
        ).toContain(shipped.body.code);
        expect(history.map((e) => e.to_status)).not.toContain('shipped');
      }
      // Stripe settles at once (refunded either way); Paystack's refund is still in flight.
      expect(status).toBe(provider === 'stripe' ? 'refunded' : shippedFirst ? 'shipped' : 'paid');
    }
  });

  it('a partial refund in flight does not block shipping the rest', async () => {
    const order = await paidOrder('paystack');
    expect((await refund(order.orderId, { amount: 500 })).body.refund.status).toBe('pending');
    const shipped = await t.http.post(`${ORDERS}/${order.orderId}/ship`, undefined, { token: staff.token });
    expect(shipped.status).toBe(200);
  });

  it('bad requests: who may refund, unknown or repeated lines, too many units, invalid body', async () => {
    const order = await paidOrder('stripe');
    const customer = await createUser(t, Role.Customer);
    expect((await refund(order.orderId, {}, customer)).status).toBe(403);
    expect((await refund(order.orderId, {}, seller)).status).toBe(403);
    expect((await t.http.post(`${ORDERS}/${order.orderId}/refund`, {})).status).toBe(401);
    expect((await refund('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await refund('not-a-uuid')).status).toBe(400);
    const unknown = await refund(order.orderId, {
      lines: [{ orderLineId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
    });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'REFUND_LINE_UNKNOWN']);
    const dup = await refund(order.orderId, {
      lines: [
        { orderLineId: order.lines[0].id, quantity: 1 },
        { orderLineId: order.lines[0].id, quantity: 1 },
      ],
    });
    expect([dup.status, dup.body.code]).toEqual([400, 'REFUND_LINE_DUPLICATE']);
    const many = await refund(order.orderId, { lines: [{ orderLineId: order.lines[0].id, quantity: 3 }] });
    expect([many.status, many.body.code, many.body.details.refundable]).toEqual([
      409,
      'REFUND_QUANTITY_EXCEEDED',
      2,
    ]);
    for (const body of [
      { amount: 0 },
      { amount: -5 },
      { amount: 1.5 },
      { lines: [] },
      { lines: [{ orderLineId: order.lines[0].id, quantity: 0 }] },
      { restock: 'yes' },
      { extra: 1 },
    ]) {
      const res = await refund(order.orderId, body);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // Bodies that are not an object (a JSON `null` is not "no body": it must not refund everything).
    for (const [raw, type] of [
      ['[]', 'application/json'],
      ['"all"', 'application/json'],
      ['5', 'application/json'],
      ['null', 'application/json'],
      ['amount=5', 'text/plain'],
      ['{"lines": [1]}', 'application/json'],
      ['{"lines": [{"orderLineId": "x", "quantity": 1}]}', 'application/json'],
    ]) {
      const res = await t.http.post(`${ORDERS}/${order.orderId}/refund`, undefined, {
        raw,
        token: staff.token,
        headers: { 'content-type': type },
      });
      expect([raw, res.status, res.body.code]).toEqual([raw, 400, 'VALIDATION_FAILED']);
    }
    expect(await t.sql(`SELECT 1 FROM refund WHERE order_id = $1`, [order.orderId])).toHaveLength(0);
    expect(await orderStatus(order.orderId)).toBe('paid');

    const refunds = (id: string, user?: TestUser) =>
      t.http.get(`${ORDERS}/${id}/refunds`, { token: user?.token });
    expect((await refunds(order.orderId, staff)).body).toEqual([]);
    expect((await refunds(order.orderId, customer)).status).toBe(403);
    expect((await refunds(order.orderId, seller)).status).toBe(403);
    expect((await refunds(order.orderId)).status).toBe(401);
    expect((await refunds('00000000-0000-4000-8000-000000000000', staff)).status).toBe(404);
    expect((await refunds('not-a-uuid', staff)).status).toBe(400);
  });

  it('Stripe down during a refund → 502, the refund row is failed and the money is still refundable', async () => {
    const order = await paidOrder('stripe');
    server.down = true;
    let res;
    try {
      res = await refund(order.orderId, { amount: 1000 });
    } finally {
      server.down = false;
    }
    expect([res.status, res.body.code]).toEqual([502, 'PAYMENT_PROVIDER_ERROR']);
    const [row] = await t.sql<{ status: string }>(`SELECT status FROM refund WHERE order_id = $1`, [
      order.orderId,
    ]);
    expect(row.status).toBe('failed');
    expect(await orderStatus(order.orderId)).toBe('paid');
    const retry = await refund(order.orderId, { amount: order.total });
    expect([retry.status, retry.body.order.status]).toEqual([200, 'refunded']);
  });

  it('a payment arriving for a cancelled order is refunded automatically through a refund row', async () => {
    const user = await createUser(t, Role.Customer);
    await addToCart(t, user, { productId: mat.id, quantity: 1 });
    const res = await checkout(t, user, { provider: 'stripe' });
    const reference = res.body.payment.reference;
    expect(
      (await t.http.post(`${ORDERS}/${res.body.order.id}/cancel`, undefined, { token: user.token })).status,
    ).toBe(200);
    const [p] = await t.sql<{ provider_ref: string }>(
      `SELECT provider_ref FROM payment WHERE reference = $1`,
      [reference],
    );
    const payload = server.stripeEvent('checkout.session.completed', server.completeSession(p.provider_ref));
    const hook = await t.http.post('/api/v1/payments/webhooks/stripe', undefined, {
      raw: payload,
      headers: { 'stripe-signature': server.signStripe(payload) },
    });
    expect(hook.body.results[0].outcome).toBe('order_not_payable');
    const rows = await t.sql<{ status: string; amount: string; created_by: string | null; reason: string }>(
      `SELECT status, amount, created_by, reason FROM refund WHERE order_id = $1`,
      [res.body.order.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'succeeded',
      created_by: null,
      amount: String(res.body.order.total),
    });
    expect(rows[0].reason).toContain('cancelled');
    expect((await t.http.get(`/api/v1/payments/${reference}`)).body.status).toBe('refunded');
    expect(await orderStatus(res.body.order.id)).toBe('cancelled');
  });
});
