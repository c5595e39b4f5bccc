import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { NotFoundError } from '../common/errors/domain-error';
import { formatMoney } from '../common/money';
import { AppConfig } from '../config/app-config';
import { FakePaymentEventDto } from './dto/fake-payment-event.dto';
import { PaymentEventResultDto } from './dto/payment-event-result.dto';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentsService } from './payments.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The fake provider's "hosted payment page" and its verdict endpoints (PAYMENTS_FAKE=true only;
 * 404 otherwise). succeed/fail build the same ProviderEvent a verified webhook would and go
 * through PaymentsService.applyProviderEvent: same checks, same idempotency.
 */
@ApiTags('payments')
@Public()
@Controller('payments/fake')
export class FakePaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly config: AppConfig,
  ) {}

  /** The page a shopper is sent to: HTML with Pay / Decline buttons, or JSON when asked for it. */
  @Get(':reference')
  async page(@Param('reference') reference: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<PaymentStatusDto | string> {
    this.assertEnabled();
    const status = await this.payments.publicStatus(reference);
    if (!accept?.includes('text/html')) return status;
    const ref = encodeURIComponent(reference);
    void reply.type('text/html; charset=utf-8');
    const amount = escapeHtml(formatMoney(status.amount, status.currency));
    // enctype text/plain: Fastify parses it out of the box; the body carries nothing we read.
    return `<!doctype html><html><head><meta charset="utf-8"><title>Fake payment ${escapeHtml(status.orderNumber)}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>Fake payment provider</h1>
<p>Order <strong>${escapeHtml(status.orderNumber)}</strong>: <strong>${amount}</strong> (payment ${escapeHtml(status.status)})</p>
<form method="post" enctype="text/plain" action="/api/v1/payments/fake/${ref}/succeed"><button name="pay" value="1">Pay ${amount}</button></form>
<form method="post" enctype="text/plain" action="/api/v1/payments/fake/${ref}/fail"><button name="decline" value="1">Decline</button></form>
<p><small>Test mode: no money moves. Never enabled in production.</small></p></body></html>`;
  }

  /** Completes the payment as a verified provider webhook would. */
  @Post(':reference/succeed')
  @HttpCode(200)
  succeed(@Param('reference') reference: string, @Body() body: FakePaymentEventDto | undefined, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.verdict(reference, 'succeeded', body, accept, reply);
  }

  /** Declines the payment as a verified provider webhook would. */
  @Post(':reference/fail')
  @HttpCode(200)
  fail(@Param('reference') reference: string, @Body() body: FakePaymentEventDto | undefined, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.verdict(reference, 'failed', body, accept, reply);
  }

  private async verdict(
    reference: string,
    type: 'succeeded' | 'failed',
    body: FakePaymentEventDto | undefined,
    accept: string | undefined,
    reply: FastifyReply,
  ): Promise<PaymentEventResultDto | string> {
    this.assertEnabled();
    const options = body && typeof body === 'object' ? body : {};
    const payment = await this.payments.byReference(reference);
    if (payment.provider !== 'fake') throw new NotFoundError('Payment', { reference });
    const result = await this.payments.applyProviderEvent({
      provider: 'fake',
      eventId: options.eventId ?? `fake:${reference}:${type}`,
      reference,
      type,
      amount: options.amount ?? payment.amount,
      currency: options.currency ?? payment.currency,
      payload: { via: 'fake-endpoint', ...options },
    });
    if (!accept?.includes('text/html')) return { received: true, ...result };
    void reply.type('text/html; charset=utf-8');
    return `<!doctype html><html><head><meta charset="utf-8"><title>Fake payment</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>Payment ${escapeHtml(result.paymentStatus ?? result.outcome)}</h1><p>Outcome: ${escapeHtml(result.outcome)}. Order is ${escapeHtml(result.orderStatus ?? 'unchanged')}.</p>
<p><a href="${escapeHtml(this.config.storefrontUrl)}">Back to the shop</a></p></body></html>`;
  }

  private assertEnabled(): void {
    if (!this.config.payments.fake) throw new NotFoundError('Route');
  }
}
