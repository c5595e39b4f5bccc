import {
  backoffMs,
  clientKey,
  decideLogin,
  forgetClient,
  LoginFailure,
  LoginPolicy,
  retryAfterSeconds,
} from './login-policy';

const MIN = 60_000;
const WINDOW = 15 * MIN;
const POLICY: LoginPolicy = {
  windowMs: WINDOW,
  clientMaxFailures: 5,
  backoffAfter: 5,
  backoffMaxMs: 900_000,
  accountMaxFailures: 100,
};

/** Runs `count` checks by `client`, one per `stepMs`, each failing; returns the list and the statuses. */
function fail(
  start: LoginFailure[],
  client: string,
  from: number,
  count: number,
  stepMs = 1,
  policy = POLICY,
): { failures: LoginFailure[]; allowed: boolean[]; now: number } {
  let failures = start;
  const allowed: boolean[] = [];
  let now = from;
  for (let i = 0; i < count; i++, now += stepMs) {
    const r = decideLogin(failures, client, now, policy);
    allowed.push(r.allowed);
    failures = r.failures;
  }
  return { failures, allowed, now };
}

describe('decideLogin: per (account, client) lock', () => {
  it('allows clientMaxFailures checks in the window, then locks that client until the oldest leaves it', () => {
    const { failures, allowed } = fail([], 'a', 1000, 5);
    expect(allowed).toEqual([true, true, true, true, true]);
    const sixth = decideLogin(failures, 'a', 2000, POLICY);
    expect(sixth).toMatchObject({
      allowed: false,
      refusal: 'client_locked',
      retryAfterMs: 1000 + WINDOW - 2000,
    });
    expect(sixth.failures).toHaveLength(5);
  });

  it('the locked client stays locked even if it would now send the right password (refused before the check)', () => {
    const { failures } = fail([], 'attacker', 0, 50);
    expect(failures.filter((f) => f.client === 'attacker')).toHaveLength(5);
    expect(decideLogin(failures, 'attacker', 10 * MIN, POLICY)).toMatchObject({
      allowed: false,
      refusal: 'client_locked',
      retryAfterMs: 5 * MIN,
    });
  });

  it('another client with no failures on the account gets through at once', () => {
    const { failures } = fail([], 'attacker', 0, 50);
    const owner = decideLogin(failures, 'owner', 100, POLICY);
    expect(owner).toMatchObject({ allowed: true, retryAfterMs: 0 });
    // ... and after the owner's success, the attacker is still locked and the back-off is intact.
    const after = forgetClient(owner.failures, 'owner');
    expect(after).toEqual(failures);
    expect(decideLogin(after, 'attacker', 200, POLICY).allowed).toBe(false);
  });

  it('drops failures that are exactly one window old', () => {
    const start = [0, 1, 2, 3, 4].map((at) => ({ at, client: 'a' }));
    const r = decideLogin(start, 'a', WINDOW, POLICY);
    expect(r.allowed).toBe(true);
    expect(r.failures.map((f) => f.at)).toEqual([1, 2, 3, 4, WINDOW]);
    expect(decideLogin(start, 'a', 2 * WINDOW, POLICY).failures).toEqual([{ at: 2 * WINDOW, client: 'a' }]);
  });

  it('handles unsorted input and a lowered limit', () => {
    const start = [30, 10, 20, 40].map((at) => ({ at, client: 'a' }));
    const r = decideLogin(start, 'a', 100, { ...POLICY, clientMaxFailures: 2 });
    expect(r).toMatchObject({ allowed: false, refusal: 'client_locked', retryAfterMs: 30 + WINDOW - 100 });
    expect(r.failures.map((f) => f.at)).toEqual([10, 20, 30, 40]);
  });
});

