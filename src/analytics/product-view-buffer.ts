import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ProductViewHooks } from '../store/product-view-hooks';

/** How often each instance adds its counted views to the table. */
export const VIEW_FLUSH_MS = 10_000;
/** Distinct (slot, product) pairs held before an early flush (bounds memory under a crawl of the whole catalog). */
const MAX_PRODUCTS = 10_000;

/** The rollups' 15-minute UTC slot (every local midnight in use is a slot boundary). */
const SLOT_MS = 15 * 60_000;

/**
 * Product detail reads, counted in memory per 15-minute UTC slot of the read and added to
 * analytics_view_{slot,day,month} by analytics_add_views() (`views = views + excluded.views`:
 * additive, so any number of instances can flush into the same rows). Counting by the read's slot,
 * not the flush's, keeps local-day views exact in every zone, like sales. Views of a crashed
 * instance since its last flush are lost (at most VIEW_FLUSH_MS), the price of no write per request.
 */
@Injectable()
export class ProductViewBuffer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ProductViewBuffer.name);
  /** Slot start (ms) → product id → views. */
  private counts = new Map<number, Map<string, number>>();
  private products = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly hooks: ProductViewHooks,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.analyticsCountViews) return;
    this.hooks.register((productId) => {
      this.record(Math.floor(Date.now() / SLOT_MS) * SLOT_MS, productId, 1);
      if (this.products >= MAX_PRODUCTS) void this.flushQuietly();
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
    this.products = 0;
    const done: number[] = [];
    try {
      for (const [slot, inSlot] of batch) {
        await this.dataSource.query(`SELECT analytics_add_views($1, $2::uuid[], $3::bigint[])`, [
          new Date(slot),
          [...inSlot.keys()],
          [...inSlot.values()],
        ]);
        done.push(slot);
      }
    } catch (err) {
      // Put the unwritten slots back: the next flush tries again.
      for (const d of done) batch.delete(d);
      for (const [slot, inSlot] of batch) for (const [id, k] of inSlot) this.record(slot, id, k);
      throw err;
    }
  }

  private record(slot: number, productId: string, k: number): void {
    let inSlot = this.counts.get(slot);
    if (!inSlot) this.counts.set(slot, (inSlot = new Map<string, number>()));
    const had = inSlot.get(productId);
    inSlot.set(productId, (had ?? 0) + k);
    if (had === undefined) this.products += 1;
  }

  private async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch (err) {
      this.logger.warn({ err }, 'product views flush failed; retrying on the next one');
    }
  }
}
