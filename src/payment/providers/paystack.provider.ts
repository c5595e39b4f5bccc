import { createHmac, timingSafeEqual } from 'node:crypto';
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

export const PAYSTACK_DEFAULT_API_URL = 'https://api.paystack.co';

export interface PaystackSettings {
  secretKey: string;
  /** PAYSTACK_API_URL (tests point it at a local server). */
  apiUrl?: string;
}

interface PaystackTransaction {
  id: number | string;
  reference: string;
  status: string;
  amount: number | string;
  currency: string;
  gateway_response?: string;
}

/**
 * A refund as `POST /refund` answers it (with its `id`) and as the refund webhooks carry it: those
 * have no refund id, only `transaction_reference`, the processor's `refund_reference` (null while
 * pending) and the amount (sometimes a string), e.g.
 * `{"event":"refund.processed","data":{"status":"processed","transaction_reference":"T215…",
 * "refund_reference":"132013318360","amount":"5000","currency":"NGN",…}}`.
 */
interface PaystackRefund {
  id?: number | string;
  status: string;
  amount?: number | string;
  currency?: string;
  transaction_reference?: string;
  refund_reference?: string | null;
  transaction?: { reference?: string } | number | string;
}

/**
 * Paystack over its REST API with `fetch` (three endpoints: initialize, verify, refund). Amounts
 * are the currency's minor unit (kobo, pesewas, cents), which is what we store. Webhooks are
 * checked by HMAC-SHA512 of the exact raw body with the secret key, compared in constant time
 * with `x-paystack-signature`, before the body is parsed. Paystack has no event ids: an event is
 * identified by its kind and the transaction (or refund) id, so a redelivery is recognised.
 */
export class PaystackPaymentProvider implements PaymentProvider {
  readonly name = 'paystack';
  private readonly baseUrl: string;

  constructor(private readonly settings: PaystackSettings) {
    this.baseUrl = (settings.apiUrl ?? PAYSTACK_DEFAULT_API_URL).replace(/\/$/, '');
  }

  async createSession(request: PaymentSessionRequest): Promise<PaymentSession> {
    const data = await this.call<{ authorization_url: string; access_code: string }>(
      'POST',
      '/transaction/initialize',
      {
        reference: request.reference,
        amount: request.amount,
        currency: request.currency,
        email: request.customerEmail,
        callback_url: request.successUrl,
        metadata: {
          order_id: request.orderId,
          order_number: request.orderNumber,
          cancel_action: request.cancelUrl,
        },
      },
    );
    if (!data?.authorization_url)
      throw new PaymentProviderError('Paystack', 'no authorization_url in the answer');
    return { providerRef: data.access_code ?? null, redirectUrl: data.authorization_url };
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async parseWebhook({ rawBody, headers }: WebhookRequest): Promise<ProviderEvent[]> {
    const signature = headers['x-paystack-signature'];
    if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/i.test(signature))
      throw new WebhookSignatureError('Paystack', 'missing or malformed x-paystack-signature header');
    const expected = createHmac('sha512', this.settings.secretKey).update(rawBody).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
      throw new WebhookSignatureError('Paystack', 'the signature does not match the body');
    let body: { event?: string; data?: Record<string, unknown> };
    try {
      body = JSON.parse(rawBody.toString('utf8')) as typeof body;
    } catch {
      throw new WebhookSignatureError('Paystack', 'the body is not JSON');
    }
    const payload = body as Record<string, unknown>;
    const data = body.data ?? {};
    switch (body.event) {
      case 'charge.success':
      case 'charge.failed': {
        const tx = data as unknown as PaystackTransaction;
        if (!tx.reference) return [];
        return [
          this.transactionEvent(
            tx,
            body.event === 'charge.success' ? 'succeeded' : 'failed',
            body.event,
            payload,
          ),
        ];
      }
      case 'refund.processed':
      case 'refund.failed': {
        const r = data as unknown as PaystackRefund;
        const reference = refundTransactionRef(r);
        const amount = r.amount === undefined || r.amount === null ? undefined : Number(r.amount);
        if (!reference && (r.id === undefined || r.id === null)) return [];
        // No refund id in the event: it is known by its transaction, the processor's reference
        // and the amount (a redelivery repeats all three). Our row is found by transaction and
        // amount (RefundLedger.findRefund), or by the refund id where a payload carries one.
        const key = r.id ?? `${reference}:${r.refund_reference ?? ''}:${amount ?? ''}`;
        return [
          {
            provider: this.name,
            eventId: `${body.event}:${key}`,
            reference,
            type: body.event === 'refund.processed' ? 'refund_succeeded' : 'refund_failed',
            refundRef: r.id === undefined || r.id === null ? undefined : String(r.id),
            amount,
            currency: r.currency?.toUpperCase(),
            payload,
          },
        ];
      }
      default:
        return [];
    }
  }

  private transactionEvent(
    tx: PaystackTransaction,
    type: 'succeeded' | 'failed',
    kind: string,
    payload: Record<string, unknown>,
  ): ProviderEvent {
    return {
      provider: this.name,
      // The webhook and the verify call describe the same charge with the same id: one applies.
      eventId: `${kind}:${tx.id}`,
      reference: tx.reference,
      type,
      amount: Number(tx.amount),
      currency: tx.currency?.toUpperCase(),
      failureReason: type === 'failed' ? tx.gateway_response : undefined,
      payload,
    };
  }

  async verify(payment: { reference: string }): Promise<ProviderEvent | null> {
    const tx = await this.call<PaystackTransaction>(
      'GET',
      `/transaction/verify/${encodeURIComponent(payment.reference)}`,
    );
    if (!tx || tx.reference !== payment.reference) return null;
    const payload = { via: 'verify', data: tx } as Record<string, unknown>;
    if (tx.status === 'success') return this.transactionEvent(tx, 'succeeded', 'charge.success', payload);
    if (tx.status === 'failed') return this.transactionEvent(tx, 'failed', 'charge.failed', payload);
    // abandoned / ongoing / pending / queued: nothing decided yet.
    return null;
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    const r = await this.call<PaystackRefund>('POST', '/refund', {
      transaction: request.reference,
      amount: request.amount,
      currency: request.currency,
      ...(request.reason ? { merchant_note: request.reason.slice(0, 200) } : {}),
    });
    const status = r.status === 'processed' ? 'succeeded' : r.status === 'failed' ? 'failed' : 'pending';
    return { providerRef: r.id === undefined ? null : String(r.id), status };
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.settings.secretKey}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new PaymentProviderError('Paystack', (err as Error).message);
    }
    const json = (await res.json().catch(() => null)) as {
      status?: boolean;
      message?: string;
      data?: T;
    } | null;
    if (!res.ok || !json?.status)
      throw new PaymentProviderError('Paystack', `${res.status} ${json?.message ?? res.statusText}`.trim());
    return json.data as T;
  }
}

function refundTransactionRef(r: PaystackRefund): string {
  if (r.transaction_reference) return r.transaction_reference;
  if (r.transaction && typeof r.transaction === 'object' && r.transaction.reference)
    return r.transaction.reference;
  return '';
}
