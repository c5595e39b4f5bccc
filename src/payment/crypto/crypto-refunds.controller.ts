import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../accounts/auth-user';
import { CurrentUser } from '../../accounts/decorators/current-user.decorator';
import { Roles } from '../../accounts/decorators/roles.decorator';
import { Role } from '../../accounts/role';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { JsonBodyGuard } from '../../common/guards/json-body.guard';
import { setPageHeaders } from '../../common/pagination';
import { OrderDto } from '../../orders/dto/order.dto';
import { CryptoRefundsService } from './crypto-refunds.service';
import {
  CryptoOrderRefundDto,
  ManualRefundDto,
  ManualRefundResultDto,
  PaymentsListQueryDto,
  RecordCryptoRefundDto,
} from './dto/manual-refund.dto';

const TRANSFER_ID = /^\d{1,16}:0x[0-9a-f]{64}:\d{1,9}$/;

@ApiTags('payments')
@ApiBearerAuth('bearer')
@Controller()
export class CryptoRefundsController {
  constructor(private readonly refunds: CryptoRefundsService) {}

  /**
   * Staff: the money to send back by hand (`needs=manual_refund`): crypto transfers that arrived
   * after their order expired or was cancelled, after the payment window, or beyond the amount due.
   * Each item names the sender and the amount; record the refund with `POST /payments/manual-refunds/{id}`.
   */
  @Get('payments')
  @Roles(Role.Staff, Role.Admin)
  @ApiOkResponse({ type: ManualRefundDto, isArray: true })
  @ApiErrors([400, 'needs must be manual_refund; bad page/perPage'], 401, [403, 'Staff or admin only'])
  async list(
    @Query() q: PaymentsListQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ManualRefundDto[]> {
    const page = await this.refunds.listDue(q);
    setPageHeaders(reply, 'payments', page);
    return page.data;
  }

  /** Staff: records the on-chain refund of a listed transfer (same hash again: no-op). */
  @Post('payments/manual-refunds/:id')
  @HttpCode(200)
  @Roles(Role.Staff, Role.Admin)
  @UseGuards(JsonBodyGuard)
  @ApiParam({ name: 'id', description: 'The transfer id `chainId:txHash:logIndex` from the list' })
  @ApiOkResponse({ type: ManualRefundResultDto })
  @ApiErrors(
    [400, 'Invalid txHash'],
    401,
    [403, 'Staff or admin only'],
    [404, 'Not on the list'],
    [409, 'ALREADY_REFUNDED with another hash'],
    415,
  )
  markRefunded(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: RecordCryptoRefundDto,
  ): Promise<ManualRefundResultDto> {
    return this.refunds.markRefunded(user, TRANSFER_ID.test(id) ? id : '', dto);
  }

  /**
   * Staff: a crypto order was refunded on-chain from the merchant wallet (the server holds no key,
   * so POST /orders/{id}/refund answers 409 CRYPTO_REFUND_MANUAL). Takes that route's body — empty
   * for everything left, `lines` and/or `amount` for part of it, `reason`, `restock` — plus the
   * refund transaction's `txHash`, and records it as a succeeded refund (its provider reference is
   * the hash): the order becomes refunded or partially_refunded. Accepts the states POST
   * /orders/:id/refund accepts (paid, shipped, delivered, partially_refunded). The same hash
   * again for the same order is a no-op (200, the order as it is).
   */
  @Post('orders/:id/crypto-refund')
  @HttpCode(200)
  @Roles(Role.Staff, Role.Admin)
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors(
    [
      400,
      'id is not a UUID; invalid txHash or body (details.fields); REFUND_LINE_UNKNOWN or REFUND_LINE_DUPLICATE',
    ],
    401,
    [403, 'Staff or admin only'],
    404,
    [
      409,
      'ILLEGAL_TRANSITION (not refundable, e.g. refunded already), NO_CAPTURED_CRYPTO_PAYMENT, NOTHING_TO_REFUND, ' +
        'REFUND_EXCEEDS_CAPTURED, REFUND_QUANTITY_EXCEEDED',
    ],
    415,
  )
  refundOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CryptoOrderRefundDto,
  ): Promise<OrderDto> {
    return this.refunds.refundOrder(user, id, dto);
  }
}
