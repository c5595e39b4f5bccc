import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AccountsModule } from './accounts/accounts.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { CartModule } from './cart/cart.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { SeedModule } from './database/seed/seed.module';
import { loggerOptions } from './logger.options';
import { CheckoutModule } from './checkout/checkout.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentModule } from './payment/payment.module';
import { ReviewsModule } from './reviews/reviews.module';
import { ShippingModule } from './shipping/shipping.module';
import { StorageModule } from './storage/storage.module';
import { StoreModule } from './store/store.module';

/** Imports every feature module; nothing else lives here. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        DatabaseModule,
        JobsModule,
        StorageModule,
        HealthModule,
        AccountsModule,
        StoreModule,
        CartModule,
        OrdersModule,
        PaymentModule,
        ShippingModule,
        CheckoutModule,
        ReviewsModule,
        AnalyticsModule,
        SeedModule,
      ],
    };
  }
}