describe('decideLogin: per-account back-off', () => {
  it('doubles the wait for failing clients once the account has backoffAfter failures from all clients', () => {
    // Five attackers fail once each: the account is at the threshold.
    let failures: LoginFailure[] = [];
    for (const c of ['x1', 'x2', 'x3', 'x4', 'x5']) failures = fail(failures, c, 0, 1).failures;
    // x1 is failing on the account: it waits 2^0 s after the latest failure, then 2^1, 2^2 ...
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const refused = decideLogin(failures, 'x1', now, POLICY);
      expect(refused).toMatchObject({ allowed: false, refusal: 'account_backoff' });
      waits.push(refused.retryAfterMs);
      now += refused.retryAfterMs;
      const r = decideLogin(failures, i % 2 ? 'x1' : 'x2', now, POLICY);
      expect(r.allowed).toBe(true);
      failures = r.failures;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('is capped at backoffMaxMs', () => {
    expect(backoffMs(4, POLICY)).toBe(0);
    expect(backoffMs(5, POLICY)).toBe(1000);
    expect(backoffMs(14, POLICY)).toBe(512_000);
    expect(backoffMs(15, POLICY)).toBe(900_000);
    expect(backoffMs(10_000, POLICY)).toBe(900_000);
  });

  it('addresses that keep failing share one slot: 5 of them retrying every second get 9 more guesses in the window', () => {
    const clients = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'];
    // Each address first spends its free check: the account is at the threshold.
    let failures = clients.reduce((acc, c) => fail(acc, c, 0, 1).failures, [] as LoginFailure[]);
    const admitted: number[] = [];
    for (let now = 1000; now < WINDOW; now += 1000) {
      for (const c of clients) {
        const r = decideLogin(failures, c, now, POLICY);
        if (r.allowed) admitted.push(now / 1000);
        failures = r.failures;
      }
    }
    // After 1, 2, 4 ... 256 s: the next would be 512 s after the one at 511 s, beyond the window.
    expect(admitted).toEqual([1, 3, 7, 15, 31, 63, 127, 255, 511]);
  });

  // Every address retrying every 10 s: one address gets its 5 per window (as before this policy),
  // more addresses get about one free check each per window, and past the ceiling no more.
  it.each([
    [1, 24, 480],
    [20, 24, 1920],
    [300, 2, 800],
  ])('%i address(es) hammering for %i h get %i guesses', (count, hours, expected) => {
    const clients = Array.from({ length: count }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    let failures: LoginFailure[] = [];
    let guesses = 0;
    for (let now = 0; now < hours * 3_600_000; now += 10_000) {
      for (const c of clients) {
        const r = decideLogin(failures, c, now, POLICY);
        if (r.allowed) guesses++;
        failures = r.failures;
      }
      expect(failures.length).toBeLessThanOrEqual(POLICY.accountMaxFailures + 16);
    }
    expect(guesses).toBe(expected);
  });

  it('the rotation ceiling: past accountMaxFailures even fresh addresses wait', () => {
    const policy = { ...POLICY, accountMaxFailures: 10 };
    let failures: LoginFailure[] = [];
    for (let i = 0; i < 10; i++) {
      const r = decideLogin(failures, `fresh-${i}`, i, policy);
      expect(r.allowed).toBe(true);
      failures = r.failures;
    }
    const eleventh = decideLogin(failures, 'fresh-10', 10, policy);
    expect(eleventh).toMatchObject({ allowed: false, refusal: 'account_backoff' });
    // 10 failures, backoffAfter 5: 2^5 s after the latest failure (at 9 ms).
    expect(eleventh.retryAfterMs).toBe(32_000 + 9 - 10);
    expect(decideLogin(failures, 'fresh-10', 32_009, policy).allowed).toBe(true);
  });

  it('below the ceiling a client with no failures is never slowed, however many failures the account has', () => {
    const { failures } = fail([], 'attacker', 0, 5);
    let all = failures;
    for (let i = 0; i < 50; i++) all = fail(all, `rotating-${i}`, 10 + i, 1).failures;
    expect(all).toHaveLength(55);
    expect(decideLogin(all, 'owner', 100, POLICY).allowed).toBe(true);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::abcd', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['a|b', 'a_b'],
  ])('%s -> %s', (ip, key) => expect(clientKey(ip)).toBe(key));
});

describe('retryAfterSeconds', () => {
  it.each([
    [0, 1],
    [1, 1],
    [1000, 1],
    [1001, 2],
    [WINDOW, 900],
  ])('%i ms -> %i s', (ms, s) => expect(retryAfterSeconds(ms)).toBe(s));
});
