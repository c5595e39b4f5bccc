import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { DeliveryZonesController } from './delivery-zones.controller';
import { DeliveryZonesService } from './delivery-zones.service';
import { ShippingDemoSeed } from './shipping-demo.seed';

/**
 * Delivery zones and their fees. Checkout prices delivery through DeliveryZonesService; the cart
 * previews it through CartDeliveryPreview, which this module fills in at startup.
 */
@Module({
  imports: [CartModule],
  controllers: [DeliveryZonesController],
  providers: [DeliveryZonesService, ShippingDemoSeed],
  exports: [DeliveryZonesService, ShippingDemoSeed],
})
export class ShippingModule {}
