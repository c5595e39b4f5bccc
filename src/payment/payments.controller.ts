import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { PaymentStatusDto } from './dto/payment-status.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /** Public: lets a success page check a payment by its reference (status, amount, currency, order number only). */
  @Public()
  @Get(':reference')
  @ApiOkResponse({ type: PaymentStatusDto })
  @ApiErrors(404)
  status(@Param('reference') reference: string): Promise<PaymentStatusDto> {
    return this.payments.publicStatus(reference);
  }
}
