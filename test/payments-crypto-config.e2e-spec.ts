/**
 * The crypto provider's configuration and API documentation, without a chain: off unless all six
 * keys are set, refused at boot when the xpub is bad (or a private key), off with one clear line
 * when the token's currency is not the store's; the OpenAPI documents the payment instructions.
 */
import { mnemonicToAccount } from 'viem/accounts';
import { ConfigError } from '../src/config/app-config';
import { Role } from '../src/accounts/role';
import { createProduct } from './support/catalog-factories';
import { checkout, paidOrder } from './support/checkout-helpers';
import { createUser } from './support/factories';
import { createTestApp, TestApp, testConfig } from './support/test-app';

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const account = mnemonicToAccount(MNEMONIC, { path: "m/44'/60'/0'" } as never).getHdKey();
const FULL = {
  CRYPTO_CHAIN_ID: '8453',
  CRYPTO_RPC_URL: 'https://rpc.example.test/key-123',
  CRYPTO_TOKEN_ADDRESS: '0x833589fcd6edb6e08f4c7c32d4f71b54bda02913',
  CRYPTO_TOKEN_DECIMALS: '6',
  CRYPTO_TOKEN_CURRENCY: 'USD',
  CRYPTO_XPUB: account.publicExtendedKey,
};

describe('crypto payments: configuration and OpenAPI', () => {
  it('all six keys: on, with the address checksummed and the defaults', () => {
    const config = testConfig(FULL);
    expect(config.payments.crypto).toMatchObject({
      chainId: 8453,
      tokenAddress: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
      tokenDecimals: 6,
      confirmations: 12,
      windowMinutes: 30,
    });
    expect(testConfig({}).payments.crypto).toBeUndefined();
    expect(testConfig({}).payments.cryptoOff).toBeUndefined();
  });

  it('some keys missing: off, naming them', () => {
    const { CRYPTO_XPUB: _xpub, CRYPTO_RPC_URL: _rpc, ...partial } = FULL;
    const config = testConfig(partial);
    expect(config.payments.crypto).toBeUndefined();
    expect(config.payments.cryptoOff).toBe(
      'crypto payments are off: CRYPTO_RPC_URL, CRYPTO_XPUB not set (all six CRYPTO_* keys are needed)',
    );
  });

  it('a bad xpub, a private extended key, bad formats: the boot stops naming the key (the RPC URL is not shown)', () => {
    expect(() => testConfig({ ...FULL, CRYPTO_XPUB: 'xpub-not-really' })).toThrow(
      /Invalid configuration: CRYPTO_XPUB must be a BIP-32 extended public key/,
    );
    expect(() => testConfig({ ...FULL, CRYPTO_XPUB: account.privateExtendedKey })).toThrow(
      /CRYPTO_XPUB is a PRIVATE extended key/,
    );
    expect(() => testConfig({ ...FULL, CRYPTO_TOKEN_ADDRESS: '0x1234' })).toThrow(ConfigError);
    expect(() => testConfig({ ...FULL, CRYPTO_TOKEN_DECIMALS: '1' })).toThrow(
      /CRYPTO_TOKEN_DECIMALS \(1\) must be at least the minor-unit digits of USD \(2\)/,
    );
    let message = '';
    try {
      testConfig({ ...FULL, CRYPTO_RPC_URL: 'ftp://secret-key@rpc' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/CRYPTO_RPC_URL/);
    expect(message).not.toMatch(/secret-key/);
  });

  describe('token pegged to another currency than the store', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp('payments-crypto-config', { ...FULL, CRYPTO_TOKEN_CURRENCY: 'EUR' });
    });
    afterAll(() => t.close());

    it('the provider is off with one line saying why; checkout with it is a 400 naming the available ones', async () => {
      expect(t.config.payments.cryptoOff).toBe(
        "crypto payments are off: CRYPTO_TOKEN_CURRENCY is EUR but STORE_CURRENCY is USD (the token must be pegged 1:1 to the store's currency)",
      );
      const buyer = await createUser(t);
      const res = await checkout(t, buyer, { provider: 'crypto' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
      expect(res.body.details.available).toEqual(['fake']);
    });

    it('an order paid in crypto before the provider was switched off can still have its on-chain refund recorded', async () => {
      const staff = await createUser(t, Role.Staff);
      const seller = await createUser(t, Role.Seller);
      const product = await createProduct(t, { seller, price: 1000, stock: 5 });
      const buyer = await createUser(t);
      const orderId = await paidOrder(t, buyer, [{ productId: product.id, quantity: 1 }]);
      // As the row would be had crypto been on when it was paid.
      await t.sql(`UPDATE payment SET provider = 'crypto' WHERE order_id = $1`, [orderId]);
      const txHash = `0x${'9a'.repeat(32)}`;
      const res = await t.http.post(
        `/api/v1/orders/${orderId}/crypto-refund`,
        { txHash },
        { token: staff.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('refunded');
      const rows = await t.sql<{ status: string; provider_ref: string }>(
        `SELECT status, provider_ref FROM refund WHERE order_id = $1`,
        [orderId],
      );
      expect(rows).toEqual([{ status: 'succeeded', provider_ref: txHash }]);
    });

    it('the OpenAPI documents the crypto payment instructions and the manual-refund routes', async () => {
      const spec = (await t.http.get('/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
      };
      const crypto = spec.components.schemas.CryptoPaymentDto;
      for (const field of [
        'chainId',
        'tokenAddress',
        'depositAddress',
        'amount',
        'decimals',
        'expiresAt',
        'uri',
        'received',
      ])
        expect(crypto.properties).toHaveProperty(field);
      expect(spec.components.schemas.CheckoutPaymentDto.properties).toHaveProperty('crypto');
      expect(spec.components.schemas.PaymentStatusDto.properties).toHaveProperty('crypto');
      expect(spec.paths['/api/v1/payments']).toHaveProperty('get');
      expect(spec.paths['/api/v1/payments/manual-refunds/{id}']).toHaveProperty('post');
      expect(spec.paths['/api/v1/orders/{id}/crypto-refund']).toHaveProperty('post');
    });
  });
});
