/**
 * Crypto payments end to end, against a real local EVM (Hardhat's network, blocks mined on
 * demand) and the committed test ERC-20: checkout → deposit address → wallet transfer → the scan
 * job → paid only after CRYPTO_CONFIRMATIONS blocks; under/over/late payments, reorgs, an RPC
 * outage, two instances scanning at once, and the manual refunds.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { Role } from '../src/accounts/role';
import { createApp } from '../src/app.setup';
import { OrderExpiryService } from '../src/orders/order-expiry.service';
import { CryptoDepositScanner } from '../src/payment/crypto/crypto-deposit-scanner.service';
import { createProduct, TestProduct } from './support/catalog-factories';
import { addToCart, checkout } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { LocalEvm } from './support/local-evm';
import { createTestApp, TestApp } from './support/test-app';

// A well-known test mnemonic (BIP-39 test vector): the merchant's wallet. Only its xpub reaches the app.
const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const XPUB = mnemonicToAccount(MNEMONIC, { path: "m/44'/60'/0'" } as never).getHdKey().publicExtendedKey;
const CONFIRMATIONS = 3;
// 1234 + 500 shipping = 1734 cents = 17.34 TUSD = 17_340_000 base units (6 decimals).
const PRICE = 1234;
const DUE = 17_340_000n;

interface Crypto {
  chainId: number;
  tokenAddress: string;
  depositAddress: string;
  amount: string;
  decimals: number;
  displayAmount: string;
  expiresAt: string;
  uri: string;
  received: string;
  unconfirmed: string;
}

describe('crypto payments (local EVM)', () => {
  let evm: LocalEvm;
  let t: TestApp;
  let staff: TestUser;
  let product: TestProduct;
  let scanner: CryptoDepositScanner;
  let payer: Address;

  beforeAll(async () => {
    evm = await LocalEvm.start();
    payer = evm.accounts[1];
    t = await createTestApp('payments-crypto', {
      CRYPTO_CHAIN_ID: '31337',
      CRYPTO_RPC_URL: evm.rpcUrl,
      CRYPTO_TOKEN_ADDRESS: evm.tokenAddress.toLowerCase(),
      CRYPTO_TOKEN_DECIMALS: '6',
      CRYPTO_TOKEN_CURRENCY: 'USD',
      CRYPTO_XPUB: XPUB,
      CRYPTO_CONFIRMATIONS: String(CONFIRMATIONS),
      CRYPTO_PAYMENT_WINDOW_MINUTES: '20',
    });
    scanner = t.app.get(CryptoDepositScanner);
    staff = await createUser(t, Role.Staff);
    const seller = await createUser(t, Role.Seller);
    product = await createProduct(t, { seller, price: PRICE, stock: 1000 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await evm?.stop();
  });

  async function order(): Promise<{ buyer: TestUser; orderId: string; reference: string; crypto: Crypto }> {
    const buyer = await createUser(t);
    await addToCart(t, buyer, { productId: product.id, quantity: 1 });
    const res = await checkout(t, buyer, { provider: 'crypto' });
    expect(res.status).toBe(201);
    return {
      buyer,
      orderId: res.body.order.id,
      reference: res.body.payment.reference,
      crypto: res.body.payment.crypto,
    };
  }
  const orderStatus = async (id: string) =>
    (await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [id]))[0].status;
  const status = async (reference: string) => (await t.http.get(`/api/v1/payments/${reference}`)).body;
  const manualRefunds = async () => {
    const res = await t.http.get('/api/v1/payments?needs=manual_refund&perPage=100', { token: staff.token });
    expect(res.status).toBe(200);
    return res.body as {
      id: string;
      reference: string;
      reason: string;
      senderAddress: string;
      amount: string;
    }[];
  };
  const pay = async (to: string, amount: bigint, from = payer) => {
    await evm.sendToken(from, to, amount);
  };

  it('exact payment: a fresh address of the xpub, EIP-681 uri, paid only after N confirmations', async () => {
    const a = await order();
    const b = await order();
    const { crypto } = a;
    expect(crypto).toMatchObject({
      chainId: 31337,
      tokenAddress: evm.tokenAddress,
      amount: DUE.toString(),
      decimals: 6,
      displayAmount: '17.34',
      received: '0',
    });
    expect(crypto.uri).toBe(
      `ethereum:${evm.tokenAddress}@31337/transfer?address=${crypto.depositAddress}&uint256=${DUE}`,
    );
    // Each deposit address is child 0/i of the xpub: the merchant's wallet holds its key, the server does not.
    const [{ address_index }] = await t.sql<{ address_index: number }>(
      `SELECT address_index FROM crypto_deposit d JOIN payment p ON p.id = d.payment_id WHERE p.reference = $1`,
      [a.reference],
    );
    expect(crypto.depositAddress).toBe(mnemonicToAccount(MNEMONIC, { addressIndex: address_index }).address);
    expect(b.crypto.depositAddress).not.toBe(crypto.depositAddress);

    await pay(crypto.depositAddress, DUE);
    await evm.mine(1);
    await scanner.scan();
    expect((await status(a.reference)).crypto).toMatchObject({ received: '0', unconfirmed: DUE.toString() });
    await evm.mine(CONFIRMATIONS - 2); // CONFIRMATIONS - 1 blocks deep: not yet
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('pending');
    await evm.mine(1);
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
    const paid = await status(a.reference);
    expect(paid.status).toBe('succeeded');
    expect(paid.crypto).toMatchObject({ received: DUE.toString(), unconfirmed: '0' });
    // Scanning again changes nothing; the transfer is recorded once under chainId:txHash:logIndex.
    await scanner.scan();
    const transfers = await t.sql<{ id: string }>(
      `SELECT t.id FROM crypto_transfer t JOIN payment p ON p.id = t.payment_id WHERE p.reference = $1`,
      [a.reference],
    );
    expect(transfers).toHaveLength(1);
    expect(transfers[0].id).toMatch(/^31337:0x[0-9a-f]{64}:\d+$/);
    const events = await t.sql(`SELECT 1 FROM payment_event WHERE reference = $1`, [a.reference]);
    expect(events).toHaveLength(1);
    expect(await orderStatus(b.orderId)).toBe('pending');
  });

  it('underpayment stays pending with "received X of Y"; a top-up pays it', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, 5_000_000n);
    await evm.mine(CONFIRMATIONS);
    await scanner.scan();
    const partial = await status(a.reference);
    expect(partial.status).toBe('pending');
    expect(partial.crypto).toMatchObject({ received: '5000000', amount: DUE.toString() });
    expect(await orderStatus(a.orderId)).toBe('pending');
    await pay(a.crypto.depositAddress, DUE - 5_000_000n);
    await evm.mine(CONFIRMATIONS);
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
    expect((await manualRefunds()).filter((r) => r.reference === a.reference)).toEqual([]);
  });

  it('overpayment pays the order and lists the excess for a manual refund, which staff record with a hash', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE + 1_000_000n);
    await evm.mine(CONFIRMATIONS);
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
    const due = (await manualRefunds()).find((r) => r.reference === a.reference)!;
    expect(due).toMatchObject({ reason: 'overpaid', amount: '1000000', senderAddress: payer });

    const hash = `0x${'ab'.repeat(32)}`;
    const path = `/api/v1/payments/manual-refunds/${encodeURIComponent(due.id)}`;
    const customer = await createUser(t);
    expect((await t.http.post(path, { txHash: hash }, { token: customer.token })).status).toBe(403);
    expect((await t.http.post(path, { txHash: 'nope' }, { token: staff.token })).status).toBe(400);
    const marked = await t.http.post(path, { txHash: hash }, { token: staff.token });
    expect(marked.status).toBe(200);
    expect(marked.body.refundTxHash).toBe(hash);
    expect((await t.http.post(path, { txHash: hash }, { token: staff.token })).status).toBe(200);
    const other = await t.http.post(path, { txHash: `0x${'cd'.repeat(32)}` }, { token: staff.token });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('ALREADY_REFUNDED');
    expect((await manualRefunds()).find((r) => r.reference === a.reference)).toBeUndefined();
    // The order itself stays paid.
    expect(await orderStatus(a.orderId)).toBe('paid');
  });

  it('two payments to two orders in one block both pay; a transfer to an unknown address is ignored', async () => {
    const a = await order();
    const b = await order();
    const stranger = evm.accounts[4];
    await pay(a.crypto.depositAddress, DUE);
    await pay(b.crypto.depositAddress, DUE, evm.accounts[2]);
    await pay(stranger, DUE, evm.accounts[3]);
    await evm.mine(1);
    const blocks = await t.sql<{ block_number: string }>(`SELECT DISTINCT block_number FROM crypto_transfer`);
    await evm.mine(CONFIRMATIONS - 1);
    const before = (await t.sql(`SELECT 1 FROM crypto_transfer`)).length;
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
    expect(await orderStatus(b.orderId)).toBe('paid');
    const rows = await t.sql<{ block_number: string; from_address: string }>(
      `SELECT block_number, from_address FROM crypto_transfer ORDER BY created_at DESC LIMIT 2`,
    );
    expect(rows[0].block_number).toBe(rows[1].block_number);
    expect((await t.sql(`SELECT 1 FROM crypto_transfer`)).length).toBe(before + 2);
    expect(blocks.map((r) => r.block_number)).not.toContain(rows[0].block_number);
  });

  it('a reorg that drops the transfer before confirmation: not paid', async () => {
    const a = await order();
    const snapshot = await evm.snapshot();
    await pay(a.crypto.depositAddress, DUE);
    await evm.mine(1);
    await scanner.scan();
    expect((await status(a.reference)).crypto.unconfirmed).toBe(DUE.toString());
    await evm.revert(snapshot); // the block with the transfer is gone; the chain grows on without it
    await evm.mine(CONFIRMATIONS + 1);
    await scanner.scan();
    const after = await status(a.reference);
    expect(after.status).toBe('pending');
    expect(after.crypto).toMatchObject({ received: '0', unconfirmed: '0' });
    const [row] = await t.sql<{ status: string }>(
      `SELECT t.status FROM crypto_transfer t JOIN payment p ON p.id = t.payment_id WHERE p.reference = $1`,
      [a.reference],
    );
    expect(row.status).toBe('removed');
    expect(await orderStatus(a.orderId)).toBe('pending');
  });

  it('RPC down: the scan fails (the job retries) and nothing is lost once it is back', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE);
    await evm.mine(CONFIRMATIONS);
    evm.up = false;
    try {
      await expect(scanner.scan()).rejects.toThrow();
    } finally {
      evm.up = true;
    }
    expect(await orderStatus(a.orderId)).toBe('pending');
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
  });

  it('late payment after the order expired: the order stays expired, staff see it in the manual-refund list', async () => {
    const a = await order();
    t.clock.advance((t.config.orderTtlMinutes + 1) * 60_000);
    try {
      await t.app.get(OrderExpiryService).expireDue();
    } finally {
      t.clock.set(undefined);
    }
    expect(await orderStatus(a.orderId)).toBe('expired');
    await pay(a.crypto.depositAddress, DUE, evm.accounts[2]);
    await evm.mine(CONFIRMATIONS);
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('expired');
    const due = (await manualRefunds()).find((r) => r.reference === a.reference);
    expect(due).toMatchObject({ reason: 'late', amount: DUE.toString(), senderAddress: evm.accounts[2] });
  });

  it('an underpayment the window closes on: payment expired, the partial amount listed for refund', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, 1_000_000n);
    await evm.mine(CONFIRMATIONS);
    t.clock.advance(21 * 60_000);
    try {
      await scanner.scan();
    } finally {
      t.clock.set(undefined);
    }
    expect((await status(a.reference)).status).toBe('failed');
    const due = (await manualRefunds()).find((r) => r.reference === a.reference);
    expect(due).toMatchObject({ reason: 'expired', amount: '1000000' });
  });

  it('staff refunds of crypto orders are manual: the refund route says so; the hash is recorded instead', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE);
    await evm.mine(CONFIRMATIONS);
    await scanner.scan();
    expect(await orderStatus(a.orderId)).toBe('paid');
    const refused = await t.http.post(`/api/v1/orders/${a.orderId}/refund`, undefined, {
      token: staff.token,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CRYPTO_REFUND_MANUAL');
    expect(await orderStatus(a.orderId)).toBe('paid');
    const path = `/api/v1/orders/${a.orderId}/crypto-refund`;
    expect(
      (await t.http.post(path, { txHash: `0x${'12'.repeat(32)}` }, { token: a.buyer.token })).status,
    ).toBe(403);
    const done = await t.http.post(
      path,
      { txHash: `0x${'12'.repeat(32)}`, note: 'sent from the merchant wallet' },
      { token: staff.token },
    );
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('refunded');
    expect((await status(a.reference)).status).toBe('refunded');
    // Recorded as a refund row like every other refund (the refused provider call above left a failed one).
    const refunds = await t.sql<{
      id: string;
      status: string;
      amount: string;
      provider_ref: string;
      created_by: string;
      completed_at: Date | null;
      reason: string | null;
    }>(
      `SELECT id, status, amount::text, provider_ref, created_by, completed_at, reason FROM refund
        WHERE order_id = $1 AND status = 'succeeded'`,
      [a.orderId],
    );
    expect(refunds).toHaveLength(1);
    const [refund] = refunds;
    expect(refund).toMatchObject({
      amount: String(PRICE + 500),
      provider_ref: `0x${'12'.repeat(32)}`,
      created_by: staff.id,
      reason: 'sent from the merchant wallet',
    });
    expect(refund.completed_at).not.toBeNull();
    const lines = await t.sql<{ quantity: number; amount: string }>(
      `SELECT quantity, amount::text FROM refund_line WHERE refund_id = $1`,
      [refund.id],
    );
    expect(lines).toEqual([{ quantity: 1, amount: String(PRICE) }]);
    // The seller analytics count it (the trigger on refund).
    const shares = await t.sql<{ amount: string; units: string }>(
      `SELECT sum(amount)::text AS amount, sum(units)::text AS units FROM analytics_refund_product WHERE refund_id = $1`,
      [refund.id],
    );
    expect(shares).toEqual([{ amount: String(PRICE + 500), units: '1' }]);
    const history = await t.http.get(`/api/v1/orders/${a.orderId}`, { token: staff.token });
    expect(JSON.stringify(history.body)).toContain(`0x${'12'.repeat(32)}`);
    expect((await t.http.post(path, { txHash: `0x${'12'.repeat(32)}` }, { token: staff.token })).status).toBe(
      409,
    );
  });

  it('the manual-refund list is staff only and needs needs=manual_refund', async () => {
    const customer = await createUser(t);
    expect((await t.http.get('/api/v1/payments?needs=manual_refund', { token: customer.token })).status).toBe(
      403,
    );
    expect((await t.http.get('/api/v1/payments?needs=manual_refund')).status).toBe(401);
    const bad = await t.http.get('/api/v1/payments?needs=everything', { token: staff.token });
    expect(bad.status).toBe(400);
    expect((await t.http.get('/api/v1/payments', { token: staff.token })).status).toBe(400);
  });
  // Last: closing the second app instance also ends resources the first one shares in-process.
  it('the scan on two instances at once: one transition, one event', async () => {
    const other: NestFastifyApplication = await createApp(t.config);
    await other.init();
    try {
      const a = await order();
      await pay(a.crypto.depositAddress, DUE);
      await evm.mine(CONFIRMATIONS);
      const results = await Promise.all([scanner.scan(), other.get(CryptoDepositScanner).scan()]);
      await Promise.all([scanner.scan(), other.get(CryptoDepositScanner).scan()]);
      expect(results.length).toBe(2);
      expect(await orderStatus(a.orderId)).toBe('paid');
      const paidEvents = await t.sql(`SELECT 1 FROM order_event WHERE order_id = $1 AND to_status = 'paid'`, [
        a.orderId,
      ]);
      expect(paidEvents).toHaveLength(1);
      expect(await t.sql(`SELECT 1 FROM payment_event WHERE reference = $1`, [a.reference])).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
