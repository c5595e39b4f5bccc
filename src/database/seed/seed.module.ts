import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module';
import { AnalyticsModule } from '../../analytics/analytics.module';
import { CheckoutModule } from '../../checkout/checkout.module';
import { ReviewsModule } from '../../reviews/reviews.module';
import { ShippingModule } from '../../shipping/shipping.module';
import { StoreModule } from '../../store/store.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AccountsModule, StoreModule, ShippingModule, CheckoutModule, ReviewsModule, AnalyticsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
