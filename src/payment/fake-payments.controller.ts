import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { NotFoundError } from '../common/errors/domain-error';
import { flattenValidationErrors, ValidationFailedError } from '../common/errors/validation-error';
import { formatMoney } from '../common/money';
import { AppConfig } from '../config/app-config';
import { FakePaymentEventDto } from './dto/fake-payment-event.dto';
import { PaymentEventResultDto } from './dto/payment-event-result.dto';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentsService } from './payments.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The fake provider's "hosted payment page" and its verdict endpoints (PAYMENTS_FAKE=true only;
 * 404 otherwise). succeed/fail build the same ProviderEvent a verified webhook would and go
 * through PaymentsService.applyProviderEvent: same checks, same idempotency.
 */
@ApiTags('payments')
@Public()
@ApiErrors([404, 'Unknown reference, or the fake provider is disabled'])
@Controller('payments/fake')
export class FakePaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly sessions: PaymentSessionsService,
    private readonly config: AppConfig,
  ) {}

  /** The page a shopper is sent to: HTML with Pay / Decline buttons, or JSON when asked for it. */
  @Get(':reference')
  @ApiOkResponse({
    type: PaymentStatusDto,
    description: 'JSON; an HTML page with Pay / Decline buttons when `Accept: text/html`',
  })
  async page(
    @Param('reference') reference: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentStatusDto | string> {
    this.assertEnabled();
    const status = await this.sessions.publicStatus(reference, false);
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
  @ApiBody({ type: FakePaymentEventDto, required: false })
  @ApiOkResponse({ type: PaymentEventResultDto, description: 'JSON; HTML when `Accept: text/html`' })
  @ApiErrors(400)
  succeed(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.verdict(reference, 'succeeded', body, accept, reply);
  }

  /** Declines the payment as a verified provider webhook would. */
  @Post(':reference/fail')
  @HttpCode(200)
  @ApiBody({ type: FakePaymentEventDto, required: false })
  @ApiOkResponse({ type: PaymentEventResultDto, description: 'JSON; HTML when `Accept: text/html`' })
  @ApiErrors(400)
  fail(
    @Param('reference') reference: string,
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.verdict(reference, 'failed', body, accept, reply);
  }

  private async verdict(
    reference: string,
    type: 'succeeded' | 'failed',
    body: unknown,
    accept: string | undefined,
    reply: FastifyReply,
  ): Promise<PaymentEventResultDto | string> {
    this.assertEnabled();
    const options = await this.options(body);
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

  /**
   * The body is optional and validated here rather than by the global pipe: the HTML page's
   * buttons post `text/plain` forms (the only form encoding Fastify parses out of the box), whose
   * string body carries nothing and stands for "no options".
   */
  private async options(body: unknown): Promise<FakePaymentEventDto> {
    if (body === null || typeof body !== 'object') return {};
    const dto = plainToInstance(FakePaymentEventDto, body);
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new ValidationFailedError(flattenValidationErrors(errors));
    return dto;
  }

  private assertEnabled(): void {
    if (!this.config.payments.fake) throw new NotFoundError('Route');
  }
}
