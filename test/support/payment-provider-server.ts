/**
 * A local HTTP server speaking the subset of Stripe's and Paystack's APIs Bazaar calls, so the
 * real `stripe` SDK (pointed here by STRIPE_API_URL) and our Paystack fetch client (PAYSTACK_API_URL)
 * run unchanged: form-encoded Stripe requests with Idempotency-Key replay, JSON Paystack requests
 * with a Bearer key. It records every request and lets a test play the provider's part (mark a
 * session paid, make the API fail), and signs webhooks the way the providers do:
 * `stripe.webhooks.generateTestHeaderString` and a real HMAC-SHA512.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export const STRIPE_TEST_KEY = 'sk_test_bazaar_local';
export const STRIPE_WEBHOOK_SECRET = 'whsec_bazaar_local_secret';
export const PAYSTACK_TEST_KEY = 'sk_test_paystack_local';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
}

type Json = Record<string, any>;

const id = (prefix: string) => `${prefix}_${randomBytes(10).toString('hex')}`;

/** Decodes Stripe's form encoding (`line_items[0][price_data][unit_amount]=500`) into nested objects/arrays. */
export function decodeStripeForm(body: string): Json {
  const out: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.replace(/\]/g, '').split('[');
    let node: any = out;
    path.forEach((seg, i) => {
      const last = i === path.length - 1;
      if (last) node[seg] = value;
      else node = node[seg] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
    });
  }
  return out;
}

