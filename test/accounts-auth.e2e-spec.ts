import { AccountsDemoSeed } from '../src/accounts/accounts-demo.seed';
import { AdminAccountBootstrap } from '../src/accounts/admin-account.bootstrap';
import { RefreshTokenPurgeService } from '../src/accounts/refresh-token-purge.service';
import { Role } from '../src/accounts/role';
import { createUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** Accounts: registration, login, rotating refresh tokens, logout, per-account lockout. */
describe('accounts: auth', () => {
  let t: TestApp;
  let n = 0;
  const password = 'correct-horse-42';
  const newEmail = () => `auth-${++n}-${Date.now().toString(36)}@example.test`;
  const register = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.http.post('/api/v1/auth/register', body, { headers });
  const login = (email: string, pass: string, headers?: Record<string, string>) =>
    t.http.post('/api/v1/auth/login', { email, password: pass }, { headers });
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh', { refreshToken });

  beforeAll(async () => {
    t = await createTestApp('accounts_auth');
  });
  afterEach(() => t.clock.set(undefined));
  afterAll(() => t.close());

  it('register -> login -> /me -> refresh -> reuse of the old refresh token kills the session -> logout', async () => {
    const email = newEmail();
    const reg = await register({ email, password, name: 'Ada Lovelace' });
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({
      user: { id: expect.any(String), email, name: 'Ada Lovelace', role: 'customer' },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });

    const log = await login(email, password);
    expect(log.status).toBe(200);
    expect(log.body.user).toEqual(reg.body.user);

    const me = await t.http.get('/api/v1/me', { token: log.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: reg.body.user.id,
      email,
      name: 'Ada Lovelace',
      slug: 'ada-lovelace',
      role: 'customer',
    });

    const first = await refresh(log.body.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(log.body.refreshToken);
    expect((await t.http.get('/api/v1/me', { token: first.body.accessToken })).status).toBe(200);

    // The old token again: refused, and the token issued in exchange dies with its family.
    const reuse = await refresh(log.body.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    const afterTheft = await refresh(first.body.refreshToken);
    expect(afterTheft.status).toBe(401);
    expect(afterTheft.body.code).toBe('REFRESH_TOKEN_REVOKED');

    // The registration's session is another family: untouched.
    const other = await refresh(reg.body.refreshToken);
    expect(other.status).toBe(200);

    const out = await t.http.post('/api/v1/auth/logout', { refreshToken: other.body.refreshToken });
    expect(out.status).toBe(204);
    const afterLogout = await refresh(other.body.refreshToken);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.code).toBe('REFRESH_TOKEN_REVOKED');
    // Logout is idempotent and does not reveal whether a token exists.
    expect((await t.http.post('/api/v1/auth/logout', { refreshToken: 'x'.repeat(43) })).status).toBe(204);

    const [{ count }] = await t.sql<{ count: string }>(
      'SELECT count(*) FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL',
      [reg.body.user.id],
    );
    expect(Number(count)).toBe(0);
  });

  it('stores only hashes of refresh tokens and argon2id hashes of passwords', async () => {
    const email = newEmail();
    const reg = await register({ email, password, name: 'Hash Check' });
    const [row] = await t.sql<{ password_hash: string }>('SELECT password_hash FROM "user" WHERE id = $1', [
      reg.body.user.id,
    ]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await t.sql<{ token_hash: string }>(
      'SELECT token_hash FROM refresh_token WHERE user_id = $1',
      [reg.body.user.id],
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokens[0].token_hash).not.toContain(reg.body.refreshToken);
  });

  it('two concurrent exchanges of one refresh token: exactly one wins, and the session is revoked', async () => {
    const reg = await register({ email: newEmail(), password, name: 'Racer' });
    const results = await Promise.all([refresh(reg.body.refreshToken), refresh(reg.body.refreshToken)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200)!;
    expect((await refresh(winner.body.refreshToken)).status).toBe(401);
  });

  it('an expired refresh token is refused', async () => {
    const reg = await register({ email: newEmail(), password, name: 'Sleeper' });
    t.clock.set(new Date(Date.now() + 31 * 86_400_000));
    const res = await refresh(reg.body.refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('REFRESH_TOKEN_EXPIRED');
  });

  it('a stale Authorization header does not block login or refresh', async () => {
    const email = newEmail();
    const reg = await register({ email, password, name: 'Stale' });
    const headers = { authorization: 'Bearer not.a.valid-token' };
    expect((await login(email, password, headers)).status).toBe(200);
    expect(
      (await t.http.post('/api/v1/auth/refresh', { refreshToken: reg.body.refreshToken }, { headers }))
        .status,
    ).toBe(200);
  });

  it('accepts an X-Cart-Token header on register and login', async () => {
    const email = newEmail();
    expect(
      (await register({ email, password, name: 'Shopper' }, { 'x-cart-token': 'guest-cart-token' })).status,
    ).toBe(201);
    expect((await login(email, password, { 'x-cart-token': 'guest-cart-token' })).status).toBe(200);
  });

  it('duplicate email in any case -> 409', async () => {
    const email = newEmail();
    expect((await register({ email, password, name: 'First' })).status).toBe(201);
    const dup = await register({ email: email.toUpperCase(), password, name: 'Second' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'EMAIL_TAKEN' });
  });

  it('the same name twice gets two distinct slugs', async () => {
    const a = await register({ email: newEmail(), password, name: 'Same Name' });
    const b = await register({ email: newEmail(), password, name: 'Same Name' });
    const [sa, sb] = await Promise.all(
      [a, b].map(
        async (r) => (await t.http.get('/api/v1/me', { token: r.body.accessToken })).body.slug as string,
      ),
    );
    expect(sa).toBe('same-name');
    expect(sb).toMatch(/^same-name-[0-9a-f]{6}$/);
  });

  it.each([
    [{ email: 'not-an-email', password, name: 'A' }, 'email'],
    [{ email: 'short@example.test', password: 'abc1', name: 'A' }, 'password'],
    [{ email: 'digits@example.test', password: 'onlyletters', name: 'A' }, 'password'],
    [{ email: 'noname@example.test', password, name: '   ' }, 'name'],
    [{ email: 'role@example.test', password, name: 'A', role: 'admin' }, 'role'],
  ])('register refuses %j naming %s', async (body, field) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(res.body.message).toContain(field);
  });

  it('refuses a body that is not JSON with 415', async () => {
    for (const path of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/refresh']) {
      const res = await t.http.post(path, undefined, {
        raw: 'email=a@b.co',
        headers: { 'content-type': 'text/plain' },
      });
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
  });

  it('wrong password and unknown email give the exact same 401 body, after the same work', async () => {
    const email = newEmail();
    await register({ email, password, name: 'Target' });
    const timed = async (e: string) => {
      const started = process.hrtime.bigint();
      const res = await login(e, 'wrong-password-1');
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const wrong = [await timed(email), await timed(email)];
    const unknown = [await timed(newEmail()), await timed(newEmail())];
    for (const { res } of [...wrong, ...unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'INVALID_CREDENTIALS',
        message: 'Invalid email or password',
      });
    }
    // An unknown email still pays for an argon2 verification (a dummy hash): not a fast path.
    const avg = (xs: Array<{ ms: number }>) => xs.reduce((s, x) => s + x.ms, 0) / xs.length;
    expect(avg(unknown)).toBeGreaterThan(avg(wrong) * 0.3);
  });

  it('login is case-insensitive on the email', async () => {
    const email = newEmail();
    await register({ email, password, name: 'Case' });
    expect((await login(email.toUpperCase(), password)).status).toBe(200);
  });

  it('6th rapid failed login from one address -> 429 with Retry-After until the window passes (Clock-driven)', async () => {
    const email = newEmail();
    await register({ email, password, name: 'Locked' });
    const start = new Date('2031-01-01T12:00:00Z');
    t.clock.set(start);
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong-password-1')).status).toBe(401);
    const sixth = await login(email, 'wrong-password-1');
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'TOO_MANY_LOGIN_ATTEMPTS',
    });
    expect(Number(sixth.headers['retry-after'])).toBe(15 * 60);
    // Even the right password waits: the lock is on the account for this address.
    expect((await login(email, password)).status).toBe(429);

    t.clock.set(new Date(start.getTime() + 10 * 60_000));
    const later = await login(email, password);
    expect(later.status).toBe(429);
    expect(Number(later.headers['retry-after'])).toBe(5 * 60);

    t.clock.set(new Date(start.getTime() + 15 * 60_000 + 1000));
    expect((await login(email, password)).status).toBe(200);
    // A success clears the failures: five more tries are allowed again.
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong-password-1')).status).toBe(401);
    expect((await login(email, 'wrong-password-1')).status).toBe(429);
  });

  it('unknown emails are limited the same way (the limit does not reveal which emails exist)', async () => {
    const email = newEmail();
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong-password-1')).status).toBe(401);
    expect((await login(email, 'wrong-password-1')).status).toBe(429);
  });

  it('a burst of parallel guesses cannot get past the per-account limit', async () => {
    const email = newEmail();
    await register({ email, password, name: 'Burst' });
    const results = await Promise.all(Array.from({ length: 12 }, () => login(email, 'wrong-password-1')));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });

  it('a deactivated account cannot log in or refresh', async () => {
    const email = newEmail();
    const reg = await register({ email, password, name: 'Gone' });
    await t.sql('UPDATE "user" SET active = false WHERE id = $1', [reg.body.user.id]);
    const right = await login(email, password);
    expect(right.status).toBe(401);
    expect(right.body.code).toBe('ACCOUNT_INACTIVE');
    const wrong = await login(email, 'wrong-password-1');
    expect(wrong.body.message).toBe('Invalid email or password');
    const ref = await refresh(reg.body.refreshToken);
    expect(ref.status).toBe(401);
    expect(ref.body.code).toBe('ACCOUNT_INACTIVE');
    expect((await t.http.get('/api/v1/me', { token: reg.body.accessToken })).status).toBe(401);
  });

  it('the demo seed creates the documented seller and customer, idempotently', async () => {
    const seed = t.app.get(AccountsDemoSeed);
    const first = await seed.run();
    const again = await seed.run();
    expect(again).toEqual(first);
    expect(first.seller).toMatchObject({ email: 'seller@bazaar.test', role: 'seller' });
    expect(first.customer).toMatchObject({ email: 'customer@bazaar.test', role: 'customer' });
    const seller = await login('seller@bazaar.test', 'seller-demo-123');
    expect(seller.status).toBe(200);
    expect(seller.body.user).toEqual({
      id: first.seller.id,
      email: 'seller@bazaar.test',
      name: 'Demo Seller',
      role: 'seller',
    });
    expect((await login('customer@bazaar.test', 'customer-demo-123')).body.user.role).toBe('customer');
  });

  it('factory users (no usable password) cannot log in', async () => {
    const u = await createUser(t, Role.Seller);
    expect((await login(u.email, 'anything-1')).status).toBe(401);
  });

  it('documents the auth routes with their schemas and error responses', async () => {
    const spec = (await t.http.get('/docs-json')).body;
    const loginOp = spec.paths['/api/v1/auth/login'].post;
    expect(loginOp.tags).toEqual(['auth']);
    expect(loginOp.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LoginDto');
    expect(loginOp.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/AuthResponseDto',
    );
    for (const status of ['400', '401', '429']) {
      expect(loginOp.responses[status].content['application/json'].schema.$ref).toBe(
        '#/components/schemas/ErrorResponseDto',
      );
    }
    expect(loginOp.security).toEqual([]); // explicitly no auth (openapi-conventions.ts)
    expect(spec.paths['/api/v1/auth/register'].post.responses['409']).toBeDefined();
    expect(spec.components.schemas.AuthResponseDto.required).toEqual(
      expect.arrayContaining(['user', 'accessToken', 'refreshToken']),
    );
    expect(spec.components.schemas.RegisterDto.properties).not.toHaveProperty('role');
  });

  it('prunes refresh tokens a day after they expire (scheduled job handler); live sessions keep working', async () => {
    const old = await register({ email: newEmail(), password, name: 'Old Session' });
    const start = new Date();
    const ttlMs = t.config.jwt.refreshTtlDays * 86_400_000;
    // A session opened a little later, so it is still live when the first one is pruned.
    t.clock.set(new Date(start.getTime() + 2 * 86_400_000));
    const live = await register({ email: newEmail(), password, name: 'Live Session' });
    const purge = t.app.get(RefreshTokenPurgeService);
    const count = async (userId: string) =>
      Number(
        (
          await t.sql<{ n: string }>('SELECT count(*) AS n FROM refresh_token WHERE user_id = $1', [userId])
        )[0].n,
      );

    // Expired, but within the day of grace: kept, and refused as expired.
    t.clock.set(new Date(start.getTime() + ttlMs + 3_600_000));
    expect(await purge.purgeExpired()).toBe(0);
    expect((await refresh(old.body.refreshToken)).body.code).toBe('REFRESH_TOKEN_EXPIRED');

    t.clock.set(new Date(start.getTime() + ttlMs + 86_400_000 + 3_600_000));
    expect(await purge.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await count(old.body.user.id)).toBe(0);
    expect(await count(live.body.user.id)).toBe(1);
    const after = await refresh(live.body.refreshToken);
    expect(after.status).toBe(200);
    expect((await refresh(old.body.refreshToken)).body.code).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('accounts: per-IP limit on auth routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('accounts_ip_limit', { THROTTLE_AUTH_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('THROTTLE_AUTH_PER_MINUTE requests per IP, then 429 with Retry-After; other IPs and routes are unaffected', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const body = { email: 'nobody@example.test', password: 'wrong-password-1' };
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await t.http.post(
            '/api/v1/auth/login',
            { ...body, email: `n${i}@example.test` },
            { headers: from('203.0.113.7') },
          )
        ).status,
      ).toBe(401);
    }
    const limited = await t.http.post('/api/v1/auth/login', body, { headers: from('203.0.113.7') });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.http.post('/api/v1/auth/login', body, { headers: from('203.0.113.8') })).status).toBe(
      401,
    );
    expect((await t.http.get('/health/live', { headers: from('203.0.113.7') })).status).toBe(200);
  });
});

