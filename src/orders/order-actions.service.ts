import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { ForbiddenError } from '../common/errors/domain-error';
import { userActor } from './actor';
import { OrderDto } from './dto/order.dto';
import { OrderStatus } from './order-state';
import { OrdersQueryService } from './orders-query.service';
import { OrdersService } from './orders.service';

/**
 * What people do to orders: cancel, ship, deliver. Order of checks: can the caller see it (404),
 * may they act (403), is the move legal now (409, decided under the row lock).
 */
@Injectable()
export class OrderActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrdersService,
    private readonly query: OrdersQueryService,
  ) {}

  /** The buyer (while pending) or staff; stock goes back. */
  async cancel(user: AuthUser, orderId: string): Promise<OrderDto> {
    const access = await this.query.access(user, orderId);
    if (!access.owner && !access.staff)
      throw new ForbiddenError('Only the buyer or staff can cancel this order');
    return this.move(
      user,
      orderId,
      OrderStatus.Cancelled,
      access.owner ? 'Cancelled by the buyer' : 'Cancelled by staff',
    );
  }

  async ship(user: AuthUser, orderId: string): Promise<OrderDto> {
    await this.assertFulfiller(user, orderId);
    return this.move(user, orderId, OrderStatus.Shipped, null);
  }

  async deliver(user: AuthUser, orderId: string): Promise<OrderDto> {
    await this.assertFulfiller(user, orderId);
    return this.move(user, orderId, OrderStatus.Delivered, null);
  }

  /** Staff, or the seller when every line of the order is theirs. */
  private async assertFulfiller(user: AuthUser, orderId: string): Promise<void> {
    const access = await this.query.access(user, orderId);
    if (access.staff || access.onlyMine) return;
    throw new ForbiddenError(
      access.hasMine
        ? "This order also holds other sellers' items: staff fulfil it"
        : 'Only staff or the seller of every item can fulfil this order',
    );
  }

  private async move(
    user: AuthUser,
    orderId: string,
    to: OrderStatus,
    note: string | null,
  ): Promise<OrderDto> {
    await this.dataSource.transaction((m) => this.orders.transition(orderId, to, userActor(user), note, m));
    return this.query.get(user, orderId);
  }
}
