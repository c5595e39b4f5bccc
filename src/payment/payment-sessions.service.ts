import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { currencyCode, money, query } from '../common/raw-rows';
import { AppConfig } from '../config/app-config';
import { CheckoutPaymentDto } from './dto/checkout-payment.dto';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentStatus } from './entities/payment.entity';
import { PaymentProviderError } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { PaymentsService } from './payments.service';
import { prepared } from '../database/prepared-statement-cache';

/** A payment as checkout created it (enough to open its session without reading it back). */
export interface PendingPayment {
  id: string;
  reference: string;
  provider: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
}

interface PaymentRow {
  id: string;
  order_id: string;
  provider: string;
  reference: string;
  provider_ref: string | null;
  status: PaymentStatus;
  amount: string;
  currency: string;
  redirect_url: string | null;
}

/**
 * Payment sessions: the pending row written in the checkout transaction, the provider session
 * opened after commit (no lock held), the public status a success page reads — which, for a
 * payment still pending at a provider that can be asked (Stripe, Paystack), asks it and applies
 * the answer through PaymentsService.applyProviderEvent like a webhook would.
 */
/** The order detail a provider's session shows (Stripe line items, expiry from the order's creation). */
export interface SessionDetail {
  lines: { name: string; unitAmount: number; quantity: number }[];
  shippingFee: number;
  createdAt: Date;
}

@Injectable()
export class PaymentSessionsService {
  private readonly logger = new Logger(PaymentSessionsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: PaymentProviders,
    private readonly events: PaymentsService,
    private readonly config: AppConfig,
  ) {}

  /** 400 unless the provider is enabled. Checkout calls it before doing anything. */
  assertProvider(name: string): void {
    this.providers.get(name);
  }

  /** The providers a storefront may offer (GET /payments/providers). */
  enabled(): string[] {
    return this.providers.names;
  }

  /** Providers that can be asked about a payment (the pending sweep). */
  verifiable(): string[] {
    return this.providers.names.filter((n) => !!this.providers.get(n).verify);
  }

  /** Inside the transaction that cancels or expires the orders (CancelOpenPaymentsHook): they will not be paid. */
  async cancelOpenPayments(orderIds: readonly string[], m: EntityManager): Promise<void> {
    await m.query(
      `UPDATE payment SET status = 'cancelled', updated_at = now() WHERE order_id = ANY($1::uuid[]) AND status = 'pending'`,
      [orderIds],
    );
  }

  /** Inside the checkout transaction: the payment exists (pending) before any provider call. */
  async createPending(
    order: { id: string; total: number; currency: string },
    provider: string,
    m: EntityManager,
  ): Promise<PendingPayment> {
    const reference = `pay_${randomBytes(12).toString('base64url')}`;
    const [row]: { id: string }[] = await m.query(
      prepared(
        `INSERT INTO payment (order_id, provider, reference, status, amount, currency) VALUES ($1, $2, $3, 'pending', $4, $5) RETURNING id`,
      ),
      [order.id, provider, reference, order.total, order.currency],
    );
    return {
      id: row.id,
      reference,
      provider,
      status: PaymentStatus.Pending,
      amount: order.total,
      currency: order.currency,
    };
  }

  /**
   * After commit, with no locks held: asks the provider for a session and records its answer. A
   * provider that is down or answers an error → 502 PAYMENT_PROVIDER_ERROR; the order and its
   * payment stay pending (no redirect URL) and a retry with the same Idempotency-Key opens a
   * session again. The reservation still ends at ORDER_TTL_MINUTES (the expiry job).
   */
  async openSession(
    payment: PendingPayment,
    order: { id: string; number: string; email: string },
    known?: SessionDetail,
  ): Promise<CheckoutPaymentDto> {
    const provider = this.providers.get(payment.provider);
    const detail = known ?? (await this.sessionDetail(order.id));
    const ref = encodeURIComponent(payment.reference);
    try {
      const session = await provider.createSession({
        reference: payment.reference,
        orderId: order.id,
        orderNumber: order.number,
        amount: payment.amount,
        currency: payment.currency,
        customerEmail: order.email,
        successUrl: `${this.config.storefrontUrl}/checkout/complete?reference=${ref}`,
        cancelUrl: `${this.config.storefrontUrl}/checkout/cancelled?reference=${ref}`,
        lines: detail?.lines,
        shippingFee: detail?.shippingFee,
        expiresAt: detail
          ? new Date(new Date(detail.createdAt).getTime() + this.config.orderTtlMinutes * 60_000)
          : undefined,
      });
      await this.dataSource.query(
        prepared(
          `UPDATE payment SET provider_ref = $2, redirect_url = $3, failure_reason = NULL, updated_at = now() WHERE id = $1`,
        ),
        [payment.id, session.providerRef, session.redirectUrl],
      );
      return {
        provider: payment.provider,
        reference: payment.reference,
        redirectUrl: session.redirectUrl,
        status: payment.status,
        ...session.details,
      };
    } catch (err) {
      const reason = `Could not open a ${payment.provider} session: ${(err as Error).message}`.slice(0, 300);
      this.logger.error(reason);
      await this.dataSource.query(
        `UPDATE payment SET failure_reason = $2, updated_at = now() WHERE id = $1`,
        [payment.id, reason],
      );
      throw err instanceof PaymentProviderError
        ? err
        : new PaymentProviderError(payment.provider, (err as Error).message);
    }
  }

