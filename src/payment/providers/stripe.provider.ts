import Stripe from 'stripe';
import {
  PaymentProvider,
  PaymentProviderError,
  PaymentSession,
  PaymentSessionRequest,
  ProviderEvent,
  RefundRequest,
  RefundResult,
  WebhookRequest,
  WebhookSignatureError,
} from '../payment-provider';

/** Stripe's bounds on a Checkout Session's `expires_at`: 30 minutes to 24 hours after creation. */
export const STRIPE_MIN_EXPIRY_MS = 30 * 60_000;
export const STRIPE_MAX_EXPIRY_MS = 24 * 60 * 60_000;
/** Clock skew between us and Stripe: a session asked to live exactly 30 minutes could be refused. */
const EXPIRY_MARGIN_MS = 60_000;

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** STRIPE_API_URL: scheme, host and port of the API (tests point the SDK at a local server). */
  apiUrl?: string;
}

/** Where the session's expiry lands: the order's expiry, moved into Stripe's 30 min..24 h window. */
export function stripeExpiresAt(wanted: Date | undefined, now: number): number {
  const min = now + STRIPE_MIN_EXPIRY_MS + EXPIRY_MARGIN_MS;
  const max = now + STRIPE_MAX_EXPIRY_MS - EXPIRY_MARGIN_MS;
  const at = Math.min(max, Math.max(min, wanted?.getTime() ?? min));
  return Math.floor(at / 1000);
}

