import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { NotFoundError } from '../common/errors/domain-error';
import { WebhookResultDto } from './dto/webhook-result.dto';
import { WebhookSignatureError } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { PaymentsService } from './payments.service';

const RAW_BODY = {
  description:
    'The event exactly as the provider sent it. The signature is computed over these raw bytes: ' +
    'a body re-serialised on the way (proxy, middleware) fails verification.',
  schema: { type: 'object', additionalProperties: true },
} as const;

/**
 * Provider webhooks. The signature over the exact raw body is checked before any field is read;
 * a missing or wrong one is 400 and changes nothing. Events are applied once per event id
 * (PaymentsService.applyProviderEvent); a redelivery is acknowledged with `duplicate: true`.
 * Event types we do not act on are acknowledged (200) and ignored.
 */
@ApiTags('payments')
@Public()
@Controller('payments/webhooks')
export class WebhooksController {
  constructor(
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentsService,
  ) {}

  /** Stripe: checkout.session.completed / async_payment_succeeded / async_payment_failed / expired, refund.updated, refund.failed, charge.refunded. */
  @Post('stripe')
  @HttpCode(200)
  @ApiConsumes('application/json')
  @ApiHeader({
    name: 'Stripe-Signature',
    required: true,
    description: '`t=<timestamp>,v1=<HMAC-SHA256>` over `<timestamp>.<raw body>` with STRIPE_WEBHOOK_SECRET',
  })
  @ApiBody(RAW_BODY)
  @ApiOkResponse({ type: WebhookResultDto })
  @ApiErrors(
    [400, 'WEBHOOK_SIGNATURE_INVALID: missing or wrong signature, or a body that is not the signed one'],
    [404, 'Stripe is not configured'],
  )
  stripe(@Req() req: RawBodyRequest<FastifyRequest>): Promise<WebhookResultDto> {
    return this.receive('stripe', req);
  }

  /** Paystack: charge.success, charge.failed, refund.processed, refund.failed. */
  @Post('paystack')
  @HttpCode(200)
  @ApiConsumes('application/json')
  @ApiHeader({
    name: 'x-paystack-signature',
    required: true,
    description: 'Hex HMAC-SHA512 of the raw body with PAYSTACK_SECRET_KEY',
  })
  @ApiBody(RAW_BODY)
  @ApiOkResponse({ type: WebhookResultDto })
  @ApiErrors(
    [400, 'WEBHOOK_SIGNATURE_INVALID: missing or wrong signature, or a body that is not the signed one'],
    [404, 'Paystack is not configured'],
  )
  paystack(@Req() req: RawBodyRequest<FastifyRequest>): Promise<WebhookResultDto> {
    return this.receive('paystack', req);
  }

  private async receive(name: string, req: RawBodyRequest<FastifyRequest>): Promise<WebhookResultDto> {
    const provider = this.providers.has(name) ? this.providers.get(name) : null;
    if (!provider?.parseWebhook) throw new NotFoundError('Route');
    if (!Buffer.isBuffer(req.rawBody) || !req.rawBody.length)
      throw new WebhookSignatureError(provider.name, 'expected a JSON body');
    const events = await provider.parseWebhook({ rawBody: req.rawBody, headers: req.headers });
    const results = [];
    for (const event of events)
      results.push({ received: true, ...(await this.payments.applyProviderEvent(event)) });
    return { received: true, results };
  }
}
