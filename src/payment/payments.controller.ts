import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
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
  status(@Param('reference') reference: string): Promise<PaymentStatusDto> {
    return this.payments.publicStatus(reference);
  }
}
