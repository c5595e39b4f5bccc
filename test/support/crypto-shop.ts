/**
 * A shop taking crypto payments against a real local EVM (Hardhat's network, blocks mined on
 * demand) and the committed test ERC-20, for the crypto e2e files: the app configured with the
 * merchant's xpub, a staff user, a product, and helpers to check out with `provider: crypto`,
 * pay from a test account and read the manual-refund list.
 */
import { Address } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { Role } from '../../src/accounts/role';
import { CryptoDepositScanner } from '../../src/payment/crypto/crypto-deposit-scanner.service';
import { createProduct, TestProduct } from './catalog-factories';
import { addToCart, checkout } from './checkout-helpers';
import { createUser, TestUser } from './factories';
import { LocalEvm } from './local-evm';
import { createTestApp, TestApp } from './test-app';

// A well-known test mnemonic (BIP-39 test vector): the merchant's wallet. Only its xpub reaches the app.
export const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const XPUB = mnemonicToAccount(MNEMONIC, { path: "m/44'/60'/0'" } as never).getHdKey()
  .publicExtendedKey;
export const CONFIRMATIONS = 3;
/** Where hosted RPC endpoints put the API key: in the path. It must never be shown. */
export const RPC_API_KEY = 'test-api-key-5f3c9a';
export const WINDOW_MINUTES = 20;
// 1234 + 500 shipping = 1734 cents = 17.34 TUSD = 17_340_000 base units (6 decimals).
export const PRICE = 1234;
export const DUE = 17_340_000n;

export interface CryptoInstructions {
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

export interface ManualRefundItem {
  id: string;
  reference: string;
  reason: string;
  senderAddress: string;
  amount: string;
}

export interface CryptoShop {
  evm: LocalEvm;
  t: TestApp;
  staff: TestUser;
  product: TestProduct;
  scanner: CryptoDepositScanner;
  /** The account that pays unless told otherwise. */
  payer: Address;
  /** A buyer's crypto checkout of one unit of the product. */
  order(
    key?: string,
  ): Promise<{ buyer: TestUser; orderId: string; reference: string; crypto: CryptoInstructions }>;
  orderStatus(orderId: string): Promise<string>;
  /** GET /payments/{reference} (public). */
  status(reference: string): Promise<{ status: string; crypto: CryptoInstructions }>;
  /** Sends the token (into the mempool: mine to include it). */
  pay(to: string, amount: bigint, from?: Address): Promise<void>;
  /** Mines `CONFIRMATIONS` blocks and runs the scan once. */
  confirm(): Promise<void>;
  manualRefunds(): Promise<ManualRefundItem[]>;
  close(): Promise<void>;
}

export async function startCryptoShop(label: string): Promise<CryptoShop> {
  const evm = await LocalEvm.start();
  let t: TestApp;
  try {
    t = await createTestApp(label, {
      CRYPTO_CHAIN_ID: '31337',
      CRYPTO_RPC_URL: `${evm.rpcUrl}/v2/${RPC_API_KEY}`,
      CRYPTO_TOKEN_ADDRESS: evm.tokenAddress.toLowerCase(),
      CRYPTO_TOKEN_DECIMALS: '6',
      CRYPTO_TOKEN_CURRENCY: 'USD',
      CRYPTO_XPUB: XPUB,
      CRYPTO_CONFIRMATIONS: String(CONFIRMATIONS),
      CRYPTO_PAYMENT_WINDOW_MINUTES: String(WINDOW_MINUTES),
    });
  } catch (err) {
    await evm.stop();
    throw err;
  }
  const scanner = t.app.get(CryptoDepositScanner);
  const staff = await createUser(t, Role.Staff);
  const seller = await createUser(t, Role.Seller);
  const product = await createProduct(t, { seller, price: PRICE, stock: 1000 });
  const payer = evm.accounts[1];

  const shop: CryptoShop = {
    evm,
    t,
    staff,
    product,
    scanner,
    payer,
    async order(key) {
      const buyer = await createUser(t);
      await addToCart(t, buyer, { productId: product.id, quantity: 1 });
      const res = await checkout(t, buyer, { provider: 'crypto', key });
      expect(res.status).toBe(201);
      return {
        buyer,
        orderId: res.body.order.id,
        reference: res.body.payment.reference,
        crypto: res.body.payment.crypto,
      };
    },
    async orderStatus(id) {
      return (await t.sql<{ status: string }>(`SELECT status FROM "order" WHERE id = $1`, [id]))[0].status;
    },
    async status(reference) {
      const res = await t.http.get(`/api/v1/payments/${reference}`);
      expect(res.status).toBe(200);
      return res.body;
    },
    async pay(to, amount, from = payer) {
      await evm.sendToken(from, to, amount);
    },
    async confirm() {
      await evm.mine(CONFIRMATIONS);
      await scanner.scan();
    },
    async manualRefunds() {
      const res = await t.http.get('/api/v1/payments?needs=manual_refund&perPage=100', {
        token: staff.token,
      });
      expect(res.status).toBe(200);
      return res.body;
    },
    async close() {
      await t?.close();
      await evm.stop();
    },
  };
  return shop;
}
