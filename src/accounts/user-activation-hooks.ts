import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A user's `active` flag just changed (staff deactivated or reactivated the account). */
export interface UserActivationChange {
  userId: string;
  active: boolean;
}

/** Work another module does inside the transaction that flips a user's `active` flag. */
export type UserActivationHook = (change: UserActivationChange, manager: EntityManager) => Promise<void>;

/**
 * The seam between accounts and the modules that keep data about a user's public activity (the
 * reviews module hides a deactivated author's reviews and takes them out of the product ratings):
 * they register a hook at startup (`onModuleInit`), so accounts never imports them. Hooks run
 * inside the transaction of the change, with the user row locked, in registration order; a failing
 * hook rolls the change back, so the reaction is atomic with it (like OrderTransitionHooks).
 */
@Injectable()
export class UserActivationHooks {
  private readonly hooks: { name: string; run: UserActivationHook }[] = [];

  register(name: string, run: UserActivationHook): void {
    this.hooks.push({ name, run });
  }

  async run(change: UserActivationChange, manager: EntityManager): Promise<void> {
    for (const hook of this.hooks) await hook.run(change, manager);
  }
}
