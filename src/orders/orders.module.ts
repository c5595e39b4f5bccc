import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoreModule } from '../store/store.module';
import { OrderEvent } from './entities/order-event.entity';
import { OrderLine } from './entities/order-line.entity';
import { Order } from './entities/order.entity';
import { OrderActionsService } from './order-actions.service';
import { OrderExpiryService } from './order-expiry.service';
import { OrderTransitionHooks } from './order-transition-hooks';
import { OrdersExportService } from './orders-export.service';
import { OrdersQueryService } from './orders-query.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** Orders, their lines and history; the state machine; expiry. Checkout lives in CheckoutModule. */
@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderLine, OrderEvent]), StoreModule],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    OrdersQueryService,
    OrderActionsService,
    OrdersExportService,
    OrderExpiryService,
    OrderTransitionHooks,
  ],
  exports: [OrdersService, OrdersQueryService, OrderExpiryService, OrderTransitionHooks],
})
export class OrdersModule {}
