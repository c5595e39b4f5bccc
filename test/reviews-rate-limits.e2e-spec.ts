import { createProduct, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1';

/** Per-account and per-IP limits of review, comment and helpful-vote creation. */
describe('reviews: rate limits', () => {
  let t: TestApp;
  let products: TestProduct[];
  beforeAll(async () => {
    t = await createTestApp('reviews_rate_limits', {
      THROTTLE_REVIEWS_PER_MINUTE: '3',
      THROTTLE_REVIEWS_PER_ACCOUNT_PER_MINUTE: '2',
      THROTTLE_COMMENTS_PER_MINUTE: '3',
      THROTTLE_COMMENTS_PER_ACCOUNT_PER_MINUTE: '2',
      THROTTLE_VOTES_PER_MINUTE: '3',
      THROTTLE_VOTES_PER_ACCOUNT_PER_MINUTE: '2',
    });
    products = await Promise.all([1, 2, 3, 4].map(() => createProduct(t)));
  });
  afterAll(() => t.close());

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const expectLimited = (res: { status: number; body: any; headers: any }, what: string, who: string) => {
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('TOO_MANY_REQUESTS');
    expect(res.body.message).toMatch(new RegExp(`^Too many ${what} from this ${who}`));
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };
  const review = (user: TestUser, product: TestProduct, ip: string) =>
    t.http.post(
      `${API}/products/${product.id}/reviews`,
      { rating: 4 },
      { token: user.token, headers: from(ip) },
    );

  it('reviews: per account, then per IP', async () => {
    const user = await createUser(t);
    expect((await review(user, products[0], '198.51.100.1')).status).toBe(201);
    expect((await review(user, products[1], '198.51.100.2')).status).toBe(201);
    expectLimited(await review(user, products[2], '198.51.100.3'), 'new reviews', 'account');
    expect(await t.sql(`SELECT 1 FROM review WHERE author_id = $1`, [user.id])).toHaveLength(2);

    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createUser(t)));
    for (const u of [a, b, c]) expect((await review(u, products[3], '198.51.100.9')).status).toBe(201);
    expectLimited(await review(d, products[3], '198.51.100.9'), 'new reviews', 'address');
  });

  it('comments and helpful votes: per account', async () => {
    const user = await createUser(t);
    const comment = (ip: string) =>
      t.http.post(
        `${API}/products/${products[0].id}/comments`,
        { body: 'hi' },
        { token: user.token, headers: from(ip) },
      );
    expect((await comment('198.51.100.20')).status).toBe(201);
    expect((await comment('198.51.100.21')).status).toBe(201);
    expectLimited(await comment('198.51.100.22'), 'new comments', 'account');

    const author = await createUser(t);
    const { id } = (await review(author, products[1], '198.51.100.30')).body;
    const vote = (ip: string) =>
      t.http.post(`${API}/reviews/${id}/helpful`, undefined, { token: user.token, headers: from(ip) });
    expect((await vote('198.51.100.31')).status).toBe(200);
    expect((await vote('198.51.100.32')).status).toBe(200);
    expectLimited(await vote('198.51.100.33'), 'votes', 'account');
  });
});
