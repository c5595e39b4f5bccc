import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock';
import { ConflictError, NotFoundError } from '../../common/errors/domain-error';
import { AppConfig, CryptoSettings } from '../../config/app-config';
import {
  PaymentDetails,
  PaymentProvider,
  PaymentSession,
  PaymentSessionRequest,
  RefundRequest,
  RefundResult,
} from '../payment-provider';
import { ChainClient } from './chain-client';
import { DepositAddresses } from './deposit-address';
import { CryptoPaymentDto } from './dto/crypto-payment.dto';
import { erc20TransferUri } from './eip681';
import { formatUnits, toTokenUnits } from './token-amount';

export const CRYPTO_PROVIDER = 'crypto';
/** A deposit address is still watched this long after its window, so late money is seen and listed for refund. */
export const LATE_WATCH_DAYS = 7;

interface DepositRow {
  chain_id: number;
  token_address: string;
  address: string;
  decimals: number;
  expected: string;
  expires_at: Date;
  received: string;
  unconfirmed: string;
}

/**
 * Pay with a wallet: a stablecoin transfer on an EVM chain. Each payment gets its own deposit
 * address, derived from the merchant's xpub (no private key on the server), and an exact amount
 * in token units; CryptoDepositScanner watches the chain and applies the verdict through
 * PaymentsService.applyProviderEvent. Refunds are on-chain and manual: refund() refuses.
 */
@Injectable()
export class CryptoPaymentProvider implements PaymentProvider {
  readonly name = CRYPTO_PROVIDER;
  readonly manualRefunds = true;
  readonly settings?: CryptoSettings;
  readonly chain?: ChainClient;
  private readonly addresses?: DepositAddresses;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.settings = config.payments.crypto;
    if (this.settings) {
      this.chain = new ChainClient(this.settings);
      this.addresses = new DepositAddresses(this.settings.xpub);
    }
  }

  get enabled(): boolean {
    return !!this.settings;
  }

  /** Idempotent per payment: a retried session returns the same address and amount. */
  async createSession(request: PaymentSessionRequest): Promise<PaymentSession> {
    const settings = this.settings!;
    const [payment] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM payment WHERE reference = $1 AND provider = $2`,
      [request.reference, CRYPTO_PROVIDER],
    );
    if (!payment) throw new NotFoundError('Payment', { reference: request.reference });
    let crypto = await this.details(request.reference);
    if (!crypto) {
      const startBlock = await this.chain!.head();
      const [{ index }] = await this.dataSource.query<{ index: number }[]>(
        `SELECT nextval('crypto_address_index_seq')::int AS index`,
      );
      const expected = toTokenUnits(request.amount, request.currency, settings.tokenDecimals);
      // The window, but never past the order's own expiry (ORDER_TTL_MINUTES): money sent after
      // that could no longer pay the order, so the shopper is not told to send it.
      const windowEnd = this.clock.now().getTime() + settings.windowMinutes * 60_000;
      const expiresAt = new Date(
        request.expiresAt ? Math.min(windowEnd, request.expiresAt.getTime()) : windowEnd,
      );
      const watchUntil = new Date(expiresAt.getTime() + LATE_WATCH_DAYS * 86_400_000);
      await this.dataSource.query(
        `INSERT INTO crypto_deposit (payment_id, chain_id, token_address, address_index, address, decimals, expected, start_block, expires_at, watch_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (payment_id) DO NOTHING`,
        [
          payment.id,
          settings.chainId,
          settings.tokenAddress,
          index,
          this.addresses!.address(index),
          settings.tokenDecimals,
          expected.toString(),
          startBlock.toString(),
          expiresAt,
          watchUntil,
        ],
      );
      crypto = (await this.details(request.reference))!;
    }
    return { providerRef: crypto.depositAddress, redirectUrl: crypto.uri, details: { crypto } };
  }

  /** The instructions and progress ("received X of Y") of a crypto payment, or null if it has no address yet. */
  async details(reference: string): Promise<CryptoPaymentDto | null> {
    const [row] = await this.dataSource.query<DepositRow[]>(
      `SELECT d.chain_id, d.token_address, d.address, d.decimals, d.expected, d.expires_at,
              coalesce(sum(t.amount) FILTER (WHERE t.status = 'confirmed'), 0)::text AS received,
              coalesce(sum(t.amount) FILTER (WHERE t.status = 'seen'), 0)::text AS unconfirmed
         FROM payment p JOIN crypto_deposit d ON d.payment_id = p.id
         LEFT JOIN crypto_transfer t ON t.payment_id = d.payment_id
        WHERE p.reference = $1
        GROUP BY d.payment_id`,
      [reference],
    );
    if (!row) return null;
    const expected = BigInt(row.expected);
    return {
      chainId: row.chain_id,
      tokenAddress: row.token_address,
      depositAddress: row.address,
      amount: expected.toString(),
      decimals: row.decimals,
      displayAmount: formatUnits(expected, row.decimals),
      expiresAt: new Date(row.expires_at).toISOString(),
      uri: erc20TransferUri({
        tokenAddress: row.token_address,
        chainId: row.chain_id,
        to: row.address,
        amount: expected,
      }),
      received: row.received,
      unconfirmed: row.unconfirmed,
      confirmations: this.settings?.confirmations ?? 0,
    };
  }

  async paymentDetails(reference: string): Promise<PaymentDetails | null> {
    const crypto = await this.details(reference);
    return crypto ? { crypto } : null;
  }

  /** Money on-chain cannot be pulled back by the server (it holds no key): staff send it and record the hash. */
  manualRefundRefusal(reference: string): ConflictError {
    return new ConflictError(
      'CRYPTO_REFUND_MANUAL',
      'Crypto payments are refunded on-chain by staff: send the amount back from the merchant wallet to the sender, then record the transaction hash with POST /api/v1/orders/{id}/crypto-refund (same body as a refund, plus txHash)',
      { reference, provider: CRYPTO_PROVIDER },
    );
  }

  /** Never reached through RefundsService (it refuses manual providers before writing a row); refuses all the same. */
  refund(request: RefundRequest): Promise<RefundResult> {
    return Promise.reject(this.manualRefundRefusal(request.reference));
  }
}
