import { Role } from '../src/accounts/role';
import { createProduct, setStock, soldCountOf, stockOf, TestProduct } from './support/catalog-factories';
import { ADDRESS, addToCart, checkout, payFail, paySucceed, placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('checkout and fake payments', () => {
  let t: TestApp;
  let seller: TestUser;
  let gift: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('checkout');
    seller = await createUser(t, Role.Seller);
    gift = await createProduct(t, {
      seller,
      name: 'Engraved Bottle',
      price: 1500,
      discountPercent: 10,
      stock: 10,
      customizationOptions: [{ name: 'inscription', type: 'text', required: true, maxLength: 30 }],
    });
  });
  afterAll(() => t.close());

  const ordersOf = async (userId: string) =>
    t.sql<{ id: string; status: string }>(
      `SELECT id, status FROM "order" WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );

  it('guest cart with two inscriptions → login merge → checkout → fake payment → paid, stock down, cart empty', async () => {
    // A guest adds the same product twice with different inscriptions: two lines.
    const first = await t.http.get('/api/v1/cart');
    const token = first.headers['x-cart-token'] as string;
    const guest = { headers: { 'x-cart-token': token } };
    await t.http.post(
      '/api/v1/cart/items',
      { productId: gift.id, quantity: 2, customizations: { inscription: 'For Ada' } },
      guest,
    );
    const guestCart = await t.http.post(
      '/api/v1/cart/items',
      { productId: gift.id, quantity: 1, customizations: { inscription: 'For Grace' } },
      guest,
    );
    expect(guestCart.body.items).toHaveLength(2);

    // Registering (a login works the same way) with the guest token merges it into the new account's cart.
    const email = `merge-${Date.now()}@example.test`;
    const registered = await t.http.post(
      '/api/v1/auth/register',
      { email, password: 'correct-horse-9', name: 'Ada Buyer' },
      guest,
    );
    expect(registered.status).toBe(201);
    const buyer: TestUser = {
      id: registered.body.user.id,
      email,
      name: 'Ada Buyer',
      role: Role.Customer,
      token: registered.body.accessToken,
    };
    const userCart = await t.http.get('/api/v1/cart', { token: buyer.token });
    expect(userCart.body.items.map((i: { quantity: number }) => i.quantity)).toEqual([2, 1]);

    const res = await checkout(t, buyer);
    expect(res.status).toBe(201);
    const { order, payment } = res.body;
    expect(order).toMatchObject({
      number: expect.stringMatching(/^BZ-\d{6}$/),
      status: 'pending',
      subtotal: 3 * 1350,
      shippingFee: 500,
      total: 3 * 1350 + 500,
      currency: 'USD',
      itemCount: 3,
      email: buyer.email,
      userId: buyer.id,
      provider: 'fake',
      partial: false,
      shippingAddress: ADDRESS,
    });
    expect(order.items).toHaveLength(2);
    expect(
      order.items.map((i: { customizations: object; quantity: number }) => [i.customizations, i.quantity]),
    ).toEqual([
      [{ inscription: 'For Ada' }, 2],
      [{ inscription: 'For Grace' }, 1],
    ]);
    expect(order.items[0]).toMatchObject({
      productId: gift.id,
      variantId: gift.variant.id,
      sellerId: seller.id,
      name: 'Engraved Bottle',
      sku: gift.variant.sku,
      variantOptions: {},
      listPrice: 1500,
      discountPercent: 10,
      unitPrice: 1350,
      lineTotal: 2700,
    });
    expect(order.history).toEqual([
      {
        from: null,
        to: 'pending',
        actor: { kind: 'customer', id: buyer.id },
        note: null,
        at: expect.any(String),
      },
    ]);
    expect(payment).toEqual({
      provider: 'fake',
      reference: expect.stringMatching(/^pay_[A-Za-z0-9_-]{16}$/),
      redirectUrl: `http://shop.test/api/v1/payments/fake/${payment.reference}`,
      status: 'pending',
    });
    // Stock is reserved at checkout; the cart is empty.
    expect(await stockOf(t, gift.variant.id)).toBe(7);
    expect((await t.http.get('/api/v1/cart', { token: buyer.token })).body.items).toEqual([]);

    // The fake provider's page, as JSON and as HTML.
    const page = await t.http.get(`/api/v1/payments/fake/${payment.reference}`);
    expect(page.body).toEqual({
      reference: payment.reference,
      status: 'pending',
      amount: order.total,
      currency: 'USD',
      orderNumber: order.number,
    });
    const html = await t.http.get(`/api/v1/payments/fake/${payment.reference}`, {
      headers: { accept: 'text/html' },
    });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain(order.number);
    expect(html.text).toContain('$45.50');

    const soldBefore = await soldCountOf(t, gift.id);
    const paid = await paySucceed(t, payment.reference);
    expect(paid.status).toBe(200);
    expect(paid.body).toEqual({
      received: true,
      duplicate: false,
      outcome: 'paid',
      paymentStatus: 'succeeded',
      orderStatus: 'paid',
    });

    const after = await t.http.get(`/api/v1/orders/${order.id}`, { token: buyer.token });
    expect(after.body.status).toBe('paid');
    expect(after.body.paidAt).not.toBeNull();
    expect(
      after.body.history.map((h: { to: string; actor: { kind: string } }) => [h.to, h.actor.kind]),
    ).toEqual([
      ['pending', 'customer'],
      ['paid', 'provider'],
    ]);
    expect(await soldCountOf(t, gift.id)).toBe(soldBefore + 3);
    expect(await stockOf(t, gift.variant.id)).toBe(7);
    const status = await t.http.get(`/api/v1/payments/${payment.reference}`);
    expect(status.body).toEqual({
      reference: payment.reference,
      status: 'succeeded',
      amount: order.total,
      currency: 'USD',
      orderNumber: order.number,
    });

    // The same event again: acknowledged, nothing changes.
    const replay = await paySucceed(t, payment.reference);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ received: true, duplicate: true, outcome: 'duplicate' });
    // Even as a new event id for an already-paid payment: nothing changes.
    const again = await paySucceed(t, payment.reference, { eventId: 'another-delivery' });
    expect(again.body).toMatchObject({ duplicate: false, outcome: 'already_applied' });
    expect(await soldCountOf(t, gift.id)).toBe(soldBefore + 3);
    const events = await t.sql(`SELECT 1 FROM order_event WHERE order_id = $1`, [order.id]);
    expect(events).toHaveLength(2);
  });

  it('snapshots lines: later catalog edits do not change the order', async () => {
    const buyer = await createUser(t);
    const lamp = await createProduct(t, { seller, name: 'Lamp', price: 6000, stock: 3 });
    const { order } = await placeOrder(t, buyer, [{ productId: lamp.id, quantity: 1 }]);
    expect(order.total).toBe(6000); // free shipping from 5000
    await t.sql(`UPDATE product SET name = 'Renamed', price = 9000 WHERE id = $1`, [lamp.id]);
    const res = await t.http.get(`/api/v1/orders/${order.id}`, { token: buyer.token });
    expect(res.body).toMatchObject({ subtotal: 6000, shippingFee: 0, total: 6000 });
    expect(res.body.items[0]).toMatchObject({ name: 'Lamp', unitPrice: 6000 });
  });

  it('refuses an empty cart (400) and anonymous callers (401)', async () => {
    const buyer = await createUser(t);
    const none = await checkout(t, buyer);
    expect([none.status, none.body.code, none.body.message]).toEqual([
      400,
      'CART_EMPTY',
      'Your cart is empty',
    ]);
    await addToCart(t, buyer, { productId: gift.id, quantity: 1, customizations: { inscription: 'x' } });
    await t.http.delete('/api/v1/cart', { token: buyer.token });
    expect((await checkout(t, buyer)).body.code).toBe('CART_EMPTY');
    expect(
      (await t.http.post('/api/v1/checkout', { shippingAddress: ADDRESS, provider: 'fake' })).status,
    ).toBe(401);
  });

  it('validates the address and the provider (400 naming the field)', async () => {
    const buyer = await createUser(t);
    await addToCart(t, buyer, { productId: gift.id, quantity: 1, customizations: { inscription: 'x' } });
    const { city: _city, ...noCity } = ADDRESS;
    const cases: [object, string][] = [
      [{ shippingAddress: noCity, provider: 'fake' }, 'shippingAddress.city'],
      [{ shippingAddress: { ...ADDRESS, email: 'nope' }, provider: 'fake' }, 'shippingAddress.email'],
      [{ shippingAddress: { ...ADDRESS, phone: 'call me' }, provider: 'fake' }, 'shippingAddress.phone'],
      [{ shippingAddress: { ...ADDRESS, country: 'Nigeria' }, provider: 'fake' }, 'shippingAddress.country'],
      [{ shippingAddress: { ...ADDRESS, extra: 1 }, provider: 'fake' }, 'shippingAddress.extra'],
      [{ shippingAddress: ADDRESS }, 'provider'],
      [{ provider: 'fake' }, 'shippingAddress'],
      [{ shippingAddress: ADDRESS, provider: 'fake', total: 1 }, 'total'],
    ];
    for (const [body, field] of cases) {
      const res = await checkout(t, buyer, { body });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const unknown = await checkout(t, buyer, { provider: 'bitcoin' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      details: { field: 'provider', available: ['fake'] },
    });
    expect(unknown.body.message).toContain('"bitcoin"');
    const stripe = await checkout(t, buyer, { provider: 'stripe' });
    expect([stripe.status, stripe.body.code]).toEqual([400, 'PAYMENT_PROVIDER_UNAVAILABLE']);
    expect(await ordersOf(buyer.id)).toEqual([]);
  });

  it('a line now short of stock → 409 naming it, and nothing changed', async () => {
    const buyer = await createUser(t);
    const a = await createProduct(t, { seller, name: 'Alpha', price: 100, stock: 5 });
    const b = await createProduct(t, { seller, name: 'Bravo', price: 100, stock: 5 });
    const earlier = await placeOrder(t, buyer, [{ productId: a.id, quantity: 1 }]);
    await addToCart(t, buyer, { productId: a.id, quantity: 2 });
    await addToCart(t, buyer, { productId: b.id, quantity: 3 });
    await setStock(t, b.variant.id, 2);

    const res = await checkout(t, buyer);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      message: 'Only 2 left of Bravo',
      details: { productId: b.id, variantId: b.variant.id, productName: 'Bravo', available: 2, requested: 3 },
    });
    expect(await stockOf(t, a.variant.id)).toBe(4); // only the earlier order's unit
    expect(await stockOf(t, b.variant.id)).toBe(2);
    expect((await t.http.get('/api/v1/cart', { token: buyer.token })).body.itemCount).toBe(5);
    expect(await ordersOf(buyer.id)).toEqual([{ id: earlier.order.id, status: 'pending' }]);

    await setStock(t, b.variant.id, 0);
    const out = await checkout(t, buyer);
    expect([out.status, out.body.message]).toEqual([409, 'Bravo is out of stock']);
  });

  it('a product that became unavailable → 409 naming it', async () => {
    const buyer = await createUser(t);
    const p = await createProduct(t, { seller, name: 'Retired Kettle', price: 100, stock: 5 });
    await addToCart(t, buyer, { productId: p.id, quantity: 1 });
    await t.sql(`UPDATE product SET archived = true WHERE id = $1`, [p.id]);
    const res = await checkout(t, buyer);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'PRODUCT_UNAVAILABLE',
      message: expect.stringContaining('Retired Kettle'),
    });
  });

  it('customisation options that changed since the line was added → 409 naming the product and option', async () => {
    const buyer = await createUser(t);
    const p = await createProduct(t, {
      seller,
      name: 'Card',
      price: 100,
      stock: 5,
      customizationOptions: [],
    });
    await addToCart(t, buyer, { productId: p.id, quantity: 1 });
    await t.sql(`UPDATE product SET customization_options = $2::jsonb WHERE id = $1`, [
      p.id,
      JSON.stringify([{ name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] }]),
    ]);
    const res = await checkout(t, buyer);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'CART_LINE_INVALID',
      message: 'Card: Customization "recipient" is required',
      details: { option: 'recipient' },
    });
  });

  it("cancels the buyer's older pending orders and releases their stock in the same pass", async () => {
    const buyer = await createUser(t);
    const p = await createProduct(t, { seller, name: 'Scarf', price: 100, stock: 3 });
    const older = await placeOrder(t, buyer, [{ productId: p.id, quantity: 2 }]);
    expect(await stockOf(t, p.variant.id)).toBe(1);
    await addToCart(t, buyer, { productId: p.id, quantity: 1 });
    // Someone else bought the last free unit meanwhile: this checkout succeeds only because the
    // older order's two units come back in the same transaction (0 + 2 - 1).
    await setStock(t, p.variant.id, 0);
    const res = await checkout(t, buyer);
    expect(res.status).toBe(201);
    expect(res.body.order.status).toBe('pending');
    expect(await stockOf(t, p.variant.id)).toBe(1);
    const was = await t.http.get(`/api/v1/orders/${older.order.id}`, { token: buyer.token });
    expect(was.body.status).toBe('cancelled');
    expect(was.body.history.at(-1)).toMatchObject({
      from: 'pending',
      to: 'cancelled',
      actor: { kind: 'customer', id: buyer.id },
      note: 'Replaced by a newer checkout',
    });
    expect((await t.http.get(`/api/v1/payments/${older.payment.reference}`)).body.status).toBe('cancelled');
    expect((await ordersOf(buyer.id)).map((o) => o.status)).toEqual(['cancelled', 'pending']);
    // Paying the cancelled order's session later: money recorded for a refund, the order does not move.
    const late = await paySucceed(t, older.payment.reference);
    expect(late.body).toMatchObject({
      outcome: 'order_not_payable',
      paymentStatus: 'succeeded',
      orderStatus: 'cancelled',
    });
    expect(await stockOf(t, p.variant.id)).toBe(1);
    expect(await soldCountOf(t, p.id)).toBe(0);
  });

  describe('Idempotency-Key', () => {
    it('returns the first result for a repeated key, without a second order', async () => {
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 100, stock: 5 });
      await addToCart(t, buyer, { productId: p.id, quantity: 2 });
      const first = await checkout(t, buyer, { key: 'key-1' });
      expect(first.status).toBe(201);
      await addToCart(t, buyer, { productId: p.id, quantity: 1 }); // a new cart does not matter for the same key
      const second = await checkout(t, buyer, { key: 'key-1' });
      expect(second.status).toBe(201);
      expect(second.body.order.id).toBe(first.body.order.id);
      expect(second.body.payment).toEqual(first.body.payment);
      expect(await ordersOf(buyer.id)).toHaveLength(1);
      expect(await stockOf(t, p.variant.id)).toBe(3);
      // Another key is another checkout.
      const third = await checkout(t, buyer, { key: 'key-2' });
      expect(third.body.order.id).not.toBe(first.body.order.id);
      // The same key from another user is theirs alone.
      const other = await createUser(t);
      expect((await checkout(t, other, { key: 'key-1' })).body.code).toBe('CART_EMPTY');
    });

    it('two concurrent requests with one key make one order and both get it', async () => {
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 100, stock: 5 });
      await addToCart(t, buyer, { productId: p.id, quantity: 1 });
      const [a, b] = await Promise.all([
        checkout(t, buyer, { key: 'same' }),
        checkout(t, buyer, { key: 'same' }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.order.id).toBe(b.body.order.id);
      expect(await ordersOf(buyer.id)).toHaveLength(1);
      expect(await stockOf(t, p.variant.id)).toBe(4);
    });
  });

  describe('provider verdicts', () => {
    it('a declined payment leaves the order pending; a later success still pays it', async () => {
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 100, stock: 5 });
      const { order, payment } = await placeOrder(t, buyer, [{ productId: p.id, quantity: 1 }]);
      const failed = await payFail(t, payment.reference);
      expect(failed.body).toEqual({
        received: true,
        duplicate: false,
        outcome: 'payment_failed',
        paymentStatus: 'failed',
        orderStatus: 'pending',
      });
      expect((await t.http.get(`/api/v1/payments/${payment.reference}`)).body.status).toBe('failed');
      expect((await payFail(t, payment.reference)).body.duplicate).toBe(true);
      const paid = await paySucceed(t, payment.reference);
      expect(paid.body.outcome).toBe('paid');
      expect((await t.http.get(`/api/v1/orders/${order.id}`, { token: buyer.token })).body.status).toBe(
        'paid',
      );
    });

    it('an amount or currency mismatch marks the payment failed and the order stays pending', async () => {
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 1000, stock: 5 });
      const { order, payment } = await placeOrder(t, buyer, [{ productId: p.id, quantity: 1 }]);
      const wrongAmount = await paySucceed(t, payment.reference, {
        eventId: 'evt-amount',
        amount: order.total - 1,
      });
      expect(wrongAmount.body).toMatchObject({
        outcome: 'amount_mismatch',
        paymentStatus: 'failed',
        orderStatus: 'pending',
      });
      const wrongCurrency = await paySucceed(t, payment.reference, {
        eventId: 'evt-currency',
        currency: 'EUR',
      });
      expect(wrongCurrency.body).toMatchObject({ outcome: 'amount_mismatch', orderStatus: 'pending' });
      const reason = await t.sql<{ failure_reason: string }>(
        `SELECT failure_reason FROM payment WHERE reference = $1`,
        [payment.reference],
      );
      expect(reason[0].failure_reason).toContain('Amount mismatch');
      expect((await t.http.get(`/api/v1/orders/${order.id}`, { token: buyer.token })).body.status).toBe(
        'pending',
      );
      expect(await soldCountOf(t, p.id)).toBe(0);
      const events = await t.sql<{ outcome: string }>(
        `SELECT outcome FROM payment_event WHERE reference = $1 ORDER BY received_at`,
        [payment.reference],
      );
      expect(events.map((e) => e.outcome)).toEqual(['amount_mismatch', 'amount_mismatch']);
    });

    it('unknown references are 404 on the public and fake routes; bodies are validated', async () => {
      expect((await t.http.get('/api/v1/payments/pay_nope')).status).toBe(404);
      expect((await paySucceed(t, 'pay_nope')).status).toBe(404);
      expect((await t.http.get('/api/v1/payments/fake/pay_nope')).status).toBe(404);
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 100, stock: 5 });
      const { payment } = await placeOrder(t, buyer, [{ productId: p.id, quantity: 1 }]);
      const bad = await paySucceed(t, payment.reference, { amount: 'lots' });
      expect([bad.status, bad.body.details.fields[0].field]).toEqual([400, 'amount']);
      const unknownField = await paySucceed(t, payment.reference, { status: 'paid' });
      expect([unknownField.status, unknownField.body.details.fields[0].field]).toEqual([400, 'status']);
    });

    it('the HTML pay button posts text/plain and gets an HTML answer', async () => {
      const buyer = await createUser(t);
      const p = await createProduct(t, { seller, price: 100, stock: 5 });
      const { payment } = await placeOrder(t, buyer, [{ productId: p.id, quantity: 1 }]);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/payments/fake/${payment.reference}/succeed`,
        headers: { 'content-type': 'text/plain', accept: 'text/html' },
        payload: 'pay=1\r\n',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Payment succeeded');
    });
  });
});

describe('checkout with the fake provider disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('checkout_nofake', { PAYMENTS_FAKE: 'false' });
  });
  afterAll(() => t.close());

  it('refuses provider fake with 400 and hides the fake routes (404)', async () => {
    const buyer = await createUser(t);
    const p = await createProduct(t, { price: 100, stock: 5 });
    await addToCart(t, buyer, { productId: p.id, quantity: 1 });
    const res = await checkout(t, buyer);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', details: { available: [] } });
    expect(await stockOf(t, p.variant.id)).toBe(5);
    expect((await t.http.get('/api/v1/payments/fake/pay_x')).status).toBe(404);
    expect((await t.http.post('/api/v1/payments/fake/pay_x/succeed')).status).toBe(404);
  });
});
