import { SlotDecision } from './failure-window';

/**
 * Where per-account login slots live (see failure-window.ts). In memory for one instance;
 * in Redis when REDIS_URL is set, so every API instance counts the same failures.
 * Times are passed in (from the injected Clock) rather than read here, so tests can move time.
 */
export abstract class LoginAttemptStore {
  abstract acquire(key: string, now: number, windowMs: number, max: number): Promise<SlotDecision>;
  abstract clear(key: string): Promise<void>;
}
