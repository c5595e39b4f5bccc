import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import type { AuthUser } from '../accounts/auth-user';
import { Role } from '../accounts/role';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { OrderDto } from '../orders/dto/order.dto';
import { RefundsService } from './refunds.service';

/** Lives in the payment module (it calls providers) but belongs to the orders resource. */
@ApiTags('orders')
@ApiBearerAuth('bearer')
@Controller('orders')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /** Staff: refunds a paid order in full through its provider (paid → refunded). */
  @Post(':id/refund')
  @HttpCode(200)
  @Roles(Role.Staff, Role.Admin)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors([400, 'id is not a UUID'], 401, [403, 'Staff or admin only'], 404, [
    409,
    'ILLEGAL_TRANSITION (not paid) or NO_CAPTURED_PAYMENT',
  ])
  refund(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.refunds.refund(user, id);
  }
}
