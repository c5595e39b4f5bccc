import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProductViewHooks } from '../store/product-view-hooks';

/** How often each instance adds its counted views to the table. */
export const VIEW_FLUSH_MS = 10_000;
/** Distinct products held before an early flush (bounds memory under a crawl of the whole catalog). */
const MAX_PRODUCTS = 10_000;

/**
 * Product detail reads, counted in memory and added to analytics_product_view in one statement per
 * flush (`views = views + excluded.views`: additive, so any number of instances can flush into the
 * same rows). A view is counted on the UTC day of its flush. Views of a crashed instance since its
 * last flush are lost (at most VIEW_FLUSH_MS), which is the price of no write per request.
 */
@Injectable()
export class ProductViewBuffer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProductViewBuffer.name);
  private counts = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly hooks: ProductViewHooks,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.hooks.register((productId) => {
      this.counts.set(productId, (this.counts.get(productId) ?? 0) + 1);
      if (this.counts.size >= MAX_PRODUCTS) void this.flushQuietly();
    });
    this.timer = setInterval(() => void this.flushQuietly(), VIEW_FLUSH_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushQuietly();
  }

  /** Writes what has been counted so far (tests call it instead of waiting for the timer). */
  async flush(): Promise<void> {
    if (!this.counts.size) return;
    const batch = this.counts;
    this.counts = new Map();
    try {
      await this.dataSource.query(
        `INSERT INTO analytics_product_view AS v (product_id, day, views)
         SELECT t.id, (now() AT TIME ZONE 'UTC')::date, t.n FROM unnest($1::uuid[], $2::bigint[]) AS t(id, n)
           JOIN product p ON p.id = t.id
         ORDER BY t.id
         ON CONFLICT (product_id, day) DO UPDATE SET views = v.views + excluded.views`,
        [[...batch.keys()], [...batch.values()]],
      );
    } catch (err) {
      // Put them back: the next flush tries again.
      for (const [id, k] of batch) this.counts.set(id, (this.counts.get(id) ?? 0) + k);
      throw err;
    }
  }

  private async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.logger.warn({ err }, 'product views flush failed; retrying on the next one');
    }
  }
}
