import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountsDemoSeed } from '../../accounts/accounts-demo.seed';
import { AnalyticsDemoSeed } from '../../analytics/analytics-demo.seed';
import { OrdersDemoSeed } from '../../checkout/orders-demo.seed';
import { ReviewsDemoSeed } from '../../reviews/reviews-demo.seed';
import { ShippingDemoSeed } from '../../shipping/shipping-demo.seed';
import { StoreDemoSeed } from '../../store/store-demo.seed';

/**
 * The demo shop. `npm start` runs `seedIfEmpty()` on a fresh database (unless SEED_DEMO=false);
 * `npm run seed` runs `seed()` on demand. Each module seeds its own data through a provider it
 * exports (`<module>-demo.seed.ts`); this class only calls them in dependency order.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsDemoSeed,
    private readonly store: StoreDemoSeed,
    private readonly shipping: ShippingDemoSeed,
    private readonly orders: OrdersDemoSeed,
    private readonly reviews: ReviewsDemoSeed,
    private readonly analytics: AnalyticsDemoSeed,
  ) {}

  /** "Empty" means no catalog yet: the admin account from env may already exist. */
  async seedIfEmpty(): Promise<boolean> {
    const [{ empty }] = await this.dataSource.query<{ empty: boolean }[]>(
      `SELECT NOT EXISTS (SELECT 1 FROM product) AS empty`,
    );
    if (!empty) return false;
    await this.seed();
    return true;
  }

  async seed(): Promise<void> {
    const started = Date.now();
    // Module seed steps are added here, in dependency order (accounts -> store -> shipping -> orders -> reviews, analytics).
    // `seller` owns the demo products; `customer` can place demo orders.
    const { seller, customer } = await this.accounts.run();
    await this.store.run(seller);
    await this.shipping.run();
    await this.orders.run(customer);
    await this.reviews.run(seller, customer);
    // Months of paid orders for the demo seller: its analytics charts have shape on first start.
    await this.analytics.run(seller);
    this.logger.log(`demo shop seeded in ${Date.now() - started} ms`);
  }
}
