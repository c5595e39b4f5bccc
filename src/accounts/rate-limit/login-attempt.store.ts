import { LoginDecision, LoginPolicy } from './login-policy';

/**
 * Where each account's recent failed logins live (see login-policy.ts). In memory for one
 * instance; in Redis when REDIS_URL is set, so every API instance counts the same failures.
 * `account` is a hash of the email, `client` a clientKey(ip). Times are passed in (from the
 * injected Clock) rather than read here, so tests can move time.
 */
export abstract class LoginAttemptStore {
  /** Decides and, when allowed, records the check as a failure until `forget` says otherwise. */
  abstract acquire(account: string, client: string, now: number, policy: LoginPolicy): Promise<LoginDecision>;
  /** The client checked the right password: drop its failures on the account. */
  abstract forget(account: string, client: string): Promise<void>;
}
