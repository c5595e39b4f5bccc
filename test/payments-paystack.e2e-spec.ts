import { Role } from '../src/accounts/role';
import { OrderExpiryService } from '../src/orders/order-expiry.service';
import { PendingPaymentsSweep } from '../src/payment/pending-payments-sweep.service';
import { createProduct, stockOf, TestProduct } from './support/catalog-factories';
import { addToCart, checkout } from './support/checkout-helpers';
import { createUser } from './support/factories';
import { PaymentProviderServer } from './support/payment-provider-server';
import { createTestApp, TestApp } from './support/test-app';

const WEBHOOK = '/api/v1/payments/webhooks/paystack';

describe('payments: Paystack', () => {
  let server: PaymentProviderServer;
  let t: TestApp;
  let cloth: TestProduct;

  beforeAll(async () => {
    server = await new PaymentProviderServer().start();
    t = await createTestApp('payments-paystack', server.env());
    cloth = await createProduct(t, { name: 'Ankara cloth', price: 2500, stock: 100 });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const deliver = (payload: string, signature?: string) =>
    t.http.post(WEBHOOK, undefined, {
      raw: payload,
      headers: signature === undefined ? {} : { 'x-paystack-signature': signature },
    });

  async function placed(quantity = 1, key?: string) {
    const user = await createUser(t, Role.Customer);
    await addToCart(t, user, { productId: cloth.id, quantity });
    const res = await checkout(t, user, { provider: 'paystack', key });
    return { user, res, order: res.body.order, reference: res.body.payment?.reference as string };
  }

  const orderStatus = async (id: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [id]))[0].status;
  const paymentStatus = async (reference: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM payment WHERE reference = $1`, [reference]))[0]
      .status;

  it('full flow: initialize with our reference and amount in minor units → hosted page → signed charge.success pays', async () => {
    const { user, res, order, reference } = await placed(2);
    expect(res.status).toBe(201);
    const [init] = server
      .received('POST', '/transaction/initialize')
      .filter((r) => r.body.reference === reference);
    expect(init.headers.authorization).toBe(`Bearer ${server.env().PAYSTACK_SECRET_KEY}`);
    expect(init.body).toMatchObject({
      reference,
      amount: order.total,
      currency: order.currency,
      email: user.email,
      metadata: { order_id: order.id, order_number: order.number },
    });
    expect(init.body.callback_url).toContain(`reference=${reference}`);
    expect(res.body.payment.redirectUrl).toBe(
      `https://checkout.paystack.test/${server.transactions.get(reference)!.access_code}`,
    );

    const tx = server.payTransaction(reference);
    const payload = server.paystackEvent('charge.success', tx);
    const paid = await deliver(payload, server.signPaystack(payload));
    expect(paid.status).toBe(200);
    expect(paid.body.results[0]).toMatchObject({ outcome: 'paid', orderStatus: 'paid' });
    expect(await orderStatus(order.id)).toBe('paid');
    // Redelivered: acknowledged, nothing changes.
    const again = await deliver(payload, server.signPaystack(payload));
    expect(again.body.results[0]).toMatchObject({ duplicate: true, outcome: 'duplicate' });
  });

  it('a forged, missing or re-serialised signature is 400 and changes nothing', async () => {
    const { order, reference } = await placed();
    const payload = server.paystackEvent('charge.success', server.payTransaction(reference));
    for (const [body, sig] of [
      [payload, server.signPaystack(payload, 'sk_test_wrong')],
      [payload, undefined],
      [payload, 'not-hex'],
      [JSON.stringify(JSON.parse(payload), null, 1), server.signPaystack(payload)],
    ] as const) {
      const res = await deliver(body, sig);
      expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    }
    expect(await orderStatus(order.id)).toBe('pending');
    expect(await t.sql(`SELECT 1 FROM payment_event WHERE reference = $1`, [reference])).toHaveLength(0);
  });

  it('an amount or currency in the event that differs from the order fails the payment', async () => {
    for (const change of [{ amount: 100 }, { currency: 'GHS' }]) {
      const { order, reference } = await placed();
      const tx = { ...server.payTransaction(reference), ...change };
      const payload = server.paystackEvent('charge.success', tx);
      const res = await deliver(payload, server.signPaystack(payload));
      expect(res.body.results[0]).toMatchObject({ outcome: 'amount_mismatch', paymentStatus: 'failed' });
      expect(await orderStatus(order.id)).toBe('pending');
    }
  });

  it('charge.failed fails the payment; the order stays pending', async () => {
    const { order, reference } = await placed();
    const payload = server.paystackEvent('charge.failed', {
      ...server.payTransaction(reference, 'failed'),
      gateway_response: 'Insufficient funds',
    });
    const res = await deliver(payload, server.signPaystack(payload));
    expect(res.body.results[0]).toMatchObject({ outcome: 'payment_failed', paymentStatus: 'failed' });
    expect(await orderStatus(order.id)).toBe('pending');
    const [row] = await t.sql<{ failure_reason: string }>(
      `SELECT failure_reason FROM payment WHERE reference = $1`,
      [reference],
    );
    expect(row.failure_reason).toContain('Insufficient funds');
  });

  it('the success page verifies with GET /transaction/verify, without any webhook; the late webhook is a duplicate', async () => {
    const { order, reference } = await placed();
    expect((await t.http.get(`/api/v1/payments/${reference}`)).body.status).toBe('pending');
    const tx = server.payTransaction(reference);
    const res = await t.http.get(`/api/v1/payments/${reference}`);
    expect([res.status, res.body.status]).toEqual([200, 'succeeded']);
    expect(server.received('GET', `/transaction/verify/${reference}`).length).toBeGreaterThanOrEqual(2);
    expect(await orderStatus(order.id)).toBe('paid');
    const payload = server.paystackEvent('charge.success', tx);
    expect((await deliver(payload, server.signPaystack(payload))).body.results[0].outcome).toBe('duplicate');
  });

  it('the sweep verifies payments pending for more than a few minutes (a lost webhook)', async () => {
    const fresh = await placed();
    const stale = await placed();
    await t.sql(`UPDATE payment SET created_at = now() - interval '10 minutes' WHERE reference = $1`, [
      stale.reference,
    ]);
    server.payTransaction(fresh.reference);
    server.payTransaction(stale.reference);
    const outcomes = await t.app.get(PendingPaymentsSweep).sweep();
    expect(outcomes).toContain('paid');
    expect(await paymentStatus(stale.reference)).toBe('succeeded');
    expect(await orderStatus(stale.order.id)).toBe('paid');
    // Too recent to be asked about by the sweep.
    expect(await paymentStatus(fresh.reference)).toBe('pending');
  });

  it('Paystack down at checkout → 502; a retry with the same Idempotency-Key opens the session', async () => {
    server.down = true;
    let first;
    try {
      first = await placed(1, 'paystack-retry');
    } finally {
      server.down = false;
    }
    expect([first.res.status, first.res.body.code]).toEqual([502, 'PAYMENT_PROVIDER_ERROR']);
    const retry = await checkout(t, first.user, { provider: 'paystack', key: 'paystack-retry' });
    expect(retry.status).toBe(201);
    expect(retry.body.payment.redirectUrl).toMatch(/^https:\/\/checkout\.paystack\.test\//);
    expect(await orderStatus(retry.body.order.id)).toBe('pending');
  });

  it('Paystack down and never retried: the order keeps its stock only until ORDER_TTL_MINUTES', async () => {
    // Its own product: the expiry below also expires the other tests' pending orders.
    const kente = await createProduct(t, { name: 'Kente', price: 4000, stock: 10 });
    const user = await createUser(t, Role.Customer);
    await addToCart(t, user, { productId: kente.id, quantity: 3 });
    server.down = true;
    let res;
    try {
      res = await checkout(t, user, { provider: 'paystack', key: 'paystack-never-retried' });
    } finally {
      server.down = false;
    }
    const first = { user, res };
    expect([first.res.status, first.res.body.code]).toEqual([502, 'PAYMENT_PROVIDER_ERROR']);
    const [order] = await t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM "order" WHERE user_id = $1`,
      [first.user.id],
    );
    expect(order.status).toBe('pending');
    expect(await stockOf(t, kente.variant.id)).toBe(7);
    const [payment] = await t.sql<{ status: string; redirect_url: string | null; failure_reason: string }>(
      `SELECT status, redirect_url, failure_reason FROM payment WHERE order_id = $1`,
      [order.id],
    );
    expect(payment).toMatchObject({ status: 'pending', redirect_url: null });
    expect(payment.failure_reason).toMatch(/paystack/i);
    // The expiry job, one minute past the TTL (30 minutes by default).
    await t.app.get(OrderExpiryService).expireDue(new Date(Date.now() + 31 * 60_000));
    expect(await orderStatus(order.id)).toBe('expired');
    expect(await stockOf(t, kente.variant.id)).toBe(10);
    expect(
      (await t.sql<{ status: string }>(`SELECT status FROM payment WHERE order_id = $1`, [order.id]))[0]
        .status,
    ).toBe('cancelled');
    // A retry after that replays the expired order and opens no session for it.
    const initCalls = () =>
      server.received('POST', '/transaction/initialize').filter((r) => r.body.metadata?.order_id === order.id)
        .length;
    const calls = initCalls();
    const late = await checkout(t, first.user, { provider: 'paystack', key: 'paystack-never-retried' });
    expect([late.status, late.body.order.status, late.body.payment.status]).toEqual([
      201,
      'expired',
      'cancelled',
    ]);
    expect(initCalls()).toBe(calls);
  });

  it('unknown Paystack event types are acknowledged and ignored', async () => {
    const payload = server.paystackEvent('transfer.success', { reference: 'TRF_1', amount: 100 });
    const res = await deliver(payload, server.signPaystack(payload));
    expect([res.status, res.body]).toEqual([200, { received: true, results: [] }]);
  });

  it('a provider that is not configured is refused at checkout and its webhook route is 404', async () => {
    const other = await createTestApp('payments-unconfigured', { THROTTLE_PAYMENT_STATUS_PER_MINUTE: '2' });
    try {
      expect((await other.http.get('/api/v1/payments/providers')).body.providers).toEqual(['fake']);
      const user = await createUser(other, Role.Customer);
      const res = await checkout(other, user, { provider: 'paystack' });
      expect([res.status, res.body.code]).toEqual([400, 'PAYMENT_PROVIDER_UNAVAILABLE']);
      expect((await other.http.post(WEBHOOK, { event: 'charge.success' })).status).toBe(404);
      // The public status route (it may call the provider) is rate limited per IP.
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await other.http.get('/api/v1/payments/pay_unknown')).status);
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await other.close();
    }
  });
});
