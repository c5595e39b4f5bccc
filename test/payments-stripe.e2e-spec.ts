import { Role } from '../src/accounts/role';
import { createProduct, stockOf, TestProduct } from './support/catalog-factories';
import { addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { PaymentProviderServer } from './support/payment-provider-server';
import { createTestApp, TestApp } from './support/test-app';

const WEBHOOK = '/api/v1/payments/webhooks/stripe';

describe('payments: Stripe Checkout', () => {
  let server: PaymentProviderServer;
  let t: TestApp;
  let hat: TestProduct;

  beforeAll(async () => {
    server = await new PaymentProviderServer().start();
    t = await createTestApp('payments-stripe', { ...server.env(), ORDER_TTL_MINUTES: '20' });
    hat = await createProduct(t, { name: 'Hat', price: 1000, stock: 100 });
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  const deliver = (payload: string, signature?: string) =>
    t.http.post(WEBHOOK, undefined, {
      raw: payload,
      headers: signature === undefined ? {} : { 'stripe-signature': signature },
    });

  /** A new shopper (checkout cancels a shopper's older pending orders) with `quantity` hats checked out through Stripe. */
  async function stripeOrder(quantity = 2, key?: string) {
    const user = await createUser(t, Role.Customer);
    await addToCart(t, user, { productId: hat.id, quantity });
    const res = await checkout(t, user, { provider: 'stripe', key });
    return { user, res };
  }

  async function placed(quantity = 2) {
    const { user, res } = await stripeOrder(quantity);
    expect(res.status).toBe(201);
    const reference: string = res.body.payment.reference;
    const [pay] = await t.sql<{ provider_ref: string }>(
      `SELECT provider_ref FROM payment WHERE reference = $1`,
      [reference],
    );
    return { user, order: res.body.order, reference, sessionId: pay.provider_ref };
  }

  const orderStatus = async (id: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [id]))[0].status;
  const paymentStatus = async (reference: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM payment WHERE reference = $1`, [reference]))[0]
      .status;

  it('lists the enabled providers for storefronts (public)', async () => {
    const res = await t.http.get('/api/v1/payments/providers');
    expect(res.status).toBe(200);
    expect(res.body.providers.sort()).toEqual(['fake', 'paystack', 'stripe']);
  });

  it('full flow: checkout opens a session for the order amount; a signed checkout.session.completed pays it', async () => {
    const { user, order, reference, sessionId } = await placed(2);
    const [call] = server
      .received('POST', '/v1/checkout/sessions')
      .filter((r) => r.body.metadata?.reference === reference);
    expect(call.body).toMatchObject({
      mode: 'payment',
      client_reference_id: order.id,
      customer_email: user.email,
      metadata: { reference, order_number: order.number },
    });
    expect(call.body.success_url).toContain(`reference=${reference}`);
    expect(call.body.cancel_url).toContain(`reference=${reference}`);
    expect(call.headers['idempotency-key']).toContain(reference);
    // One line per order line plus shipping, adding up to the order total.
    const items = call.body.line_items as {
      quantity: string;
      price_data: { unit_amount: string; product_data: { name: string } };
    }[];
    expect(
      items.map((i) => [
        i.price_data.product_data.name,
        Number(i.price_data.unit_amount),
        Number(i.quantity),
      ]),
    ).toEqual([
      ['Hat', 1000, 2],
      ['Shipping', order.shippingFee, 1],
    ]);
    expect(items.reduce((s, i) => s + Number(i.price_data.unit_amount) * Number(i.quantity), 0)).toBe(
      order.total,
    );
    // ORDER_TTL_MINUTES=20 is under Stripe's 30-minute minimum: the session is asked to live 30 (+1) minutes.
    const ttl = Number(call.body.expires_at) - Math.floor(Date.now() / 1000);
    expect(ttl).toBeGreaterThan(30 * 60);
    expect(ttl).toBeLessThanOrEqual(31 * 60 + 5);

    const session = server.completeSession(sessionId);
    const payload = server.stripeEvent('checkout.session.completed', session);
    const res = await deliver(payload, server.signStripe(payload));
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        outcome: 'paid',
        paymentStatus: 'succeeded',
        orderStatus: 'paid',
        duplicate: false,
      }),
    ]);
    expect(await orderStatus(order.id)).toBe('paid');
    expect((await t.http.get(`/api/v1/payments/${reference}`)).body).toMatchObject({
      status: 'succeeded',
      amount: order.total,
      orderNumber: order.number,
    });
  });

  it('the same event delivered 5 times at once makes one transition', async () => {
    const { order, sessionId } = await placed(1);
    const payload = server.stripeEvent('checkout.session.completed', server.completeSession(sessionId));
    const signature = server.signStripe(payload);
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(payload, signature)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = results.map((r) => r.body.results[0].outcome).sort();
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'paid']);
    const events = await t.sql(`SELECT 1 FROM order_event WHERE order_id = $1 AND to_status = 'paid'`, [
      order.id,
    ]);
    expect(events).toHaveLength(1);
  });

  it('a forged or missing signature is 400 and changes nothing', async () => {
    const { order, reference, sessionId } = await placed(1);
    const payload = server.stripeEvent('checkout.session.completed', server.completeSession(sessionId));
    const forged = await deliver(payload, server.signStripe(payload, 'whsec_someone_else'));
    expect([forged.status, forged.body.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    const missing = await deliver(payload);
    expect([missing.status, missing.body.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    const garbage = await deliver(payload, 't=1,v1=deadbeef');
    expect(garbage.status).toBe(400);
    expect(await orderStatus(order.id)).toBe('pending');
    expect(await paymentStatus(reference)).toBe('pending');
    expect(await t.sql(`SELECT 1 FROM payment_event WHERE reference = $1`, [reference])).toHaveLength(0);
  });

  it('a body re-serialised after signing is 400', async () => {
    const { order, sessionId } = await placed(1);
    const payload = server.stripeEvent('checkout.session.completed', server.completeSession(sessionId));
    const signature = server.signStripe(payload);
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2);
    const res = await deliver(reserialised, signature);
    expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    expect(await orderStatus(order.id)).toBe('pending');
  });

  it('an amount or currency that differs from the order fails the payment; the order stays pending', async () => {
    for (const change of [{ amount_total: 1 }, { currency: 'eur' }]) {
      const { order, reference, sessionId } = await placed(1);
      const session = { ...server.completeSession(sessionId), ...change };
      const payload = server.stripeEvent('checkout.session.completed', session);
      const res = await deliver(payload, server.signStripe(payload));
      expect(res.body.results[0]).toMatchObject({ outcome: 'amount_mismatch', paymentStatus: 'failed' });
      expect(await orderStatus(order.id)).toBe('pending');
      expect(await paymentStatus(reference)).toBe('failed');
    }
  });

  it('checkout.session.expired expires the order and puts its stock back', async () => {
    const before = await stockOf(t, hat.variant.id);
    const { order, reference, sessionId } = await placed(3);
    expect(await stockOf(t, hat.variant.id)).toBe(before - 3);
    const session = { ...server.sessions.get(sessionId)!, status: 'expired' };
    const payload = server.stripeEvent('checkout.session.expired', session);
    const res = await deliver(payload, server.signStripe(payload));
    expect(res.body.results[0]).toMatchObject({ outcome: 'order_expired', orderStatus: 'expired' });
    expect(await orderStatus(order.id)).toBe('expired');
    expect(await paymentStatus(reference)).toBe('failed');
    expect(await stockOf(t, hat.variant.id)).toBe(before);
  });

  it('an asynchronous payment: completed unpaid waits, async_payment_failed fails it, the order stays pending', async () => {
    const { order, reference, sessionId } = await placed(1);
    const completed = server.stripeEvent(
      'checkout.session.completed',
      server.completeSession(sessionId, 'unpaid'),
    );
    const first = await deliver(completed, server.signStripe(completed));
    expect([first.status, first.body.results]).toEqual([200, []]);
    expect(await paymentStatus(reference)).toBe('pending');
    const failed = server.stripeEvent(
      'checkout.session.async_payment_failed',
      server.sessions.get(sessionId)!,
    );
    const res = await deliver(failed, server.signStripe(failed));
    expect(res.body.results[0]).toMatchObject({ outcome: 'payment_failed', paymentStatus: 'failed' });
    expect(await orderStatus(order.id)).toBe('pending');
  });

  it('an asynchronous payment that succeeds later pays the order', async () => {
    const { order, sessionId } = await placed(1);
    server.completeSession(sessionId, 'unpaid');
    const session = { ...server.sessions.get(sessionId)!, payment_status: 'paid' };
    const payload = server.stripeEvent('checkout.session.async_payment_succeeded', session);
    const res = await deliver(payload, server.signStripe(payload));
    expect(res.body.results[0].outcome).toBe('paid');
    expect(await orderStatus(order.id)).toBe('paid');
  });

  it('unknown event types are acknowledged and ignored', async () => {
    const payload = server.stripeEvent('customer.created', { id: 'cus_1', object: 'customer' });
    const res = await deliver(payload, server.signStripe(payload));
    expect([res.status, res.body]).toEqual([200, { received: true, results: [] }]);
  });

  it('the success page verifies a pending payment with Stripe, without the webhook', async () => {
    const { order, reference, sessionId } = await placed(1);
    expect((await t.http.get(`/api/v1/payments/${reference}`)).body.status).toBe('pending');
    server.completeSession(sessionId);
    const res = await t.http.get(`/api/v1/payments/${reference}`);
    expect([res.status, res.body.status]).toEqual([200, 'succeeded']);
    expect(await orderStatus(order.id)).toBe('paid');
    // The webhook arriving afterwards changes nothing.
    const payload = server.stripeEvent('checkout.session.completed', server.sessions.get(sessionId)!);
    expect((await deliver(payload, server.signStripe(payload))).body.results[0].outcome).toBe(
      'already_applied',
    );
  });

  it('Stripe down at checkout → 502 PAYMENT_PROVIDER_ERROR, order kept pending; a retry with the same Idempotency-Key opens the session', async () => {
    server.down = true;
    let first;
    let user: TestUser;
    try {
      ({ user, res: first } = await stripeOrder(1, 'retry-key-1'));
    } finally {
      server.down = false;
    }
    expect(first.status).toBe(502);
    expect(first.body).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', statusCode: 502 });
    expect(first.body.message).toMatch(/stripe/i);
    const [pending] = await t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM "order" WHERE user_id = $1`,
      [user.id],
    );
    expect(pending.status).toBe('pending');
    const retry = await checkout(t, user, { provider: 'stripe', key: 'retry-key-1' });
    expect(retry.status).toBe(201);
    expect(retry.body.order.id).toBe(pending.id);
    expect(retry.body.payment.redirectUrl).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    expect(await t.sql(`SELECT 1 FROM "order" WHERE user_id = $1`, [user.id])).toHaveLength(1);
  });

  it('webhook routes are documented with their raw body and signature header', async () => {
    const doc = (await t.http.get('/docs-json')).body;
    const stripe = doc.paths['/api/v1/payments/webhooks/stripe'].post;
    expect(stripe.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Stripe-Signature', in: 'header', required: true }),
      ]),
    );
    expect(stripe.requestBody.description).toMatch(/raw bytes/);
    expect(Object.keys(stripe.responses)).toEqual(expect.arrayContaining(['200', '400']));
    const paystack = doc.paths['/api/v1/payments/webhooks/paystack'].post;
    expect(paystack.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'x-paystack-signature', required: true })]),
    );
    const refund = doc.paths['/api/v1/orders/{id}/refund'].post;
    expect(Object.keys(refund.responses)).toEqual(
      expect.arrayContaining(['200', '400', '403', '404', '409', '502']),
    );
    const body = refund.requestBody.content['application/json'].schema.$ref.split('/').pop();
    expect(Object.keys(doc.components.schemas[body].properties).sort()).toEqual([
      'amount',
      'lines',
      'reason',
      'restock',
    ]);
    expect(refund.responses['409'].description).toMatch(/REFUND_EXCEEDS_CAPTURED/);
    expect(refund.responses['502'].description).toMatch(/PAYMENT_PROVIDER_ERROR/);
    const checkoutDoc = doc.paths['/api/v1/checkout'].post;
    expect(checkoutDoc.responses['502'].description).toMatch(/PAYMENT_PROVIDER_ERROR/);
  });
});
