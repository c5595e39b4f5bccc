/**
 * Crypto refunds are manual (the server holds no key): POST /orders/:id/refund refuses a crypto
 * order before writing anything, staff send the money from the merchant wallet and record it with
 * POST /orders/:id/crypto-refund (in full or in part, like a refund, plus the hash); money that
 * could not pay an order is listed at GET /payments?needs=manual_refund. Who may do what.
 */
import { Role } from '../src/accounts/role';
import { paidOrder } from './support/checkout-helpers';
import { CryptoShop, DUE, PRICE, startCryptoShop } from './support/crypto-shop';
import { createUser, TestUser } from './support/factories';

const SHIPPING = 500;
const hash = (byte: string) => `0x${byte.repeat(32)}`;

describe('crypto refunds (local EVM)', () => {
  let shop: CryptoShop;
  let t: CryptoShop['t'];
  let staff: TestUser;
  let seller: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    shop = await startCryptoShop('payments-crypto-refunds');
    ({ t, staff } = shop);
    seller = await createUser(t, Role.Seller);
    customer = await createUser(t);
  }, 120_000);
  afterAll(() => shop?.close());

  async function paidCryptoOrder() {
    const a = await shop.order();
    await shop.pay(a.crypto.depositAddress, DUE);
    await shop.confirm();
    expect(await shop.orderStatus(a.orderId)).toBe('paid');
    return a;
  }
  const refunds = (orderId: string) =>
    t.sql<{ id: string; status: string; amount: string; provider_ref: string | null; reason: string | null }>(
      `SELECT id, status, amount::text, provider_ref, reason FROM refund WHERE order_id = $1 ORDER BY created_at`,
      [orderId],
    );
  const cryptoRefund = (orderId: string, body: unknown, user: TestUser | null = staff) =>
    t.http.post(`/api/v1/orders/${orderId}/crypto-refund`, body, user ? { token: user.token } : {});

  it('POST /orders/:id/refund refuses a crypto order with CRYPTO_REFUND_MANUAL and writes no refund', async () => {
    const a = await paidCryptoOrder();
    for (const body of [undefined, { amount: 100 }]) {
      const refused = await t.http.post(`/api/v1/orders/${a.orderId}/refund`, body, { token: staff.token });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('CRYPTO_REFUND_MANUAL');
      expect(refused.body.message).toContain('/crypto-refund');
    }
    expect(await refunds(a.orderId)).toEqual([]);
    expect(await shop.orderStatus(a.orderId)).toBe('paid');
  });

  it('a full on-chain refund is recorded as a refund row with its lines; the same hash again changes nothing', async () => {
    const a = await paidCryptoOrder();
    const tx = hash('ab');
    const done = await cryptoRefund(a.orderId, { txHash: tx, reason: 'sent from the merchant wallet' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('refunded');
    expect((await shop.status(a.reference)).status).toBe('refunded');
    const rows = await refunds(a.orderId);
    expect(rows).toMatchObject([
      {
        status: 'succeeded',
        amount: String(PRICE + SHIPPING),
        provider_ref: tx,
        reason: 'sent from the merchant wallet',
      },
    ]);
    const [refund] = await t.sql<{ created_by: string; completed_at: Date | null }>(
      `SELECT created_by, completed_at FROM refund WHERE id = $1`,
      [rows[0].id],
    );
    expect(refund.created_by).toBe(staff.id);
    expect(refund.completed_at).not.toBeNull();
    const lines = await t.sql<{ quantity: number; amount: string }>(
      `SELECT quantity, amount::text FROM refund_line WHERE refund_id = $1`,
      [rows[0].id],
    );
    expect(lines).toEqual([{ quantity: 1, amount: String(PRICE) }]);
    // The seller analytics count it (the trigger on refund).
    const shares = await t.sql<{ amount: string; units: string }>(
      `SELECT sum(amount)::text AS amount, sum(units)::text AS units FROM analytics_refund_product WHERE refund_id = $1`,
      [rows[0].id],
    );
    expect(shares).toEqual([{ amount: String(PRICE + SHIPPING), units: '1' }]);
    const history = await t.http.get(`/api/v1/orders/${a.orderId}`, { token: staff.token });
    expect(JSON.stringify(history.body)).toContain(tx);

    // A retried request (same hash): 200, one refund still. Another hash: nothing left to refund.
    const again = await cryptoRefund(a.orderId, { txHash: tx.toUpperCase().replace('0X', '0x') });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('refunded');
    expect(await refunds(a.orderId)).toHaveLength(1);
    const other = await cryptoRefund(a.orderId, { txHash: hash('13') });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('ILLEGAL_TRANSITION');
    expect(await refunds(a.orderId)).toHaveLength(1);
  });

  it('recording at once: the same hash twice is one refund; two hashes for everything, one wins', async () => {
    const a = await paidCryptoOrder();
    const same = await Promise.all([
      cryptoRefund(a.orderId, { txHash: hash('61') }),
      cryptoRefund(a.orderId, { txHash: hash('61') }),
    ]);
    expect(same.map((r) => r.status)).toEqual([200, 200]);
    expect(await refunds(a.orderId)).toHaveLength(1);

    const b = await paidCryptoOrder();
    const two = await Promise.all([
      cryptoRefund(b.orderId, { txHash: hash('62') }),
      cryptoRefund(b.orderId, { txHash: hash('63') }),
    ]);
    expect(two.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await refunds(b.orderId)).toHaveLength(1);
    expect(await shop.orderStatus(b.orderId)).toBe('refunded');
  });

  it('a partial on-chain refund (amount, then the rest by lines): partially_refunded, then refunded', async () => {
    const a = await paidCryptoOrder();
    const [line] = await t.sql<{ id: string }>(`SELECT id FROM order_line WHERE order_id = $1`, [a.orderId]);
    const tooMuch = await cryptoRefund(a.orderId, { txHash: hash('21'), amount: PRICE + SHIPPING + 1 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_CAPTURED');
    const shipping = await cryptoRefund(a.orderId, {
      txHash: hash('21'),
      amount: SHIPPING,
      reason: 'shipping',
    });
    expect(shipping.status).toBe(200);
    expect(shipping.body.status).toBe('partially_refunded');
    expect((await shop.status(a.reference)).status).toBe('succeeded');
    // Retrying the first one while the order is partially refunded: still one refund for that hash.
    expect((await cryptoRefund(a.orderId, { txHash: hash('21'), amount: SHIPPING })).status).toBe(200);
    const rest = await cryptoRefund(a.orderId, {
      txHash: hash('22'),
      lines: [{ orderLineId: line.id, quantity: 1 }],
      restock: true,
    });
    expect(rest.status).toBe(200);
    expect(rest.body.status).toBe('refunded');
    expect((await shop.status(a.reference)).status).toBe('refunded');
    expect(await refunds(a.orderId)).toMatchObject([
      { status: 'succeeded', amount: String(SHIPPING), provider_ref: hash('21'), reason: 'shipping' },
      { status: 'succeeded', amount: String(PRICE), provider_ref: hash('22') },
    ]);
  });

  it('crypto-refund: bad bodies are 400, a non-crypto order 409, and only staff may call it', async () => {
    const a = await paidCryptoOrder();
    for (const body of [
      {},
      { txHash: 'nope' },
      { txHash: hash('31'), amount: -5 },
      { txHash: hash('31'), lines: [] },
      { txHash: hash('31'), note: 'unknown field' },
    ]) {
      const res = await cryptoRefund(a.orderId, body);
      expect(res.status).toBe(400);
    }
    expect((await cryptoRefund('not-a-uuid', { txHash: hash('31') })).status).toBe(400);
    const unknown = await cryptoRefund('00000000-0000-4000-8000-000000000000', { txHash: hash('31') });
    expect(unknown.status).toBe(404);
    expect((await cryptoRefund(a.orderId, { txHash: hash('31') }, null)).status).toBe(401);
    for (const user of [customer, seller, a.buyer])
      expect((await cryptoRefund(a.orderId, { txHash: hash('31') }, user)).status).toBe(403);
    expect(await refunds(a.orderId)).toEqual([]);

    const fakePaid = await paidOrder(t, customer, [{ productId: shop.product.id, quantity: 1 }]);
    const notCrypto = await cryptoRefund(fakePaid, { txHash: hash('31') });
    expect(notCrypto.status).toBe(409);
    expect(notCrypto.body.code).toBe('NO_CAPTURED_CRYPTO_PAYMENT');
    expect(await refunds(fakePaid)).toEqual([]);
    expect(await shop.orderStatus(a.orderId)).toBe('paid');
  });

  it('money for an order the buyer cancelled: the order stays cancelled, staff refund it on-chain and record it', async () => {
    const a = await shop.order();
    const cancelled = await t.http.post(`/api/v1/orders/${a.orderId}/cancel`, undefined, {
      token: a.buyer.token,
    });
    expect(cancelled.status).toBe(200);
    await shop.scanner.scan(); // the payment closes with nothing received
    await shop.pay(a.crypto.depositAddress, DUE, shop.evm.accounts[2]);
    await shop.confirm();
    expect(await shop.orderStatus(a.orderId)).toBe('cancelled');
    const [due] = (await shop.manualRefunds()).filter((r) => r.reference === a.reference);
    expect(due).toMatchObject({
      reason: 'late',
      amount: DUE.toString(),
      senderAddress: shop.evm.accounts[2],
    });
    const marked = await t.http.post(
      `/api/v1/payments/manual-refunds/${encodeURIComponent(due.id)}`,
      { txHash: hash('51') },
      { token: staff.token },
    );
    expect(marked.status).toBe(200);
    expect((await shop.manualRefunds()).filter((r) => r.reference === a.reference)).toEqual([]);
    expect(await shop.orderStatus(a.orderId)).toBe('cancelled');
    // Nothing was refunded automatically (the server cannot): no refund row.
    expect(await refunds(a.orderId)).toEqual([]);
  });

  it('the manual-refund list and its marking are staff only; bad ids and hashes are 4xx', async () => {
    const list = '/api/v1/payments?needs=manual_refund';
    for (const user of [customer, seller])
      expect((await t.http.get(list, { token: user.token })).status).toBe(403);
    expect((await t.http.get(list)).status).toBe(401);
    expect((await t.http.get('/api/v1/payments?needs=everything', { token: staff.token })).status).toBe(400);
    expect((await t.http.get('/api/v1/payments', { token: staff.token })).status).toBe(400);
    expect((await t.http.get(`${list}&perPage=0`, { token: staff.token })).status).toBe(400);

    // An overpayment puts its excess on the list.
    const a = await shop.order();
    await shop.pay(a.crypto.depositAddress, DUE + 3_000_000n);
    await shop.confirm();
    const due = (await shop.manualRefunds()).find((r) => r.reference === a.reference)!;
    expect(due).toMatchObject({ reason: 'overpaid', amount: '3000000', senderAddress: shop.payer });
    const path = `/api/v1/payments/manual-refunds/${encodeURIComponent(due.id)}`;
    expect((await t.http.post(path, { txHash: hash('41') })).status).toBe(401);
    for (const user of [customer, seller, a.buyer])
      expect((await t.http.post(path, { txHash: hash('41') }, { token: user.token })).status).toBe(403);
    expect((await t.http.post(path, { txHash: hash('41'), note: 'x' }, { token: staff.token })).status).toBe(
      400,
    );
    const unknown = `/api/v1/payments/manual-refunds/${encodeURIComponent(`31337:${hash('ee')}:0`)}`;
    expect((await t.http.post(unknown, { txHash: hash('41') }, { token: staff.token })).status).toBe(404);
    expect(
      (
        await t.http.post(
          '/api/v1/payments/manual-refunds/garbage',
          { txHash: hash('41') },
          { token: staff.token },
        )
      ).status,
    ).toBe(404);
    // Still listed: nothing above recorded it.
    expect((await shop.manualRefunds()).find((r) => r.id === due.id)).toBeDefined();
  });
});