describe('accounts: per-IP limit with no trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('accounts_ip_untrusted', { THROTTLE_AUTH_PER_MINUTE: '3', TRUST_PROXY: 'false' });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For from an untrusted peer, so a client cannot spoof its way past the limit', async () => {
    const body = { email: 'nobody@example.test', password: 'wrong-password-1' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.http.post('/api/v1/auth/login', body, {
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('accounts: admin account from env', () => {
  let t: TestApp;
  const env = { ADMIN_EMAIL: 'Boss@Shop.test', ADMIN_PASSWORD: 'admin-password-1' };
  beforeAll(async () => {
    t = await createTestApp('accounts_admin_boot', env);
  });
  afterAll(() => t.close());

  it('is created at boot and can log in as admin', async () => {
    const res = await t.http.post('/api/v1/auth/login', {
      email: 'boss@shop.test',
      password: env.ADMIN_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'boss@shop.test', role: 'admin' });
    const users = await t.http.get('/api/v1/users', { token: res.body.accessToken });
    expect(users.status).toBe(200);
  });

  it('a stranger failing 50 times on the admin email cannot lock the admin out, and stays locked itself', async () => {
    // TRUST_PROXY=loopback (the default) trusts the test client, so X-Forwarded-For is the client IP.
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const login = (password: string, ip: string) =>
      t.http.post('/api/v1/auth/login', { email: 'boss@shop.test', password }, { headers: from(ip) });
    const start = new Date('2033-03-01T09:00:00Z');
    t.clock.set(start);
    try {
      const attacker = '203.0.113.66';
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 50; i++) {
        last = await login(`guess-${i}-password`, attacker);
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      expect(last!.body).toMatchObject({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'TOO_MANY_LOGIN_ATTEMPTS',
        message: expect.stringContaining('from this address'),
      });
      expect(Number(last!.headers['retry-after'])).toBe(15 * 60);

      // The admin, from another address, at once.
      const admin = await login(env.ADMIN_PASSWORD, '198.51.100.10');
      expect(admin.status).toBe(200);
      expect(admin.body.user.role).toBe('admin');

      // The attacker is still locked for this account, even with the right password ...
      const lucky = await login(env.ADMIN_PASSWORD, attacker);
      expect(lucky.status).toBe(429);
      expect(Number(lucky.headers['retry-after'])).toBe(15 * 60);
      // ... and a second address that starts failing meets the account's back-off after one try
      // (6 failures on the account, 5 before the back-off starts: 2^1 s).
      const second = '203.0.113.67';
      expect((await login('another-guess-1', second)).status).toBe(401);
      const slowed = await login('another-guess-2', second);
      expect(slowed.status).toBe(429);
      expect(slowed.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(slowed.headers['retry-after'])).toBe(2);
      t.clock.set(new Date(start.getTime() + 2000));
      expect((await login('another-guess-2', second)).status).toBe(401);

      // Once its failures have aged out of the window, the attacker's address is checked again.
      t.clock.set(new Date(start.getTime() + 15 * 60_000 + 1000));
      expect((await login('guess-51-password', attacker)).status).toBe(401);
    } finally {
      t.clock.set(undefined);
    }
  });

  it('booting again creates nothing more; instances booting at once on an empty database create exactly one', async () => {
    const bootstrap = t.app.get(AdminAccountBootstrap);
    await bootstrap.onApplicationBootstrap();
    const count = async () =>
      (await t.sql('SELECT id FROM "user" WHERE lower(email) = $1', ['boss@shop.test'])).length;
    expect(await count()).toBe(1);
    await t.sql('DELETE FROM "user" WHERE lower(email) = $1', ['boss@shop.test']);
    await Promise.all([1, 2, 3].map(() => bootstrap.onApplicationBootstrap()));
    expect(await count()).toBe(1);
  });

  it('an existing non-admin account with ADMIN_EMAIL is not promoted', async () => {
    await t.sql('UPDATE "user" SET role = $2 WHERE lower(email) = $1', ['boss@shop.test', 'customer']);
    await t.app.get(AdminAccountBootstrap).onApplicationBootstrap();
    const [row] = await t.sql<{ role: string }>('SELECT role FROM "user" WHERE lower(email) = $1', [
      'boss@shop.test',
    ]);
    expect(row.role).toBe('customer');
  });
});
