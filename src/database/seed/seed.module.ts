import { Module } from '@nestjs/common';
import { AccountsModule } from '../../accounts/accounts.module';
import { AnalyticsModule } from '../../analytics/analytics.module';
import { CheckoutModule } from '../../checkout/checkout.module';
import { StoreModule } from '../../store/store.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AccountsModule, StoreModule, CheckoutModule, AnalyticsModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