/**
 * Stripe Checkout through the official SDK. Sessions in `payment` mode with one line item per
 * order line plus shipping; webhooks verified by `stripe.webhooks.constructEvent` over the exact
 * raw body before any field is read; refunds against the session's PaymentIntent with our refund
 * row id as idempotency key and metadata (so `refund.updated` names the row it settles).
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(
    private readonly settings: StripeSettings,
    private readonly now: () => number = Date.now,
  ) {
    const url = settings.apiUrl ? new URL(settings.apiUrl) : null;
    this.stripe = new Stripe(settings.secretKey, {
      maxNetworkRetries: 1,
      timeout: 15_000,
      telemetry: false,
      ...(url
        ? {
            host: url.hostname,
            port: url.port || (url.protocol === 'https:' ? 443 : 80),
            protocol: url.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  async createSession(request: PaymentSessionRequest): Promise<PaymentSession> {
    const currency = request.currency.toLowerCase();
    const lines = request.lines ?? [];
    const itemised =
      lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0) + (request.shippingFee ?? 0);
    // One line per order line plus shipping when they add up to the total; otherwise one line for
    // the whole order (Stripe charges the sum of the line items, which must be what we check against).
    const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] =
      lines.length && itemised === request.amount
        ? [
            ...lines.map((l) => ({
              quantity: l.quantity,
              price_data: {
                currency,
                unit_amount: l.unitAmount,
                product_data: { name: l.name.slice(0, 250) },
              },
            })),
            ...(request.shippingFee
              ? [
                  {
                    quantity: 1,
                    price_data: {
                      currency,
                      unit_amount: request.shippingFee,
                      product_data: { name: 'Shipping' },
                    },
                  },
                ]
              : []),
          ]
        : [
            {
              quantity: 1,
              price_data: {
                currency,
                unit_amount: request.amount,
                product_data: { name: `Order ${request.orderNumber}` },
              },
            },
          ];
    const metadata = { reference: request.reference, order_number: request.orderNumber };
    const expiresAt = stripeExpiresAt(request.expiresAt, this.now());
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: lineItems,
          client_reference_id: request.orderId,
          metadata,
          payment_intent_data: { metadata },
          customer_email: request.customerEmail,
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          expires_at: expiresAt,
        },
        // The SDK's own retries reuse it; a later attempt (different expiry) is a new key.
        { idempotencyKey: `bazaar-session-${request.reference}-${expiresAt}` },
      ),
    );
    if (!session.url) throw new PaymentProviderError('Stripe', 'the session has no URL');
    return { providerRef: session.id, redirectUrl: session.url };
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async parseWebhook({ rawBody, headers }: WebhookRequest): Promise<ProviderEvent[]> {
    const header = headers['stripe-signature'];
    if (typeof header !== 'string' || !header)
      throw new WebhookSignatureError('Stripe', 'missing Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, header, this.settings.webhookSecret);
    } catch {
      throw new WebhookSignatureError('Stripe', 'the signature does not match the body');
    }
    return this.toEvents(event);
  }

  private toEvents(event: Stripe.Event): ProviderEvent[] {
    const payload = event as unknown as Record<string, unknown>;
    const base = { provider: this.name, eventId: event.id, payload };
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const s = event.data.object;
        // `unpaid` on completion: an asynchronous method (bank debit) settles later by its own event.
        if (s.payment_status !== 'paid' || !s.metadata?.reference) return [];
        return [this.sessionEvent(base, s, 'succeeded')];
      }
      case 'checkout.session.async_payment_failed':
        return event.data.object.metadata?.reference
          ? [this.sessionEvent(base, event.data.object, 'failed')]
          : [];
      case 'checkout.session.expired':
        return event.data.object.metadata?.reference
          ? [this.sessionEvent(base, event.data.object, 'expired')]
          : [];
      case 'refund.updated':
      case 'refund.failed': {
        const e = this.refundEvent(base, event.data.object);
        return e ? [e] : [];
      }
      case 'charge.refunded': {
        // Recent API versions leave `refunds` out of the charge; refund.updated then carries each refund.
        const refunds = event.data.object.refunds?.data ?? [];
        return refunds
          .map((r) => this.refundEvent({ ...base, eventId: `${event.id}:${r.id}` }, r))
          .filter((e): e is ProviderEvent => !!e);
      }
      default:
        return [];
    }
  }

  private sessionEvent(
    base: Pick<ProviderEvent, 'provider' | 'eventId' | 'payload'>,
    s: Stripe.Checkout.Session,
    type: 'succeeded' | 'failed' | 'expired',
  ): ProviderEvent {
    return {
      ...base,
      reference: s.metadata!.reference,
      type,
      amount: s.amount_total ?? undefined,
      currency: s.currency?.toUpperCase(),
    };
  }

  private refundEvent(
    base: Pick<ProviderEvent, 'provider' | 'eventId' | 'payload'>,
    r: Stripe.Refund,
  ): ProviderEvent | null {
    const type =
      r.status === 'succeeded'
        ? 'refund_succeeded'
        : r.status === 'failed' || r.status === 'canceled'
          ? 'refund_failed'
          : null;
    if (!type) return null;
    return {
      ...base,
      reference: r.metadata?.reference ?? '',
      type,
      refundId: r.metadata?.refund_id,
      refundRef: r.id,
      amount: r.amount,
      currency: r.currency?.toUpperCase(),
      failureReason: r.failure_reason ?? undefined,
    };
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    if (!request.providerRef) throw new PaymentProviderError('Stripe', 'the payment has no session');
    const session = await this.call(() => this.stripe.checkout.sessions.retrieve(request.providerRef!));
    const intent =
      typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    if (!intent) throw new PaymentProviderError('Stripe', 'the session has no payment to refund');
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: intent,
          amount: request.amount,
          metadata: {
            reference: request.reference,
            ...(request.refundId ? { refund_id: request.refundId } : {}),
          },
        },
        { idempotencyKey: `bazaar-refund-${request.refundId ?? request.reference}` },
      ),
    );
    const status =
      refund.status === 'succeeded'
        ? 'succeeded'
        : refund.status === 'failed' || refund.status === 'canceled'
          ? 'failed'
          : 'pending';
    return { providerRef: refund.id, status, failureReason: refund.failure_reason ?? undefined };
  }

  async verify(payment: { reference: string; providerRef: string | null }): Promise<ProviderEvent | null> {
    if (!payment.providerRef) return null;
    const s = await this.call(() => this.stripe.checkout.sessions.retrieve(payment.providerRef!));
    if (s.metadata?.reference !== payment.reference) return null;
    const base = { provider: this.name, payload: { via: 'verify', session: s.id } };
    if (s.status === 'complete' && s.payment_status === 'paid')
      return this.sessionEvent({ ...base, eventId: `verify:${s.id}:paid` }, s, 'succeeded');
    if (s.status === 'expired')
      return this.sessionEvent({ ...base, eventId: `verify:${s.id}:expired` }, s, 'expired');
    return null;
  }

  /** Any SDK failure (connection, 5xx, rejected request) becomes a 502 naming Stripe, never a 500. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof PaymentProviderError) throw err;
      const e = err as { message?: string; statusCode?: number };
      throw new PaymentProviderError(
        'Stripe',
        `${e.statusCode ? `${e.statusCode} ` : ''}${e.message ?? 'error'}`,
      );
    }
  }
}
