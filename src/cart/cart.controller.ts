import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { RateLimit, RateLimitedRequest } from '../accounts/rate-limit/route-rate-limit.guard';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { AppConfig } from '../config/app-config';
import { isValidCartToken } from './cart-token';
import { CartOwner, CartService } from './cart.service';
import { AddCartItemDto } from './dto/add-cart-item.dto';
import { CartDto } from './dto/cart.dto';
import { CartQueryDto } from './dto/cart-query.dto';
import { UpdateCartItemDto } from './dto/update-cart-item.dto';

export const CART_TOKEN_HEADER = 'x-cart-token';

/** A guest write without a token we minted creates a cart row: THROTTLE_GUEST_CARTS_PER_MINUTE per IP. */
const startsGuestCart = (request: RateLimitedRequest, config: AppConfig) => {
  const token = request.headers[CART_TOKEN_HEADER];
  return (
    !request.user && !isValidCartToken(config.jwt.secret!, typeof token === 'string' ? token : undefined)
  );
};

/** Every cart answer to a guest carries its cart token (new when none or an invalid one was sent). */
const CART_TOKEN_RESPONSE = {
  'X-Cart-Token': {
    description: 'Guest cart token (new when none or an invalid one was sent); absent when logged in',
    schema: { type: 'string' },
  },
};

/**
 * The cart, for guests and users alike: a bearer token selects the user's cart; otherwise the
 * `X-Cart-Token` header selects a guest cart. A guest call without a (valid) token gets a new
 * one in the `X-Cart-Token` response header and the body's `token`.
 */
@ApiTags('cart')
@ApiHeader({
  name: 'X-Cart-Token',
  required: false,
  description: 'Guest cart token issued by the API (ignored when logged in)',
})
@Public()
@ApiErrors([401, 'A bearer token was sent but is invalid or expired'])
@Controller('cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  /**
   * The current cart with lines priced now and flags for unavailable or short lines; with
   * `deliveryZoneId`, also what delivery to that zone costs (`delivery`).
   */
  @Get()
  @ApiOkResponse({ type: CartDto, headers: CART_TOKEN_RESPONSE })
  @ApiErrors([400, 'deliveryZoneId is not a UUID, or INVALID_DELIVERY_ZONE: no such active zone'])
  get(
    @CurrentUser() user: AuthUser | undefined,
    @Headers(CART_TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: CartQueryDto,
  ): Promise<CartDto> {
    return this.cart.view(this.owner(user, token, reply), undefined, query.deliveryZoneId);
  }

  /** Adds a product (variant, quantity, customisations); an equal line grows. Stock exceeded → 409. */
  @Post('items')
  @HttpCode(200)
  @RateLimit('guestCarts', startsGuestCart)
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: CartDto, headers: CART_TOKEN_RESPONSE })
  @ApiErrors(
    [400, 'Invalid body, VARIANT_REQUIRED, or INVALID_CUSTOMIZATION (details.option names the option)'],
    [404, 'Product or variant not found (or not for sale)'],
    [
      409,
      'INSUFFICIENT_STOCK with details.available; CART_LINE_QUANTITY_LIMIT, CART_LINES_LIMIT or ORDER_TOTAL_LIMIT with details.limit / maxTotal',
    ],
    415,
  )
  addItem(
    @CurrentUser() user: AuthUser | undefined,
    @Headers(CART_TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() dto: AddCartItemDto,
  ): Promise<CartDto> {
    return this.cart.addItem(this.owner(user, token, reply), dto);
  }

  /** Sets a line's quantity (0 removes it). */
  @Patch('items/:id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: CartDto, headers: CART_TOKEN_RESPONSE })
  @ApiErrors(
    400,
    [404, 'No such line in this cart'],
    [409, 'INSUFFICIENT_STOCK with details.available; CART_LINE_QUANTITY_LIMIT or ORDER_TOTAL_LIMIT'],
    415,
  )
  updateItem(
    @CurrentUser() user: AuthUser | undefined,
    @Headers(CART_TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCartItemDto,
  ): Promise<CartDto> {
    return this.cart.updateItem(this.owner(user, token, reply), id, dto.quantity);
  }

  /** Removes a line. */
  @Delete('items/:id')
  @ApiOkResponse({ type: CartDto, headers: CART_TOKEN_RESPONSE })
  @ApiErrors([400, 'id is not a UUID'], [404, 'No such line in this cart'])
  removeItem(
    @CurrentUser() user: AuthUser | undefined,
    @Headers(CART_TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CartDto> {
    return this.cart.removeItem(this.owner(user, token, reply), id);
  }

  /** Empties the cart. */
  @Delete()
  @ApiOkResponse({ type: CartDto, headers: CART_TOKEN_RESPONSE })
  clear(
    @CurrentUser() user: AuthUser | undefined,
    @Headers(CART_TOKEN_HEADER) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CartDto> {
    return this.cart.clear(this.owner(user, token, reply));
  }

  private owner(user: AuthUser | undefined, token: string | undefined, reply: FastifyReply): CartOwner {
    const owner = this.cart.ownerFor(user?.id, token);
    if (owner.token) void reply.header('X-Cart-Token', owner.token);
    return owner.userId ? { userId: owner.userId } : { token: owner.token! };
  }
}
