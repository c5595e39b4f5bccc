import { isIPv4, isIPv6 } from 'node:net';

/**
 * The login brute-force policy, as a pure function over one account's recent failures (both
 * stores — memory, and Redis in a Lua script — implement exactly this).
 *
 * Threat model. A password check is refused (429) *before* the password is verified, so a
 * refused guess teaches nothing. What is counted: failed checks per account, each tagged with the
 * client (its IP; an IPv6 address by its /64, the block one subscriber gets), remembered for
 * `windowMs`. Three rules, checked in order:
 *
 * 1. Client lock: a client with `clientMaxFailures` failures on this account within the window is
 *    refused until the oldest of them leaves it. One address can never guess faster than that, and
 *    the lock is its own: nobody else is locked by it.
 * 2. Account back-off: once the account has `backoffAfter` failures within the window (from all
 *    clients together), a client that is itself failing on this account (≥ 1 failure in the window)
 *    waits 2^k seconds after the account's latest failure (k = failures − backoffAfter, capped at
 *    `backoffMaxMs`). Failing clients share this one slot, so an attacker rotating through
 *    addresses it has already used gains nothing from having many: in steady state about one guess
 *    per (window / log2(cap)) for the account as a whole.
 * 3. Rotation ceiling: a client with no failures on the account is let through at once (the owner
 *    with the right password logs in whatever strangers did) — unless the account has reached
 *    `accountMaxFailures` within the window, which only an attacker using that many *fresh*
 *    addresses per window can cause. Then fresh clients wait on the back-off too. This is the one
 *    trade-off: it bounds a distributed attacker to about `accountMaxFailures` guesses per window,
 *    at the price that such an attacker (and only such) can make the owner wait.
 *
 * A check takes its place in the list *before* the password is verified (so a burst of parallel
 * guesses cannot slip past the count); a successful check removes that client's failures, and
 * only that client's: the owner logging in does not reset the back-off other clients earned.
 */
export interface LoginPolicy {
  windowMs: number;
  clientMaxFailures: number;
  backoffAfter: number;
  backoffMaxMs: number;
  accountMaxFailures: number;
}

/** One counted check: when, and from which client (see clientKey). */
export interface LoginFailure {
  at: number;
  client: string;
}

/** Why a check was refused: the client's own lock, or the account's back-off. */
export type LoginRefusal = 'client_locked' | 'account_backoff';

/** What a store answers: may the password be checked now, and if not, for how long not. */
export interface LoginDecision {
  allowed: boolean;
  /** When refused: milliseconds until this client may try again. */
  retryAfterMs: number;
  refusal?: LoginRefusal;
}

export interface LoginPolicyResult extends LoginDecision {
  /** Failures still inside the window, oldest first, including the new check when allowed. */
  failures: LoginFailure[];
}

/** Above this exponent 2^k seconds is far beyond any sensible cap; keeps the arithmetic exact. */
const MAX_EXPONENT = 40;

/** The account back-off after `failures` failures in the window: 0 below `backoffAfter`. */
export function backoffMs(failures: number, policy: LoginPolicy): number {
  if (failures < policy.backoffAfter) return 0;
  const k = Math.min(failures - policy.backoffAfter, MAX_EXPONENT);
  return Math.min(1000 * 2 ** k, policy.backoffMaxMs);
}

export function decideLogin(
  failures: readonly LoginFailure[],
  client: string,
  now: number,
  policy: LoginPolicy,
): LoginPolicyResult {
  // A failure exactly `windowMs` old has left the window (same rule as ZREMRANGEBYSCORE -inf now-window).
  const live = failures.filter((f) => f.at > now - policy.windowMs).sort((a, b) => a.at - b.at);
  const mine = live.filter((f) => f.client === client);
  if (mine.length >= policy.clientMaxFailures) {
    // Below the limit again once the (mine - max + 1) oldest have expired.
    const freesAt = mine[mine.length - policy.clientMaxFailures].at + policy.windowMs;
    return { allowed: false, retryAfterMs: freesAt - now, refusal: 'client_locked', failures: live };
  }
  const failing = mine.length > 0 || live.length >= policy.accountMaxFailures;
  const wait = failing ? backoffMs(live.length, policy) : 0;
  if (wait > 0) {
    const opensAt = live[live.length - 1].at + wait;
    if (now < opensAt)
      return { allowed: false, retryAfterMs: opensAt - now, refusal: 'account_backoff', failures: live };
  }
  return { allowed: true, retryAfterMs: 0, failures: [...live, { at: now, client }] };
}

/** The list after `client` checked the right password: its failures (and its pending check) go. */
export function forgetClient(failures: readonly LoginFailure[], client: string): LoginFailure[] {
  return failures.filter((f) => f.client !== client);
}

/**
 * The client a failure is counted against: the IPv4 address, or the /64 of an IPv6 address (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one attacker
 * rotate through 2^64 of them). IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address.
 */
export function clientKey(ip: string | undefined): string {
  const raw = (ip ?? '').trim().replace(/%.*$/, ''); // zone index (fe80::1%eth0)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(raw)) return raw;
  if (!isIPv6(raw)) return raw.replace(/\|/g, '_') || 'unknown';
  const [head, tail = ''] = raw.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = raw.includes('::') && tail ? tail.split(':') : [];
  // An embedded IPv4 tail (a::1.2.3.4) fills the last two groups, outside the /64 anyway.
  const groups = raw.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Whole seconds for a `Retry-After` header: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
