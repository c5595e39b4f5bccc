import { decideLogin, forgetClient, LoginDecision, LoginFailure, LoginPolicy } from './login-policy';
import { LoginAttemptStore } from './login-attempt.store';

/** Above this many tracked accounts, idle ones are dropped on the next write (bounds memory under email spraying). */
const SWEEP_ABOVE = 10_000;

/**
 * One list per account. Its length is bounded by the policy itself: below `backoffAfter` nobody
 * waits, above it only fresh clients get through until `accountMaxFailures`, and the back-off
 * admits a handful more per window.
 */
export class MemoryLoginAttemptStore extends LoginAttemptStore {
  private readonly failures = new Map<string, LoginFailure[]>();

  acquire(account: string, client: string, now: number, policy: LoginPolicy): Promise<LoginDecision> {
    // Synchronous from read to write: no other request interleaves, so the check-and-take is atomic.
    const { failures, ...decision } = decideLogin(this.failures.get(account) ?? [], client, now, policy);
    if (failures.length) this.failures.set(account, failures);
    else this.failures.delete(account);
    if (this.failures.size > SWEEP_ABOVE) this.sweep(now, policy.windowMs);
    return Promise.resolve(decision);
  }

  forget(account: string, client: string): Promise<void> {
    const left = forgetClient(this.failures.get(account) ?? [], client);
    if (left.length) this.failures.set(account, left);
    else this.failures.delete(account);
    return Promise.resolve();
  }

  private sweep(now: number, windowMs: number): void {
    for (const [account, failures] of this.failures) {
      if (failures.every((f) => f.at <= now - windowMs)) this.failures.delete(account);
    }
  }
}
