import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from './actor';
import { OrderStatus } from './order-state';

/** A transition that just happened (several orders at once for the expiry sweep). */
export interface OrderTransition {
  orderIds: string[];
  from: OrderStatus;
  to: OrderStatus;
  actor: Actor;
}

/** Work another module does inside the transaction of an order transition. */
export type OrderTransitionHook = (transition: OrderTransition, manager: EntityManager) => Promise<void>;

/**
 * The seam between orders and the modules built on it (payment cancels the open payments of a
 * cancelled or expired order): they register a hook at startup (`onModuleInit`), so orders never
 * imports them. Hooks run inside the transaction of every transition, after the status change and
 * its stock and sold-count effects, in registration order; unlike sign-in hooks a failing hook is
 * not swallowed — it rolls the transition back, so the reaction is atomic with it.
 */
@Injectable()
export class OrderTransitionHooks {
  private readonly hooks: { name: string; run: OrderTransitionHook }[] = [];

  register(name: string, run: OrderTransitionHook): void {
    this.hooks.push({ name, run });
  }

  async run(transition: OrderTransition, manager: EntityManager): Promise<void> {
    for (const hook of this.hooks) await hook.run(transition, manager);
  }
}
