/**
 * The contract every payment provider implements (fake now; Stripe Checkout and Paystack later).
 * Amounts are integer minor units and go to providers unchanged.
 *
 * Flow: checkout writes a `pending` payment row and commits, then calls `createSession` (never
 * while holding row locks). The verdict comes back as a ProviderEvent — from `parseWebhook` after
 * the signature over the raw body is verified, or from a server-side verification call — and is
 * applied by PaymentsService.applyProviderEvent, idempotently per event id.
 */
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

export type ProviderEventType = 'succeeded' | 'failed' | 'expired' | 'refunded';

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
}

export interface RefundResult {
  /** The provider's refund id, if any. */
  providerRef: string | null;
  /** `pending` when the provider confirms later by webhook (e.g. Stripe `charge.refunded`). */
  status: 'succeeded' | 'pending';
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
  /** Provider-specific facts of a payment for responses (crypto: deposit address, amount received). */
  paymentDetails?(reference: string): Promise<PaymentDetails | null>;
  /** Refunds cannot be made by the server (crypto): staff make them and record them; never refunded automatically. */
  readonly manualRefunds?: boolean;
}

/** DI token: the list of configured providers (a provider with no keys is simply not in it). */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');
