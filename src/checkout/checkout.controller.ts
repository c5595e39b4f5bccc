import { Body, Controller, Headers, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../accounts/auth-user';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { CheckoutDto } from './dto/checkout.dto';
import { CheckoutResultDto } from './dto/checkout-result.dto';
import { CheckoutService } from './checkout.service';

@ApiTags('checkout')
@ApiBearerAuth('bearer')
@Controller('checkout')
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  /**
   * Turns the cart into an order (stock reserved, prices snapshotted, older unpaid orders
   * cancelled, cart emptied) and opens a payment session: send the shopper to `payment.redirectUrl`.
   * Empty cart → 400; a line out of stock or unavailable → 409 naming it, nothing changed.
   */
  @Post()
  @RateLimit('checkout')
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: CheckoutResultDto })
  @ApiErrors(
    [
      400,
      'Invalid address (details.fields), CART_EMPTY, PAYMENT_PROVIDER_UNAVAILABLE, INVALID_IDEMPOTENCY_KEY; ' +
        'delivery: DELIVERY_ZONE_REQUIRED (the shop has zones), INVALID_DELIVERY_ZONE (unknown, inactive or ' +
        'archived), DELIVERY_ZONE_MISMATCH (details.zone and details.address name both regions)',
    ],
    401,
    [
      409,
      'INSUFFICIENT_STOCK, PRODUCT_UNAVAILABLE or CART_LINE_INVALID, naming the product, or ORDER_TOTAL_LIMIT; nothing changed',
    ],
    415,
    [
      502,
      'PAYMENT_PROVIDER_ERROR: the order was placed (pending, stock reserved until ORDER_TTL_MINUTES) but the ' +
        'provider could not open a session; retry with the same Idempotency-Key',
    ],
  )
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat the same key to get the first result back instead of a second order',
  })
  create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CheckoutDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CheckoutResultDto> {
    return this.checkout.checkout(user, dto, idempotencyKey);
  }
}
