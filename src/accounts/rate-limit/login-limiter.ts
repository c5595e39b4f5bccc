import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Clock } from '../../common/clock';
import { TooManyRequestsError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { retryAfterSeconds } from './failure-window';
import { LoginAttemptStore } from './login-attempt.store';

/**
 * Per-account brute-force limit (LOGIN_MAX_FAILURES within LOGIN_FAILURE_WINDOW_MINUTES), applied
 * to every password check: login, and the current-password check of PATCH /me. Keyed by the
 * email whether or not an account exists, so the limit does not reveal which emails are registered.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    private readonly store: LoginAttemptStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Runs `verify` if the account has a slot left; a success clears the account's failures. */
  async check(email: string, verify: () => Promise<boolean>): Promise<boolean> {
    const key = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    const { loginMaxFailures, loginFailureWindowMinutes } = this.config.throttle;
    const windowMs = loginFailureWindowMinutes * 60_000;
    const decision = await this.store.acquire(key, this.clock.now().getTime(), windowMs, loginMaxFailures);
    if (!decision.allowed) {
      const seconds = retryAfterSeconds(decision.retryAfterMs);
      throw new TooManyRequestsError(
        'TOO_MANY_LOGIN_ATTEMPTS',
        `Too many failed logins for this account; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        seconds,
      );
    }
    const ok = await verify();
    if (ok) await this.store.clear(key);
    return ok;
  }
}
