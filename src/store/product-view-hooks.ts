import { Injectable } from '@nestjs/common';

/** Work another module does when a product's detail is read (analytics counts views). */
export type ProductViewHook = (productId: string) => void;

/**
 * The seam between the catalog and analytics (which store must not import): analytics registers
 * in `onModuleInit`. Synchronous and in memory on purpose — the detail route is the hottest read
 * of the shop, so a hook must only buffer (no I/O, no promise per request); a throwing hook is
 * ignored, a view count is never worth a failed page.
 */
@Injectable()
export class ProductViewHooks {
  private readonly hooks: ProductViewHook[] = [];

  register(run: ProductViewHook): void {
    this.hooks.push(run);
  }

  viewed(productId: string): void {
    for (const run of this.hooks) {
      try {
        run(productId);
      } catch {
        // see above
      }
    }
  }
}
