import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { CartOwner, CartService } from './cart.service';
import { AddCartItemDto } from './dto/add-cart-item.dto';
import { CartDto } from './dto/cart.dto';
import { UpdateCartItemDto } from './dto/update-cart-item.dto';

export const CART_TOKEN_HEADER = 'x-cart-token';

/**
 * The cart, for guests and users alike: a bearer token selects the user's cart; otherwise the
 * `X-Cart-Token` header selects a guest cart. A guest call without a (valid) token gets a new
 * one in the `X-Cart-Token` response header and the body's `token`.
 */
@ApiTags('cart')
@ApiHeader({ name: 'X-Cart-Token', required: false, description: 'Guest cart token issued by the API (ignored when logged in)' })
@Public()
@Controller('cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  /** The current cart with lines priced now and flags for unavailable or short lines. */
  @Get()
  get(@CurrentUser() user: AuthUser | undefined, @Headers(CART_TOKEN_HEADER) token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<CartDto> {
    return this.cart.view(this.owner(user, token, reply));
  }

  /** Adds a product (variant, quantity, customisations); an equal line grows. Stock exceeded → 409. */
  @Post('items')
  @HttpCode(200)
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
  clear(@CurrentUser() user: AuthUser | undefined, @Headers(CART_TOKEN_HEADER) token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<CartDto> {
    return this.cart.clear(this.owner(user, token, reply));
  }

  private owner(user: AuthUser | undefined, token: string | undefined, reply: FastifyReply): CartOwner {
    const owner = this.cart.ownerFor(user?.id, token);
    if (owner.token) void reply.header('X-Cart-Token', owner.token);
    return owner.userId ? { userId: owner.userId } : { token: owner.token! };
  }
}
