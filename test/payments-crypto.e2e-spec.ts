/**
 * Crypto payments end to end, against a real local EVM (Hardhat's network, blocks mined on
 * demand) and the committed test ERC-20: checkout → deposit address → wallet transfer → the scan
 * job → paid only after CRYPTO_CONFIRMATIONS blocks; under/over/late payments, reorgs, an RPC
 * outage, two instances scanning at once. Refunds: payments-crypto-refunds.e2e-spec.ts.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnemonicToAccount } from 'viem/accounts';
import { createApp } from '../src/app.setup';
import { OrderExpiryService } from '../src/orders/order-expiry.service';
import { CryptoDepositScanner } from '../src/payment/crypto/crypto-deposit-scanner.service';
import { addToCart, checkout } from './support/checkout-helpers';
import {
  CONFIRMATIONS,
  CryptoShop,
  DUE,
  MNEMONIC,
  RPC_API_KEY,
  startCryptoShop,
  WINDOW_MINUTES,
} from './support/crypto-shop';
import { createUser } from './support/factories';

describe('crypto payments (local EVM)', () => {
  let shop: CryptoShop;
  let evm: CryptoShop['evm'];
  let t: CryptoShop['t'];
  let staff: CryptoShop['staff'];
  let scanner: CryptoShop['scanner'];
  let payer: CryptoShop['payer'];

  beforeAll(async () => {
    shop = await startCryptoShop('payments-crypto');
    ({ evm, t, staff, scanner, payer } = shop);
  }, 120_000);
  afterAll(() => shop?.close());

  const order = () => shop.order();
  const orderStatus = (id: string) => shop.orderStatus(id);
  const status = (reference: string) => shop.status(reference);
  const manualRefunds = () => shop.manualRefunds();
  const pay = (to: string, amount: bigint, from = payer) => shop.pay(to, amount, from);

  it('exact payment: a fresh address of the xpub, EIP-681 uri, paid only after N confirmations', async () => {
    expect((await t.http.get('/api/v1/payments/providers')).body.providers).toContain('crypto');
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

  it("README's MetaMask snippet, run against the chain as a wallet would, pays the order", async () => {
    const a = await order();
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const code = /\*\*Storefront \(MetaMask\)[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toContain('wallet_switchEthereumChain');
    // An injected EIP-1193 provider backed by the local chain (Hardhat signs for its own accounts).
    const calls: string[] = [];
    const ethereum = {
      request: async ({ method, params }: { method: string; params?: unknown[] }) => {
        calls.push(method);
        if (method === 'wallet_switchEthereumChain') {
          expect(params).toEqual([{ chainId: '0x7a69' }]); // 31337
          return null;
        }
        if (method === 'eth_requestAccounts') return [payer];
        return evm.client.request({ method, params } as never);
      },
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('ethereum', 'crypto', `return (async () => {\n${code}\n})();`) as (
      e: typeof ethereum,
      c: typeof a.crypto,
    ) => Promise<void>;
    await run(ethereum, a.crypto);
    expect(calls).toEqual(['wallet_switchEthereumChain', 'eth_requestAccounts', 'eth_sendTransaction']);
    await shop.confirm();
    expect(await orderStatus(a.orderId)).toBe('paid');
    expect((await status(a.reference)).crypto).toMatchObject({ received: DUE.toString() });
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

  it('a second transfer after the order was paid: the order stays paid, the transfer is listed to refund', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE);
    await shop.confirm();
    expect(await orderStatus(a.orderId)).toBe('paid');
    await pay(a.crypto.depositAddress, 2_000_000n, evm.accounts[3]);
    await shop.confirm();
    expect(await orderStatus(a.orderId)).toBe('paid');
    const dues = (await manualRefunds()).filter((r) => r.reference === a.reference);
    expect(dues).toMatchObject([{ reason: 'late', amount: '2000000', senderAddress: evm.accounts[3] }]);
    expect(await t.sql(`SELECT 1 FROM payment_event WHERE reference = $1`, [a.reference])).toHaveLength(1);
  });

  it('checkout while the RPC is down: 502, no deposit address; the retry gets one that expires with the order', async () => {
    const buyer = await createUser(t);
    await addToCart(t, buyer, { productId: shop.product.id, quantity: 1 });
    const key = `crypto-rpc-down-${buyer.id}`;
    evm.up = false;
    let down;
    try {
      down = await checkout(t, buyer, { provider: 'crypto', key });
    } finally {
      evm.up = true;
    }
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(down.body.message).toContain('eth_blockNumber failed: HTTP request failed. HTTP 503');
    // The RPC URL is a secret (its path holds the API key): not in the answer, nor in the payment row.
    const [{ failure_reason }] = await t.sql<{ failure_reason: string }>(
      `SELECT p.failure_reason FROM payment p JOIN "order" o ON o.id = p.order_id WHERE o.user_id = $1`,
      [buyer.id],
    );
    for (const text of [down.text, failure_reason]) {
      expect(text).not.toContain(RPC_API_KEY);
      expect(text).not.toContain(new URL(evm.rpcUrl).host);
    }
    const [placed] = await t.sql<{ id: string; status: string; created_at: Date }>(
      `SELECT id, status, created_at FROM "order" WHERE user_id = $1`,
      [buyer.id],
    );
    expect(placed.status).toBe('pending');
    const deposits = () =>
      t.sql(`SELECT 1 FROM crypto_deposit d JOIN payment p ON p.id = d.payment_id WHERE p.order_id = $1`, [
        placed.id,
      ]);
    expect(await deposits()).toHaveLength(0);
    // The shopper retries 12 minutes later: a 20-minute window from now would outlast the order
    // (ORDER_TTL_MINUTES from its creation), so the address is good until the order expires only.
    t.clock.advance(12 * 60_000);
    let retry;
    try {
      retry = await checkout(t, buyer, { provider: 'crypto', key });
    } finally {
      t.clock.set(undefined);
    }
    expect(retry.status).toBe(201);
    expect(retry.body.order.id).toBe(placed.id);
    const orderExpiry = new Date(placed.created_at).getTime() + t.config.orderTtlMinutes * 60_000;
    expect(new Date(retry.body.payment.crypto.expiresAt).getTime()).toBe(orderExpiry);
    expect(await deposits()).toHaveLength(1);
    // A fresh checkout gets the whole window (it ends before the order does).
    const fresh = await order();
    const [freshOrder] = await t.sql<{ created_at: Date }>(`SELECT created_at FROM "order" WHERE id = $1`, [
      fresh.orderId,
    ]);
    const freshExpiry = new Date(fresh.crypto.expiresAt).getTime();
    expect(freshExpiry).toBeLessThan(
      new Date(freshOrder.created_at).getTime() + t.config.orderTtlMinutes * 60_000,
    );
    expect(freshExpiry).toBeGreaterThan(Date.now() + (WINDOW_MINUTES - 1) * 60_000);
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

  it('an endpoint behind the chain (a lagging node) is not a reorg: the seen transfer stays, then confirms', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE);
    await evm.mine(1);
    await scanner.scan();
    expect((await status(a.reference)).crypto.unconfirmed).toBe(DUE.toString());
    evm.lag = 2; // its head is below the transfer's block
    try {
      const lagging = await scanner.scan();
      expect(lagging.removed).toBe(0);
    } finally {
      evm.lag = 0;
    }
    const [row] = await t.sql<{ status: string }>(
      `SELECT t.status FROM crypto_transfer t JOIN payment p ON p.id = t.payment_id WHERE p.reference = $1`,
      [a.reference],
    );
    expect(row.status).toBe('seen');
    expect((await status(a.reference)).crypto.unconfirmed).toBe(DUE.toString());
    await shop.confirm();
    expect(await orderStatus(a.orderId)).toBe('paid');
  });

  it('RPC down: the scan fails (the job retries) and nothing is lost once it is back', async () => {
    const a = await order();
    await pay(a.crypto.depositAddress, DUE);
    await evm.mine(CONFIRMATIONS);
    evm.up = false;
    try {
      const failure = await scanner.scan().then(
        () => null,
        (err: Error) => err,
      );
      expect(failure?.message).toMatch(/^eth_chainId failed: HTTP request failed\. HTTP 503/);
      expect(failure?.message).not.toContain(RPC_API_KEY);
      expect(failure?.message).not.toContain(new URL(evm.rpcUrl).host);
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
