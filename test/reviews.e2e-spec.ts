import { DataSource } from 'typeorm';
import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { paidOrder, placeOrder } from './support/checkout-helpers';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
/** Two code points, U+2764 U+FE0F: 1 character to class-validator's MaxLength, 2 to PostgreSQL. */
const HEART = '\u2764\uFE0F';

describe('reviews', () => {
  let t: TestApp;
  let seller: TestUser;
  let otherSeller: TestUser;
  let staff: TestUser;
  let admin: TestUser;
  let product: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('reviews');
    seller = await createUser(t, Role.Seller);
    otherSeller = await createUser(t, Role.Seller);
    staff = await createUser(t, Role.Staff);
    admin = await createUser(t, Role.Admin);
    product = await createProduct(t, { seller, stock: 100 });
  });
  afterAll(() => t.close());

  const review = (user: TestUser, productId: string, body: unknown) =>
    t.http.post(`${API}/products/${productId}/reviews`, body, { token: user.token });
  /** Until some session of this database waits on a row lock (the request under test). */
  const waitForLockWait = async () => {
    for (let i = 0; i < 200; i++) {
      const [{ waiting }] = await t.sql<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('no session ever waited on a lock');
  };
  const ratingOf = async (productId: string) =>
    (
      await t.sql<{ rating_avg: string; rating_count: number }>(
        `SELECT rating_avg, rating_count FROM product WHERE id = $1`,
        [productId],
      )
    )[0];

  describe('verified purchase', () => {
    it('is true after a paid order, false after a pending or a refunded one, and false without an order', async () => {
      const p = await createProduct(t, { seller, stock: 50 });
      const [paid, pending, refunded, none] = await Promise.all(
        [1, 2, 3, 4].map(() => createUser(t, Role.Customer)),
      );
      await paidOrder(t, paid, [{ productId: p.id, variantId: p.variant.id, quantity: 1 }]);
      await placeOrder(t, pending, [{ productId: p.id, variantId: p.variant.id, quantity: 1 }]);
      const refundedOrder = await paidOrder(t, refunded, [
        { productId: p.id, variantId: p.variant.id, quantity: 2 },
      ]);
      const refund = await t.http.post(`${API}/orders/${refundedOrder}/refund`, undefined, {
        token: admin.token,
      });
      expect([refund.status, refund.body.order.status]).toEqual([200, 'refunded']);

      const answers = await Promise.all(
        [paid, pending, refunded, none].map((u) => review(u, p.id, { rating: 4, comment: 'ok' })),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(answers.map((a) => a.body.verifiedPurchase)).toEqual([true, false, false, false]);
      const stored = await t.sql<{ author_id: string; verified_purchase: boolean }>(
        `SELECT author_id, verified_purchase FROM review WHERE product_id = $1`,
        [p.id],
      );
      expect(stored.find((r) => r.author_id === paid.id)?.verified_purchase).toBe(true);

      const verifiedOnly = await t.http.get(`${API}/products/${p.slug}/reviews`, {
        query: { verified: true },
      });
      expect(verifiedOnly.body.data.map((r: { author: { id: string } }) => r.author.id)).toEqual([paid.id]);
    });

    it('shipped and delivered orders count; a partial refund uncounts only the lines it refunded in full', async () => {
      const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => createProduct(t, { seller, stock: 50 })));
      const [buyer, shipper, deliveree] = await Promise.all(
        [1, 2, 3].map(() => createUser(t, Role.Customer)),
      );
      const order = await paidOrder(
        t,
        buyer,
        [a, b, c].map((x) => ({ productId: x.id, variantId: x.variant.id, quantity: x === a ? 2 : 1 })),
      );
      const lines = await t.sql<{ id: string; product_id: string }>(
        `SELECT id, product_id FROM order_line WHERE order_id = $1`,
        [order],
      );
      const lineOf = (x: TestProduct) => lines.find((l) => l.product_id === x.id)!.id;
      // One of a's two units and b's only unit go back; c is untouched.
      const refund = await t.http.post(
        `${API}/orders/${order}/refund`,
        {
          lines: [
            { orderLineId: lineOf(a), quantity: 1 },
            { orderLineId: lineOf(b), quantity: 1 },
          ],
        },
        { token: admin.token },
      );
      expect([refund.status, refund.body.order.status]).toEqual([200, 'partially_refunded']);
      const mine = await Promise.all([a, b, c].map((x) => review(buyer, x.id, { rating: 5 })));
      expect(mine.map((r) => [r.status, r.body.verifiedPurchase])).toEqual([
        [201, true],
        [201, false],
        [201, true],
      ]);

      for (const [who, steps] of [
        [shipper, ['ship']],
        [deliveree, ['ship', 'deliver']],
      ] as const) {
        const id = await paidOrder(t, who, [{ productId: d.id, variantId: d.variant.id, quantity: 1 }]);
        for (const step of steps)
          expect(
            (await t.http.post(`${API}/orders/${id}/${step}`, undefined, { token: staff.token })).status,
          ).toBe(200);
        const res = await review(who, d.id, { rating: 4 });
        expect([res.status, res.body.verifiedPurchase]).toEqual([201, true]);
      }
    });
  });

  describe('validation and conflicts', () => {
    it.each([
      [{ rating: 0 }, 'rating', 'rating must not be less than 1'],
      [{ rating: 6 }, 'rating', 'rating must not be greater than 5'],
      [{ rating: 2.5 }, 'rating', 'rating must be an integer number'],
      [{ rating: '5' }, 'rating', 'rating must be an integer number'],
      [{}, 'rating', 'rating is required'],
      [
        { rating: 5, comment: 'x'.repeat(2001) },
        'comment',
        'comment must be shorter than or equal to 2000 characters',
      ],
      // 2,002 characters as PostgreSQL counts them (each heart is U+2764 U+FE0F).
      [
        { rating: 5, comment: HEART.repeat(1001) },
        'comment',
        'comment must be shorter than or equal to 2000 characters',
      ],
      [{ rating: 5, extra: 1 }, 'extra', 'property extra should not exist'],
    ])('%p → 400 naming %s', async (body, field, message) => {
      const user = await createUser(t);
      const res = await review(user, product.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message });
      expect(res.body.details.fields[0].field).toBe(field);
      expect(await t.sql(`SELECT 1 FROM review WHERE author_id = $1`, [user.id])).toHaveLength(0);
    });

    it('texts of exactly 2,000 characters are kept as sent; one more → 400 naming the field', async () => {
      const p = await createProduct(t, { seller });
      const user = await createUser(t);
      const full = HEART.repeat(1000);
      const created = await review(user, p.id, { rating: 4, comment: full });
      expect([created.status, created.body.comment]).toEqual([201, full]);
      const edit = await t.http.patch(
        `${API}/reviews/${created.body.id}`,
        { comment: full + 'x' },
        { token: user.token },
      );
      expect([edit.status, edit.body.details.fields[0].field]).toEqual([400, 'comment']);
      const reply = (body: string) =>
        t.http.post(`${API}/reviews/${created.body.id}/reply`, { body }, { token: seller.token });
      expect((await reply(HEART.repeat(1001))).body.details.fields[0].field).toBe('body');
      expect((await reply(full)).body.reply.body).toBe(full);
      const hide = await t.http.patch(
        `${API}/reviews/${created.body.id}/visibility`,
        { hidden: true, reason: HEART.repeat(251) },
        { token: staff.token },
      );
      expect([hide.status, hide.body.details.fields[0].field]).toEqual([400, 'reason']);
      const [stored] = await t.sql<{ chars: number; hidden: boolean }>(
        `SELECT char_length(comment) AS chars, hidden FROM review WHERE id = $1`,
        [created.body.id],
      );
      expect(stored).toEqual({ chars: 2000, hidden: false });
    });

    it('archived, inactive or unknown product → 404; a malformed id → 400', async () => {
      const user = await createUser(t);
      const archived = await createProduct(t, { seller, archived: true });
      const inactive = await createProduct(t, { seller, active: false });
      for (const id of [archived.id, inactive.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await review(user, id, { rating: 5 });
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      }
      expect((await review(user, 'nope', { rating: 5 })).status).toBe(400);
      expect((await t.http.get(`${API}/products/${archived.slug}/reviews`)).status).toBe(404);
    });

    it('a second review of the same product → 409 REVIEW_EXISTS, the rating counted once', async () => {
      const p = await createProduct(t, { seller });
      const user = await createUser(t);
      expect((await review(user, p.id, { rating: 5, comment: '<b>great</b>' })).status).toBe(201);
      const again = await review(user, p.id, { rating: 1 });
      expect([again.status, again.body.code]).toEqual([409, 'REVIEW_EXISTS']);
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });
      // Stored and answered exactly as sent: the API never turns it into HTML.
      const list = await t.http.get(`${API}/products/${p.id}/reviews`);
      expect(list.body.data[0].comment).toBe('<b>great</b>');
    });

    it('anonymous → 401; a seller reviewing its own product → 403, another seller may', async () => {
      expect((await t.http.post(`${API}/products/${product.id}/reviews`, { rating: 5 })).status).toBe(401);
      const own = await review(seller, product.id, { rating: 5 });
      expect([own.status, own.body.code]).toEqual([403, 'FORBIDDEN']);
      expect((await review(otherSeller, product.id, { rating: 4 })).status).toBe(201);
    });
  });

  describe('public list, edits, deletes', () => {
    let p: TestProduct;
    let a: TestUser;
    let b: TestUser;
    let c: TestUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      p = await createProduct(t, { seller });
      [a, b, c] = await Promise.all([1, 2, 3].map(() => createUser(t)));
      ids.a = (await review(a, p.id, { rating: 5, comment: 'love it' })).body.id;
      ids.b = (await review(b, p.id, { rating: 2, comment: 'meh' })).body.id;
      ids.c = (await review(c, p.id, { rating: 4 })).body.id;
    });

    it('answers the page with the histogram, average and count; sorts and filters', async () => {
      const res = await t.http.get(`${API}/products/${p.slug}/reviews`);
      expect(res.status).toBe(200);
      expect(res.body.data.map((r: { id: string }) => r.id)).toEqual([ids.c, ids.b, ids.a]);
      expect(res.body.summary).toEqual({
        average: 3.67,
        count: 3,
        histogram: [
          { rating: 1, count: 0 },
          { rating: 2, count: 1 },
          { rating: 3, count: 0 },
          { rating: 4, count: 1 },
          { rating: 5, count: 1 },
        ],
      });
      expect(res.body.total).toBe(3);
      expect(res.headers['x-total-count']).toBe('3');
      const byRating = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { sort: '-rating' } });
      expect(byRating.body.data.map((r: { rating: number }) => r.rating)).toEqual([5, 4, 2]);
      const asc = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { sort: 'rating' } });
      expect(asc.body.data.map((r: { rating: number }) => r.rating)).toEqual([2, 4, 5]);
      const fives = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { rating: 5 } });
      expect(fives.body.data.map((r: { id: string }) => r.id)).toEqual([ids.a]);
      expect(fives.body.summary.count).toBe(3);
      const paged = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { perPage: 1, page: 2 } });
      expect([paged.body.data.length, paged.body.total]).toEqual([1, 3]);
      // Public, but a bearer token that is sent must be valid (as documented).
      const forged = await t.http.get(`${API}/products/${p.id}/reviews`, { token: 'not-a-token' });
      expect([forged.status, forged.body.code]).toEqual([401, 'UNAUTHORIZED']);
      const bad = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { sort: 'author' } });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_SORT']);
      expect((await t.http.get(`${API}/products/${p.id}/reviews`, { query: { rating: 9 } })).status).toBe(
        400,
      );
    });

    it('helpful votes count once per user; -helpful sorts by them; own review and anonymous refused', async () => {
      const voter = await createUser(t);
      const first = await t.http.post(`${API}/reviews/${ids.b}/helpful`, undefined, { token: voter.token });
      expect([first.status, first.body]).toEqual([200, { reviewId: ids.b, helpfulCount: 1, counted: true }]);
      const again = await t.http.post(`${API}/reviews/${ids.b}/helpful`, undefined, { token: voter.token });
      expect([again.status, again.body]).toEqual([200, { reviewId: ids.b, helpfulCount: 1, counted: false }]);
      await Promise.all(
        [1, 2, 3].map(() => t.http.post(`${API}/reviews/${ids.b}/helpful`, undefined, { token: a.token })),
      );
      const [{ helpful_count }] = await t.sql<{ helpful_count: number }>(
        `SELECT helpful_count FROM review WHERE id = $1`,
        [ids.b],
      );
      expect(helpful_count).toBe(2);
      const own = await t.http.post(`${API}/reviews/${ids.b}/helpful`, undefined, { token: b.token });
      expect(own.status).toBe(403);
      expect((await t.http.post(`${API}/reviews/${ids.b}/helpful`)).status).toBe(401);
      const unknown = await t.http.post(
        `${API}/reviews/00000000-0000-4000-8000-000000000000/helpful`,
        undefined,
        {
          token: voter.token,
        },
      );
      expect(unknown.status).toBe(404);
      const sorted = await t.http.get(`${API}/products/${p.id}/reviews`, { query: { sort: '-helpful' } });
      expect(sorted.body.data[0].id).toBe(ids.b);
    });

    it('a vote racing the delete of its review → 404, not a failed insert', async () => {
      const author = await createUser(t);
      const voter = await createUser(t);
      const { id } = (await review(author, (await createProduct(t, { seller })).id, { rating: 3 })).body;
      // A bare DELETE (the product's rating is not looked at here) holds the review's row until it commits; the vote arrives meanwhile.
      const deleting = t.app.get(DataSource).createQueryRunner();
      await deleting.connect();
      await deleting.startTransaction();
      await deleting.query(`DELETE FROM review WHERE id = $1`, [id]);
      const vote = t.http.post(`${API}/reviews/${id}/helpful`, undefined, { token: voter.token });
      await waitForLockWait();
      await deleting.commitTransaction();
      await deleting.release();
      const res = await vote;
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('the author edits (rating follows), others cannot; delete by author or staff', async () => {
      const edit = await t.http.patch(`${API}/reviews/${ids.b}`, { rating: 3 }, { token: b.token });
      expect([edit.status, edit.body.rating, edit.body.comment]).toEqual([200, 3, 'meh']);
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '4.00', rating_count: 3 });
      expect((await t.http.patch(`${API}/reviews/${ids.b}`, { rating: 1 }, { token: a.token })).status).toBe(
        403,
      );
      expect((await t.http.patch(`${API}/reviews/${ids.b}`, { rating: 7 }, { token: b.token })).status).toBe(
        400,
      );
      expect((await t.http.delete(`${API}/reviews/${ids.b}`, { token: a.token })).status).toBe(403);
      // The product's seller neither edits nor deletes its shoppers' reviews.
      expect((await t.http.delete(`${API}/reviews/${ids.b}`, { token: seller.token })).status).toBe(403);
      expect(
        (await t.http.patch(`${API}/reviews/${ids.b}`, { rating: 5 }, { token: seller.token })).status,
      ).toBe(403);
      expect((await t.http.delete(`${API}/reviews/${ids.c}`, { token: c.token })).status).toBe(204);
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '4.00', rating_count: 2 });
      expect((await t.http.delete(`${API}/reviews/${ids.b}`, { token: staff.token })).status).toBe(204);
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });
      expect((await t.http.delete(`${API}/reviews/${ids.b}`, { token: staff.token })).status).toBe(404);
    });
  });

  describe('seller replies', () => {
    it("the product's seller replies once and edits it; another seller → 403, a customer → 403", async () => {
      const p = await createProduct(t, { seller });
      const author = await createUser(t);
      const { id } = (await review(author, p.id, { rating: 4, comment: 'nice' })).body;
      const other = await t.http.post(
        `${API}/reviews/${id}/reply`,
        { body: 'hi' },
        { token: otherSeller.token },
      );
      expect([other.status, other.body.code]).toEqual([403, 'FORBIDDEN']);
      expect(
        (await t.http.post(`${API}/reviews/${id}/reply`, { body: 'hi' }, { token: author.token })).status,
      ).toBe(403);
      const first = await t.http.post(
        `${API}/reviews/${id}/reply`,
        { body: 'Thanks!' },
        { token: seller.token },
      );
      expect([first.status, first.body.reply.body]).toEqual([200, 'Thanks!']);
      const edited = await t.http.post(
        `${API}/reviews/${id}/reply`,
        { body: 'Thanks a lot!' },
        { token: seller.token },
      );
      expect(edited.body.reply.body).toBe('Thanks a lot!');
      expect(edited.body.reply.createdAt).toBe(first.body.reply.createdAt);
      expect(
        (await t.http.post(`${API}/reviews/${id}/reply`, { body: '' }, { token: seller.token })).status,
      ).toBe(400);
      const list = await t.http.get(`${API}/products/${p.id}/reviews`);
      expect(list.body.data[0].reply.body).toBe('Thanks a lot!');
    });
  });

  describe('staff moderation and lists', () => {
    it('staff hide and unhide (recorded who, when, why); the rating and public list follow', async () => {
      const p = await createProduct(t, { seller });
      const [u1, u2] = await Promise.all([createUser(t), createUser(t)]);
      await review(u1, p.id, { rating: 1, comment: 'spam spam' });
      const { id } = (await review(u2, p.id, { rating: 5 })).body;
      const r1 = (await t.sql<{ id: string }>(`SELECT id FROM review WHERE author_id = $1`, [u1.id]))[0].id;
      const hide = await t.http.patch(
        `${API}/reviews/${r1}/visibility`,
        { hidden: true, reason: 'Spam' },
        { token: staff.token },
      );
      expect(hide.status).toBe(200);
      expect(hide.body).toMatchObject({
        hidden: true,
        hiddenReason: 'Spam',
        moderatedBy: { id: staff.id },
        publiclyVisible: false,
      });
      expect(hide.body.moderatedAt).toBeTruthy();
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });
      const pub = await t.http.get(`${API}/products/${p.id}/reviews`);
      expect(pub.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
      expect(pub.body.summary.histogram[0]).toEqual({ rating: 1, count: 0 });
      // Its author may still edit it (nothing moves in the rating) and sees that and why it is
      // hidden, not who hid it: that is for staff.
      const own = await t.http.patch(`${API}/reviews/${r1}`, { comment: 'spam spam!' }, { token: u1.token });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ hidden: true, hiddenReason: 'Spam', moderatedBy: null });
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });

      // Hiding twice changes nothing more.
      await t.http.patch(`${API}/reviews/${r1}/visibility`, { hidden: true }, { token: staff.token });
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });
      // Others can no longer see it: editing it is 404, not 403.
      expect((await t.http.patch(`${API}/reviews/${r1}`, { rating: 2 }, { token: u2.token })).status).toBe(
        404,
      );

      const hidden = await t.http.get(`${API}/reviews`, {
        token: staff.token,
        query: { status: 'hidden', product: p.id },
      });
      expect(hidden.body.data.map((r: { id: string }) => r.id)).toEqual([r1]);
      const search = await t.http.get(`${API}/reviews`, {
        token: staff.token,
        query: { q: 'SPAM', product: p.id },
      });
      expect(search.body.total).toBe(1);
      const staffList = async (query: Record<string, string | number>) =>
        (
          await t.http.get(`${API}/reviews`, { token: staff.token, query: { product: p.id, ...query } })
        ).body.data.map((r: { id: string }) => r.id);
      expect(await staffList({ status: 'visible' })).toEqual([id]);
      expect(await staffList({ rating: 1 })).toEqual([r1]);
      expect(await staffList({ sort: 'rating' })).toEqual([r1, id]);
      expect(await staffList({ sort: '-rating' })).toEqual([id, r1]);

      const show = await t.http.patch(
        `${API}/reviews/${r1}/visibility`,
        { hidden: false },
        { token: admin.token },
      );
      expect(show.body).toMatchObject({
        hidden: false,
        moderatedBy: { id: admin.id },
        publiclyVisible: true,
      });
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '3.00', rating_count: 2 });
      const bySeller = await t.http.get(`${API}/reviews`, {
        token: seller.token,
        query: { mine: true, product: p.id },
      });
      expect(bySeller.body.data.find((r: { id: string }) => r.id === r1)).toMatchObject({
        moderatedBy: null,
      });
      const byStaff = await t.http.get(`${API}/reviews`, { token: staff.token, query: { product: p.id } });
      expect(byStaff.body.data.find((r: { id: string }) => r.id === r1).moderatedBy).toEqual({
        id: admin.id,
        name: admin.name,
      });
    });

    it('customers and sellers on staff routes → 403; sellers list their products with mine=true', async () => {
      const customer = await createUser(t);
      const p = await createProduct(t, { seller });
      const theirs = await createProduct(t, { seller: otherSeller });
      const { id } = (await review(customer, p.id, { rating: 3 })).body;
      await review(customer, theirs.id, { rating: 2 });
      for (const who of [customer, seller]) {
        const res = await t.http.patch(
          `${API}/reviews/${id}/visibility`,
          { hidden: true },
          { token: who.token },
        );
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      const bad = await t.http.patch(
        `${API}/reviews/${id}/visibility`,
        { hidden: 'true' },
        { token: staff.token },
      );
      expect([bad.status, bad.body.details.fields[0].field]).toEqual([400, 'hidden']);
      const unknown = await t.http.patch(
        `${API}/reviews/00000000-0000-4000-8000-000000000000/visibility`,
        { hidden: true },
        { token: staff.token },
      );
      expect(unknown.status).toBe(404);
      expect((await t.http.get(`${API}/reviews`, { token: customer.token })).status).toBe(403);
      expect((await t.http.get(`${API}/reviews`, { token: seller.token })).status).toBe(403);
      expect((await t.http.get(`${API}/reviews`)).status).toBe(401);
      const mine = await t.http.get(`${API}/reviews`, {
        token: seller.token,
        query: { mine: true, perPage: 100 },
      });
      expect(mine.status).toBe(200);
      expect(mine.body.data.every((r: { sellerId: string }) => r.sellerId === seller.id)).toBe(true);
      expect(mine.body.data.map((r: { id: string }) => r.id)).toContain(id);
      const all = await t.http.get(`${API}/reviews`, {
        token: staff.token,
        query: { seller: otherSeller.id },
      });
      expect(all.body.data.every((r: { sellerId: string }) => r.sellerId === otherSeller.id)).toBe(true);
      expect(all.body.total).toBeGreaterThan(0);
    });
  });

  describe('deactivated authors', () => {
    it('their reviews leave the public and the rating, and come back on reactivation', async () => {
      const p = await createProduct(t, { seller });
      const q = await createProduct(t, { seller });
      const [author, other] = await Promise.all([createUser(t), createUser(t)]);
      await review(author, p.id, { rating: 1 });
      await review(author, q.id, { rating: 2 });
      await review(other, p.id, { rating: 5 });
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '3.00', rating_count: 2 });

      const off = await t.http.patch(`${API}/users/${author.id}`, { active: false }, { token: staff.token });
      expect(off.status).toBe(200);
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '5.00', rating_count: 1 });
      expect(await ratingOf(q.id)).toEqual({ rating_avg: '0.00', rating_count: 0 });
      const pub = await t.http.get(`${API}/products/${p.id}/reviews`);
      expect(pub.body.data.map((r: { author: { id: string } }) => r.author.id)).toEqual([other.id]);
      // Kept, and shown to staff with the reason.
      const kept = await t.http.get(`${API}/reviews`, { token: staff.token, query: { product: p.id } });
      expect(kept.body.data.find((r: { author: { id: string } }) => r.author.id === author.id)).toMatchObject(
        {
          authorActive: false,
          publiclyVisible: false,
        },
      );

      await t.http.patch(`${API}/users/${author.id}`, { active: true }, { token: staff.token });
      expect(await ratingOf(p.id)).toEqual({ rating_avg: '3.00', rating_count: 2 });
      expect(await ratingOf(q.id)).toEqual({ rating_avg: '2.00', rating_count: 1 });
    });
  });

  describe('catalog', () => {
    it('minRating and -rating read the maintained columns', async () => {
      const cat = await createProduct(t, { seller });
      const good = await createProduct(t, { seller, categoryId: cat.categoryId });
      const [u1, u2] = await Promise.all([createUser(t), createUser(t)]);
      await review(u1, good.id, { rating: 5 });
      await review(u2, good.id, { rating: 4 });
      await review(u1, cat.id, { rating: 2 });
      const res = await t.http.get(`${API}/products`, {
        query: { category: cat.categoryId, minRating: 4, sort: '-rating' },
      });
      expect(res.body.data.map((x: { id: string; ratingAvg: number }) => [x.id, x.ratingAvg])).toEqual([
        [good.id, 4.5],
      ]);
    });
  });
});
