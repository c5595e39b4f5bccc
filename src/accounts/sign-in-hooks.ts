import { Injectable, Logger } from '@nestjs/common';

/** What a login or registration arrives with besides credentials. */
export interface AuthContext {
  /** The guest cart token (`X-Cart-Token`) the shopper used before signing in. */
  cartToken?: string;
}

/** Work another module does when someone signs in (e.g. the cart module merges the guest cart). */
export type SignInHook = (userId: string, context: AuthContext) => Promise<void>;

/**
 * The seam between accounts and the modules built on it: they register a hook at startup
 * (`onModuleInit`), so accounts never imports them (the cart depends on the catalog, which
 * depends on accounts). Hooks run after the credentials are accepted and the tokens issued; a
 * failing hook is logged and does not refuse the sign-in — the shopper is still logged in.
 */
@Injectable()
export class SignInHooks {
  private readonly logger = new Logger(SignInHooks.name);
  private readonly hooks: { name: string; run: SignInHook }[] = [];

  register(name: string, run: SignInHook): void {
    this.hooks.push({ name, run });
  }

  async run(userId: string, context: AuthContext): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.run(userId, context);
      } catch (err) {
        this.logger.warn({ err, userId, hook: hook.name }, `sign-in hook ${hook.name} failed`);
      }
    }
  }
}
