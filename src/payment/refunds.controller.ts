import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { ValidationFailedError } from '../common/errors/validation-error';
import type { AuthUser } from '../accounts/auth-user';
import { Role } from '../accounts/role';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { RefundDto, RefundOrderDto, RefundResultDto } from './dto/refund-order.dto';
import { RefundsService } from './refunds.service';

/** Lives in the payment module (it calls providers) but belongs to the orders resource. */
@ApiTags('orders')
@ApiBearerAuth('bearer')
@Controller('orders')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  /**
   * Staff: the order's refunds, oldest first, with their lines (pending, succeeded and failed):
   * what each line has had refunded, for a partial refund's form.
   */
  @Get(':id/refunds')
  @Roles(Role.Staff, Role.Admin)
  @ApiOkResponse({ type: RefundDto, isArray: true })
  @ApiErrors([400, 'id is not a UUID'], 401, [403, 'Staff or admin only'], 404)
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<RefundDto[]> {
    return this.refunds.forOrder(user, id);
  }

  /**
   * Staff: refunds a paid, shipped or delivered order (or what is left of a partially refunded
   * one) in full or in part through the provider that took the money. An empty body refunds
   * everything left. The refund is recorded `pending` before the provider is called and settled
   * by its answer: `succeeded` at once (Stripe cards), or later by webhook (Paystack). The order
   * becomes `refunded` when everything captured went back, `partially_refunded` otherwise.
   * Crypto orders cannot be refunded by the server (it holds no key): 409 CRYPTO_REFUND_MANUAL, no
   * refund written; send the money on-chain and record it with POST /orders/{id}/crypto-refund.
   */
  @Post(':id/refund')
  @HttpCode(200)
  @Roles(Role.Staff, Role.Admin)
  @ApiBody({ type: RefundOrderDto, required: false })
  @ApiOkResponse({ type: RefundResultDto })
  @ApiErrors(
    [400, 'id is not a UUID, invalid body (details.fields), REFUND_LINE_UNKNOWN or REFUND_LINE_DUPLICATE'],
    401,
    [403, 'Staff or admin only'],
    404,
    [
      409,
      'ILLEGAL_TRANSITION (not paid, shipped, delivered or partially refunded), NO_CAPTURED_PAYMENT, ' +
        'NOTHING_TO_REFUND, REFUND_EXCEEDS_CAPTURED (more than captured minus earlier and in-flight refunds), ' +
        'REFUND_QUANTITY_EXCEEDED, PAYMENT_PROVIDER_UNAVAILABLE, CRYPTO_REFUND_MANUAL (a crypto order: refunded ' +
        'on-chain by staff and recorded with POST /orders/{id}/crypto-refund; nothing is written)',
    ],
    [502, 'PAYMENT_PROVIDER_ERROR: the provider could not be reached; the refund is recorded as failed'],
  )
  refund(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RefundOrderDto,
    @Req() req: FastifyRequest,
  ): Promise<RefundResultDto> {
    // No body at all refunds everything left. A JSON `null` (which the validation pipe turns
    // into an empty object) is a client's mistake, not a request to refund everything.
    if (req.body === null)
      throw new ValidationFailedError([
        { field: 'body', messages: ['The body must be a JSON object, or empty to refund everything left'] },
      ]);
    return this.refunds.refund(user, id, dto ?? {});
  }
}
