import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../../common/clock';
import { TooManyRequestsError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { clientKey, LoginPolicy, retryAfterSeconds } from './login-policy';
import { LoginAttemptStore } from './login-attempt.store';

const wait = (seconds: number) =>
  seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;

/**
 * The brute-force limit of every password check (login, and the current-password check of
 * PATCH /me): per account and client IP, with an account-wide back-off for failing clients (the
 * model is described in login-policy.ts). Keyed by the email whether or not an account exists,
 * so the limit does not reveal which emails are registered.
 */
@Injectable()
export class LoginLimiter {
  private readonly policy: LoginPolicy;

  constructor(
    private readonly store: LoginAttemptStore,
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    const t = config.throttle;
    this.policy = {
      windowMs: t.loginFailureWindowMinutes * 60_000,
      clientMaxFailures: t.loginMaxFailures,
      backoffAfter: t.loginMaxFailures,
      backoffMaxMs: t.loginBackoffMaxSeconds * 1000,
      accountMaxFailures: t.loginAccountMaxFailures,
    };
  }

  /** Runs `verify` unless this client must wait; a success forgets this client's failures. */
  async check(email: string, ip: string | undefined, verify: () => Promise<boolean>): Promise<boolean> {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    const client = clientKey(ip);
    const decision = await this.store.acquire(account, client, this.clock.now().getTime(), this.policy);
    if (!decision.allowed) {
      const seconds = retryAfterSeconds(decision.retryAfterMs);
      throw new TooManyRequestsError(
        'TOO_MANY_LOGIN_ATTEMPTS',
        decision.refusal === 'client_locked'
          ? `Too many failed logins for this account from this address; try again in ${wait(seconds)}`
          : `Too many failed logins for this account; try again in ${wait(seconds)}`,
        seconds,
      );
    }
    const ok = await verify();
    if (ok) await this.store.forget(account, client);
    return ok;
  }
}
