import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { OrdersModule } from '../orders/orders.module';
import { StoreModule } from '../store/store.module';
import { AnalyticsDemoSeed } from './analytics-demo.seed';
import { AnalyticsExportService } from './analytics-export.service';
import { AnalyticsProductsService } from './analytics-products.service';
import { AnalyticsQueryService } from './analytics-query.service';
import { AnalyticsRebuildService } from './analytics-rebuild.service';
import { AnalyticsRollupHook } from './analytics-rollup.hook';
import { AnalyticsScopeResolver } from './analytics-scope';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { ProductViewBuffer } from './product-view-buffer';

/**
 * Seller analytics over rollups kept exact in the transactions of the facts (README "Analytics").
 * Registers on OrderTransitionHooks (paid orders) and ProductViewHooks (detail reads); refunds
 * reach the rollups through a trigger on `refund`, since payment sits above this module.
 */
@Module({
  imports: [AccountsModule, StoreModule, OrdersModule],
  controllers: [AnalyticsController],
  providers: [
    AnalyticsService,
    AnalyticsScopeResolver,
    AnalyticsQueryService,
    AnalyticsProductsService,
    AnalyticsExportService,
    AnalyticsRebuildService,
    AnalyticsRollupHook,
    ProductViewBuffer,
    AnalyticsDemoSeed,
  ],
  exports: [AnalyticsRebuildService, AnalyticsDemoSeed],
})
export class AnalyticsModule {}
