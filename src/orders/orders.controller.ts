import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { Role } from '../accounts/role';
import { setPageHeaders } from '../common/pagination';
import { ExportOrdersQueryDto, ListOrdersQueryDto } from './dto/list-orders-query.dto';
import { OrderDto } from './dto/order.dto';
import { OrderPageDto } from './dto/order-page.dto';
import { OrderActionsService } from './order-actions.service';
import { OrdersExportService } from './orders-export.service';
import { OrdersQueryService } from './orders-query.service';

@ApiTags('orders')
@ApiBearerAuth('bearer')
@ApiErrors(401)
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly query: OrdersQueryService,
    private readonly actions: OrderActionsService,
    private readonly exports: OrdersExportService,
  ) {}

  /**
   * Customers: their orders. Sellers: their orders and orders holding their products (those
   * reduced to their lines, `partial`). Staff: all, filtered by status, dates, customer, seller,
   * number, or `q` (number or email prefix).
   */
  @Get()
  @ApiOkResponse({ type: OrderPageDto })
  @ApiErrors(400, [403, 'The seller filter is for staff'])
  async list(
    @CurrentUser() user: AuthUser,
    @Query() q: ListOrdersQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderPageDto> {
    const page = await this.query.list(user, q);
    setPageHeaders(reply, 'orders', page);
    return page;
  }

  /**
   * Staff: every order line; sellers: their own lines (of orders holding their products), as
   * RFC 4180 CSV streamed in keyset pages — one row per line, orders oldest first, with the list's
   * filters; amounts as a decimal string and as minor units. Customers: 403.
   */
  @Get('export.csv')
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @RateLimit('ordersExport')
  // Only the 200 is CSV (ApiProduces would make the error responses CSV too).
  @ApiOkResponse({ description: 'RFC 4180 CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors(400, [403, 'Sellers, staff and admins only; the seller filter is for staff'], 429)
  export(@CurrentUser() user: AuthUser, @Query() q: ExportOrdersQueryDto): StreamableFile {
    const stamp = new Date().toISOString().slice(0, 10);
    return new StreamableFile(this.exports.stream(user, q), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="orders-${stamp}.csv"`,
    });
  }

  /** One order with lines and history (owner, staff, or a seller for their own lines). */
  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors([400, 'id is not a UUID'], 404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.query.get(user, id);
  }

  /** Buyer while pending, or staff: cancels and releases the stock. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors([400, 'id is not a UUID'], [403, 'Only the buyer or staff cancel'], 404, [
    409,
    'ILLEGAL_TRANSITION: the order is not pending',
  ])
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.actions.cancel(user, id);
  }

  /** Staff, or a seller for an order holding only their items: paid → shipped. */
  @Post(':id/ship')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors([400, 'id is not a UUID'], [403, 'Only staff, or the seller of every item'], 404, [
    409,
    'ILLEGAL_TRANSITION: the order is not paid',
  ])
  ship(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.actions.ship(user, id);
  }

  /** Staff, or a seller for an order holding only their items: shipped → delivered. */
  @Post(':id/deliver')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors([400, 'id is not a UUID'], [403, 'Only staff, or the seller of every item'], 404, [
    409,
    'ILLEGAL_TRANSITION: the order is not shipped',
  ])
  deliver(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OrderDto> {
    return this.actions.deliver(user, id);
  }
}
