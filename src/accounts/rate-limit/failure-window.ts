/** What a store answers: may the password be checked now, and if not, for how long not. */
export interface SlotDecision {
  allowed: boolean;
  /** When refused: milliseconds until a slot frees up. */
  retryAfterMs: number;
}

export interface FailureWindowResult extends SlotDecision {
  /** Slot timestamps still inside the window, oldest first, including the new one when allowed. */
  hits: number[];
}

/**
 * The per-account login limit as a sliding window: at most `max` password checks that failed
 * within the last `windowMs`. A check takes a slot *before* the password is verified (so a burst
 * of parallel guesses cannot slip past the count); a successful check clears the account's
 * slots. Both stores (memory, Redis) implement exactly this; the Redis one in a Lua script.
 */
export function acquireSlot(
  hits: readonly number[],
  now: number,
  windowMs: number,
  max: number,
): FailureWindowResult {
  // A hit exactly `windowMs` old has left the window (same rule as ZREMRANGEBYSCORE -inf now-window).
  const live = hits.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  if (live.length < max) return { allowed: true, hits: [...live, now], retryAfterMs: 0 };
  // Below the limit again once the (live - max + 1) oldest hits have expired.
  const freesAt = live[live.length - max] + windowMs;
  return { allowed: false, hits: live, retryAfterMs: Math.max(freesAt - now, 0) };
}

/** Whole seconds for a `Retry-After` header: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
