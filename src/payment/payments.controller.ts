import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentProvidersDto } from './dto/webhook-result.dto';
import { PaymentSessionsService } from './payment-sessions.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly sessions: PaymentSessionsService) {}

  /** Public: the payment providers this shop accepts at checkout (`provider` in POST /checkout). */
  @Public()
  @Get('providers')
  @ApiOkResponse({ type: PaymentProvidersDto })
  providers(): PaymentProvidersDto {
    return { providers: this.sessions.enabled() };
  }

  /**
   * Public: lets a success page check a payment by its reference (status, amount, currency, order
   * number only). A payment still pending at Stripe or Paystack is verified with the provider
   * first, so the page shows `succeeded` even before the webhook arrives.
   */
  @Public()
  @Get(':reference')
  @RateLimit('paymentStatus')
  @ApiOkResponse({ type: PaymentStatusDto })
  @ApiErrors(404, 429)
  status(@Param('reference') reference: string): Promise<PaymentStatusDto> {
    return this.sessions.publicStatus(reference);
  }
}
