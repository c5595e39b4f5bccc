import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { PaymentModule } from '../payment/payment.module';
import { ShippingModule } from '../shipping/shipping.module';
import { StoreModule } from '../store/store.module';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';
import { OrdersDemoSeed } from './orders-demo.seed';
import { OrdersModule } from '../orders/orders.module';

/**
 * Checkout sits on top: it uses the cart, the catalog's stock, orders and payments. Kept apart from
 * OrdersModule so that payment → orders stays a one-way dependency.
 */
@Module({
  imports: [CartModule, StoreModule, OrdersModule, PaymentModule, ShippingModule],
  controllers: [CheckoutController],
  providers: [CheckoutService, OrdersDemoSeed],
  // The demo seed places orders through checkout, so it lives here.
  exports: [OrdersDemoSeed],
})
export class CheckoutModule {}
