import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { PaginationQueryDto, setPageHeaders } from '../common/pagination';
import { AddWishlistItemDto, WishlistItemDto, WishlistPageDto } from './dto/wishlist.dto';
import { WishlistService } from './wishlist.service';

/** The signed-in user's wishlist (any role). */
@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('me/wishlist')
export class WishlistController {
  constructor(private readonly wishlist: WishlistService) {}

  /** Wished-for products with current price, stock and availability, most recently added first. */
  @Get()
  @ApiOkResponse({ type: WishlistPageDto })
  @ApiErrors(400, 401)
  async list(
    @Query() q: PaginationQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WishlistPageDto> {
    const page = await this.wishlist.list(user.id, q);
    setPageHeaders(reply, 'wishlist', page);
    return page;
  }

  /**
   * Adds a product: 201 the first time, 200 when it is already on the list (still one row; also
   * after the product was archived, flagged unavailable).
   */
  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: WishlistItemDto, description: 'Added' })
  @ApiOkResponse({ type: WishlistItemDto, description: 'Already on the wishlist' })
  @ApiErrors(400, 401, [404, 'Product not found, archived or inactive (and not on the list already)'], 415)
  async add(
    @Body() dto: AddWishlistItemDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WishlistItemDto> {
    const { item, created } = await this.wishlist.add(user.id, dto.productId);
    void reply.status(created ? 201 : 200);
    return item;
  }

  /** Removes a product (idempotent: 204 whether or not it was there). */
  @Delete(':productId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Not on the wishlist (any more)' })
  @ApiErrors(400, 401)
  async remove(
    @Param('productId', ParseUUIDPipe) productId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.wishlist.remove(user.id, productId);
  }
}