  /** What a session shows of an order, read back (a reopened session; checkout passes what it wrote). */
  private async sessionDetail(orderId: string): Promise<SessionDetail | undefined> {
    const [row] = await query<{ shipping_fee: string; created_at: Date }>(
      `SELECT shipping_fee, created_at FROM "order" WHERE id = $1`,
      [orderId],
      this.dataSource,
    );
    if (!row) return undefined;
    const lines = await query<{ product_name: string; unit_price: string; quantity: number }>(
      `SELECT product_name, unit_price, quantity FROM order_line WHERE order_id = $1 ORDER BY position`,
      [orderId],
      this.dataSource,
    );
    return {
      lines: lines.map((l) => ({
        name: l.product_name,
        unitAmount: money(l.unit_price),
        quantity: l.quantity,
      })),
      shippingFee: money(row.shipping_fee),
      createdAt: row.created_at,
    };
  }

  /** The order's most recent payment (idempotent checkout replay); reopens a session that never opened. */
  async latestForOrder(order: {
    id: string;
    number: string;
    email: string;
  }): Promise<CheckoutPaymentDto | null> {
    const [row] = await query<PaymentRow>(
      `SELECT id, order_id, provider, reference, provider_ref, status, amount, currency, redirect_url FROM payment
        WHERE order_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [order.id],
      this.dataSource,
    );
    if (!row) return null;
    if (row.status === PaymentStatus.Pending && !row.redirect_url && this.providers.has(row.provider)) {
      const [open]: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM "order" WHERE id = $1 AND status = 'pending'`,
        [order.id],
      );
      if (open)
        return this.openSession(
          {
            id: row.id,
            reference: row.reference,
            provider: row.provider,
            status: row.status,
            amount: money(row.amount),
            currency: currencyCode(row.currency),
          },
          order,
        );
    }
    return {
      provider: row.provider,
      reference: row.reference,
      redirectUrl: row.redirect_url,
      status: row.status,
      ...(await this.providers.details(row.provider, row.reference)),
    };
  }

  /**
   * Public: what a success page may know — status, amount, currency, order number. A payment
   * still pending at a provider that can be asked is verified first (the shopper may be back
   * before the webhook): the answer goes through applyProviderEvent, so it changes things once
   * whichever of the two arrives first. A provider that cannot be reached leaves the status as is.
   */
  async publicStatus(reference: string, verify = true): Promise<PaymentStatusDto> {
    if (verify)
      await this.verify(reference).catch((err: unknown) => this.logger.warn({ err }, `verify ${reference}`));
    const [row] = await query<{
      reference: string;
      provider: string;
      status: PaymentStatus;
      amount: string;
      currency: string;
      number: string;
    }>(
      `SELECT p.reference, p.provider, p.status, p.amount, p.currency, o.number FROM payment p JOIN "order" o ON o.id = p.order_id WHERE p.reference = $1`,
      [reference],
      this.dataSource,
    );
    if (!row) throw new NotFoundError('Payment', { reference });
    return {
      reference: row.reference,
      status: row.status,
      amount: money(row.amount),
      currency: currencyCode(row.currency),
      orderNumber: row.number,
      ...(await this.providers.details(row.provider, row.reference)),
    };
  }

  /** Asks the provider about a pending payment and applies its verdict; returns the outcome, or null if nothing was decided. */
  async verify(reference: string): Promise<string | null> {
    const [row] = await query<PaymentRow>(
      `SELECT id, provider, reference, provider_ref, status FROM payment WHERE reference = $1`,
      [reference],
      this.dataSource,
    );
    if (!row || row.status !== PaymentStatus.Pending || !this.providers.has(row.provider)) return null;
    const provider = this.providers.get(row.provider);
    if (!provider.verify) return null;
    const event = await provider.verify({ reference: row.reference, providerRef: row.provider_ref });
    if (!event) return null;
    return (await this.events.applyProviderEvent(event)).outcome;
  }
}
