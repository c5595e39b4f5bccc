/**
 * The contract every payment provider implements (fake now; Stripe Checkout and Paystack later).
 * Amounts are integer minor units and go to providers unchanged.
 *
 * Flow: checkout writes a `pending` payment row and commits, then calls `createSession` (never
 * while holding row locks). The verdict comes back as a ProviderEvent — from `parseWebhook` after
 * the signature over the raw body is verified, or from a server-side verification call — and is
 * applied by PaymentsService.applyProviderEvent, idempotently per event id.
 */
import { BadRequestError, DomainError } from '../common/errors/domain-error';
import type { CryptoPaymentDto } from './crypto/dto/crypto-payment.dto';

export interface PaymentSessionRequest {
  /** Our reference (unique); providers echo it back (Paystack `reference`, Stripe `client_reference_id`/metadata). */
  reference: string;
  orderId: string;
  orderNumber: string;
  amount: number;
  currency: string;
  customerEmail: string;
  /** Where the provider sends the shopper after paying / abandoning. */
  successUrl: string;
  cancelUrl: string;
  /**
   * Optional detail for providers that show it (Stripe line items): the order's lines and its
   * shipping fee, which add up to `amount`. Providers that only take a total ignore them.
   */
  lines?: { name: string; unitAmount: number; quantity: number }[];
  shippingFee?: number;
  /** When the session should stop accepting payment (the order's expiry); providers clamp it to their limits. */
  expiresAt?: Date;
}

/** Provider-specific facts shown with a payment (checkout response, status page). */
export interface PaymentDetails {
  /** Crypto: where and how much to send, and what has arrived. */
  crypto?: CryptoPaymentDto;
}

export interface PaymentSession {
  /** The provider's id for the session/transaction (Stripe `cs_...`, Paystack access code), if any. */
  providerRef: string | null;
  /** Where the shopper pays. */
  redirectUrl: string;
  details?: PaymentDetails;
}

/**
 * `refunded`: the whole payment went back outside our refund rows (e.g. from the provider's
 * dashboard). `refund_succeeded` / `refund_failed`: the provider settled one of our refund rows
 * (named by `refundId`, our id sent as metadata, or `refundRef`, the provider's refund id).
 */
export type ProviderEventType =
  'succeeded' | 'failed' | 'expired' | 'refunded' | 'refund_succeeded' | 'refund_failed';

/** A provider's verdict, normalised. Only ever built from verified data. */
export interface ProviderEvent {
  provider: string;
  /** Unique per provider (Stripe `evt_...`, Paystack event id / reference+event). */
  eventId: string;
  /** Our payment reference. */
  reference: string;
  type: ProviderEventType;
  /** What the provider says was paid; checked against the order. */
  amount?: number;
  currency?: string;
  /** The raw event, kept for audit. */
  payload?: Record<string, unknown>;
  /** refund_* events: our refund row id, when the provider echoes it (Stripe refund metadata). */
  refundId?: string;
  /** refund_* events: the provider's refund id. */
  refundRef?: string;
  /** Why a payment or refund failed, in the provider's words. */
  failureReason?: string;
}

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface RefundRequest {
  reference: string;
  providerRef: string | null;
  amount: number;
  currency: string;
  /**
   * Our refund row id: providers use it as their idempotency key (a retried call refunds once)
   * and echo it back in their refund events where they can. Absent only for legacy callers.
   */
  refundId?: string;
  reason?: string | null;
}

export interface RefundResult {
  /** The provider's refund id, if any. */
  providerRef: string | null;
  /**
   * `pending` when the provider confirms later by webhook (Stripe `refund.updated`, Paystack
   * `refund.processed`); `failed` when it refused outright.
   */
  status: 'succeeded' | 'pending' | 'failed';
  failureReason?: string;
}

/**
 * The provider could not be reached or answered with an error (network, 5xx, bad key): the route
 * answers 502 PAYMENT_PROVIDER_ERROR. Not for a definite "no" (a declined refund is a RefundResult).
 */
export class PaymentProviderError extends DomainError {
  constructor(provider: string, detail: string) {
    super(
      502,
      'PAYMENT_PROVIDER_ERROR',
      `The ${provider} payment service could not be reached: ${detail}`.slice(0, 300),
      {
        provider,
      },
    );
  }
}

/** A webhook whose signature is missing or does not match the exact raw body: 400, nothing read. */
export class WebhookSignatureError extends BadRequestError {
  constructor(provider: string, detail = 'missing or invalid signature') {
    super('WEBHOOK_SIGNATURE_INVALID', `${provider} webhook rejected: ${detail}`);
  }
}

export interface PaymentProvider {
  /** `fake`, `stripe`, `paystack`: what clients send as `provider` at checkout. */
  readonly name: string;
  createSession(request: PaymentSessionRequest): Promise<PaymentSession>;
  /**
   * Verifies the signature over the exact raw body BEFORE reading any field, then returns the
   * events it carries (empty for event types we ignore). Throws WebhookSignatureError when the
   * signature is missing or wrong. Providers without webhooks (fake) do not implement it.
   */
  parseWebhook?(request: WebhookRequest): Promise<ProviderEvent[]>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * Asks the provider about a payment still pending here (the success page, the Paystack sweep):
   * returns the same verdict a webhook would carry, or null while nothing is decided. Optional:
   * providers without a lookup (fake) do not implement it.
   */
  verify?(payment: { reference: string; providerRef: string | null }): Promise<ProviderEvent | null>;
  /** Provider-specific facts of a payment for responses (crypto: deposit address, amount received). */
  paymentDetails?(reference: string): Promise<PaymentDetails | null>;
  /** Refunds cannot be made by the server (crypto): staff make them and record them; never refunded automatically. */
  readonly manualRefunds?: boolean;
  /**
   * manualRefunds providers: the 409 POST /orders/:id/refund answers, before any refund row is
   * written, telling staff how such a refund is made and recorded instead.
   */
  manualRefundRefusal?(reference: string): DomainError;
}

/** DI token: the list of configured providers (a provider with no keys is simply not in it). */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');
