import { acquireSlot, SlotDecision } from './failure-window';
import { LoginAttemptStore } from './login-attempt.store';

/** Above this many tracked accounts, idle ones are dropped on the next write (bounds memory under email spraying). */
const SWEEP_ABOVE = 10_000;

export class MemoryLoginAttemptStore extends LoginAttemptStore {
  private readonly hits = new Map<string, number[]>();

  acquire(key: string, now: number, windowMs: number, max: number): Promise<SlotDecision> {
    // Synchronous from read to write: no other request interleaves, so the check-and-take is atomic.
    const result = acquireSlot(this.hits.get(key) ?? [], now, windowMs, max);
    this.hits.set(key, result.hits);
    if (this.hits.size > SWEEP_ABOVE) this.sweep(now, windowMs);
    return Promise.resolve({ allowed: result.allowed, retryAfterMs: result.retryAfterMs });
  }

  clear(key: string): Promise<void> {
    this.hits.delete(key);
    return Promise.resolve();
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, hits] of this.hits) {
      if (hits.every((t) => t <= now - windowMs)) this.hits.delete(key);
    }
  }
}