export class PaymentProviderServer {
  readonly requests: RecordedRequest[] = [];
  readonly sessions = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  readonly transactions = new Map<string, Json>();
  readonly paystackRefunds = new Map<string, Json>();
  /** While true every API call answers 503 (the provider is down). */
  down = false;
  /** Status Stripe gives new refunds (`succeeded`, `pending`, `failed`). */
  stripeRefundStatus = 'succeeded';
  private readonly idempotent = new Map<string, { status: number; body: Json }>();
  private server!: Server;
  readonly stripe = new Stripe(STRIPE_TEST_KEY);

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The env that points Bazaar at this server with both providers enabled. */
  env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: STRIPE_TEST_KEY,
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: this.url,
      PAYSTACK_SECRET_KEY: PAYSTACK_TEST_KEY,
      PAYSTACK_API_URL: this.url,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  received(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  // --- playing the provider ------------------------------------------------------------------

  /** The shopper paid on Stripe's page: the session completes (what checkout.session.completed then carries). */
  completeSession(sessionId: string, paymentStatus: 'paid' | 'unpaid' = 'paid'): Json {
    const s = this.sessions.get(sessionId)!;
    Object.assign(s, {
      status: 'complete',
      payment_status: paymentStatus,
      payment_intent: s.payment_intent ?? id('pi'),
    });
    return s;
  }

  /** The shopper paid on Paystack's page. */
  payTransaction(reference: string, status: 'success' | 'failed' = 'success'): Json {
    const tx = this.transactions.get(reference)!;
    tx.status = status;
    return tx;
  }

  stripeEvent(type: string, object: Json): string {
    return JSON.stringify({
      id: id('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      type,
      data: { object },
    });
  }

  signStripe(payload: string, secret = STRIPE_WEBHOOK_SECRET): string {
    return this.stripe.webhooks.generateTestHeaderString({ payload, secret });
  }

  paystackEvent(event: string, data: Json): string {
    return JSON.stringify({ event, data });
  }

  /**
   * Paystack settles a refund (`POST /refund` answered `pending`) and sends its webhook, in the
   * shape Paystack documents: no refund id, the transaction's reference, the processor's
   * `refund_reference` (null while pending) and the amount as a string.
   */
  paystackRefundWebhook(
    paystackRefundId: string,
    event: 'refund.pending' | 'refund.processed' | 'refund.failed',
  ): string {
    const stored = this.paystackRefunds.get(paystackRefundId)!;
    stored.status = event.slice('refund.'.length);
    if (event !== 'refund.pending') stored.refund_reference ??= String(Math.floor(Math.random() * 1e12));
    return this.paystackEvent(event, {
      status: stored.status,
      transaction_reference: stored.transaction.reference,
      refund_reference: event === 'refund.pending' ? null : stored.refund_reference,
      amount: String(stored.amount),
      currency: stored.currency,
      processor: 'mastercard',
      customer: { first_name: null, last_name: null, email: 'shopper@example.test' },
      integration: 412829,
      domain: 'test',
    });
  }

  signPaystack(payload: string, key = PAYSTACK_TEST_KEY): string {
    return createHmac('sha512', key).update(payload).digest('hex');
  }

  // --- HTTP ----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const isStripe = path.startsWith('/v1/');
    let body: Json = {};
    try {
      body = !text ? {} : isStripe ? decodeStripeForm(text) : (JSON.parse(text) as Json);
    } catch {
      body = { unparsable: text };
    }
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
    const send = (status: number, json: Json) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(json));
    };
    if (this.down) {
      return isStripe
        ? send(503, {
            error: { type: 'api_error', message: 'Service temporarily unavailable (local test server)' },
          })
        : send(503, { status: false, message: 'Service unavailable (local test server)' });
    }
    if (isStripe) {
      if (req.headers.authorization !== `Bearer ${STRIPE_TEST_KEY}`)
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      const key = req.headers['idempotency-key'];
      const replayKey = typeof key === 'string' ? `${req.method} ${path} ${key}` : null;
      const prior = replayKey && this.idempotent.get(replayKey);
      if (prior) return send(prior.status, prior.body);
      const [status, json] = this.stripeRoute(req.method ?? 'GET', path, body);
      if (replayKey && req.method === 'POST') this.idempotent.set(replayKey, { status, body: json });
      return send(status, json);
    }
    if (req.headers.authorization !== `Bearer ${PAYSTACK_TEST_KEY}`)
      return send(401, { status: false, message: 'Invalid key' });
    const [status, json] = this.paystackRoute(req.method ?? 'GET', path, body);
    return send(status, json);
  }

  private stripeRoute(method: string, path: string, body: Json): [number, Json] {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const lines = (body.line_items ?? []) as Json[];
      const amount = lines.reduce((sum, l) => sum + Number(l.price_data.unit_amount) * Number(l.quantity), 0);
      const session = {
        id: id('cs_test'),
        object: 'checkout.session',
        mode: body.mode,
        url: `https://checkout.stripe.test/c/pay/${id('cs')}`,
        amount_total: amount,
        currency: body.line_items?.[0]?.price_data?.currency ?? 'usd',
        client_reference_id: body.client_reference_id ?? null,
        customer_email: body.customer_email ?? null,
        metadata: body.metadata ?? {},
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        expires_at: Number(body.expires_at),
        status: 'open',
        payment_status: 'unpaid',
        payment_intent: null,
      };
      this.sessions.set(session.id, session);
      return [200, session];
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === 'GET' && sessionMatch) {
      const s = this.sessions.get(sessionMatch[1]);
      return s
        ? [200, s]
        : [
            404,
            {
              error: {
                type: 'invalid_request_error',
                message: `No such checkout.session: ${sessionMatch[1]}`,
              },
            },
          ];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = body.payment_intent as string;
      const session = [...this.sessions.values()].find((s) => s.payment_intent === intent);
      if (!session)
        return [400, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } }];
      const already = [...this.refunds.values()]
        .filter((r) => r.payment_intent === intent && r.status !== 'failed')
        .reduce((sum, r) => sum + Number(r.amount), 0);
      const amount = Number(body.amount ?? session.amount_total - already);
      if (already + amount > session.amount_total)
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              code: 'charge_already_refunded',
              message: 'Refund exceeds the charge',
            },
          },
        ];
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: session.currency,
        payment_intent: intent,
        metadata: body.metadata ?? {},
        status: this.stripeRefundStatus,
      };
      this.refunds.set(refund.id, refund);
      return [200, refund];
    }
    return [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path})` } },
    ];
  }

  private paystackRoute(method: string, path: string, body: Json): [number, Json] {
    if (method === 'POST' && path === '/transaction/initialize') {
      if (this.transactions.has(body.reference))
        return [400, { status: false, message: 'Duplicate Transaction Reference' }];
      const tx = {
        id: Math.floor(Math.random() * 1e9),
        reference: body.reference,
        amount: Number(body.amount),
        currency: body.currency,
        email: body.email,
        metadata: body.metadata,
        callback_url: body.callback_url,
        status: 'abandoned',
        access_code: id('ac'),
      };
      this.transactions.set(tx.reference, tx);
      return [
        200,
        {
          status: true,
          message: 'Authorization URL created',
          data: {
            authorization_url: `https://checkout.paystack.test/${tx.access_code}`,
            access_code: tx.access_code,
            reference: tx.reference,
          },
        },
      ];
    }
    const verify = /^\/transaction\/verify\/([^/]+)$/.exec(path);
    if (method === 'GET' && verify) {
      const tx = this.transactions.get(decodeURIComponent(verify[1]));
      return tx
        ? [200, { status: true, message: 'Verification successful', data: tx }]
        : [400, { status: false, message: 'Transaction reference not found' }];
    }
    if (method === 'POST' && path === '/refund') {
      const tx = this.transactions.get(body.transaction);
      if (!tx || tx.status !== 'success')
        return [400, { status: false, message: 'Transaction not found or not paid' }];
      const already = [...this.paystackRefunds.values()]
        .filter((r) => r.transaction.reference === tx.reference && r.status !== 'failed')
        .reduce((sum, r) => sum + Number(r.amount), 0);
      const amount = Number(body.amount ?? tx.amount - already);
      if (already + amount > tx.amount)
        return [400, { status: false, message: 'Refund amount cannot be greater than transaction amount' }];
      const refund = {
        id: Math.floor(Math.random() * 1e9),
        status: 'pending',
        amount,
        currency: tx.currency,
        transaction: { id: tx.id, reference: tx.reference },
      };
      this.paystackRefunds.set(String(refund.id), refund);
      return [200, { status: true, message: 'Refund has been queued for processing', data: refund }];
    }
    return [404, { status: false, message: `No route ${method} ${path}` }];
  }
}
