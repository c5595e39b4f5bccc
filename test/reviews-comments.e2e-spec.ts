import { Role } from '../src/accounts/role';
import { createProduct, TestProduct } from './support/catalog-factories';
import { createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const API = '/api/v1';

describe('reviews: moderated comments', () => {
  let t: TestApp;
  let seller: TestUser;
  let otherSeller: TestUser;
  let staff: TestUser;
  let author: TestUser;
  let stranger: TestUser;
  let product: TestProduct;

  beforeAll(async () => {
    t = await createTestApp('reviews_comments');
    seller = await createUser(t, Role.Seller);
    otherSeller = await createUser(t, Role.Seller);
    staff = await createUser(t, Role.Staff);
    author = await createUser(t);
    stranger = await createUser(t);
    product = await createProduct(t, { seller });
  });
  afterAll(() => t.close());

  const post = (user: TestUser, body: object, productId = product.id) =>
    t.http.post(`${API}/products/${productId}/comments`, body, { token: user.token });
  const publicIds = async (user?: TestUser) =>
    (
      await t.http.get(`${API}/products/${product.slug}/comments`, {
        token: user?.token,
        query: { perPage: 100 },
      })
    ).body.data.map((c: { id: string }) => c.id);

  it('pending is invisible to others and visible (flagged) to its author; approved visible; rejected gone', async () => {
    const created = await post(author, { body: 'Is it <i>waterproof</i>?' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', mine: true, body: 'Is it <i>waterproof</i>?' });
    const id = created.body.id;
    expect(await publicIds()).not.toContain(id);
    expect(await publicIds(stranger)).not.toContain(id);
    const own = await t.http.get(`${API}/products/${product.id}/comments`, { token: author.token });
    expect(own.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({
      status: 'pending',
      mine: true,
    });

    const approve = await t.http.patch(
      `${API}/comments/${id}`,
      { status: 'approved' },
      { token: staff.token },
    );
    expect(approve.status).toBe(200);
    expect(approve.body).toMatchObject({ status: 'approved', moderatedBy: { id: staff.id } });
    expect(approve.body.moderatedAt).toBeTruthy();
    expect(await publicIds()).toContain(id);
    const seen = await t.http.get(`${API}/products/${product.id}/comments`, { token: stranger.token });
    expect(seen.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({
      mine: false,
      status: 'approved',
    });

    const reject = await t.http.patch(
      `${API}/comments/${id}`,
      { status: 'rejected', reason: 'Duplicate' },
      { token: staff.token },
    );
    expect(reject.body).toMatchObject({ status: 'rejected', moderationReason: 'Duplicate' });
    expect(await publicIds()).not.toContain(id);
    expect(await publicIds(stranger)).not.toContain(id);
    const mine = await t.http.get(`${API}/products/${product.id}/comments`, { token: author.token });
    expect(mine.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'rejected' });
  });

  it("replies: the product's seller and staff are approved at once, others wait; one level only", async () => {
    const q = (await post(author, { body: 'Which sizes?' })).body.id;
    // Not approved yet: invisible to the seller (404), and staff, who see it, cannot answer it yet.
    expect((await post(seller, { body: 'S, M, L', parentId: q })).status).toBe(404);
    const early = await post(staff, { body: 'S, M, L', parentId: q });
    expect([early.status, early.body.code]).toEqual([409, 'COMMENT_NOT_APPROVED']);
    const hiddenFromStranger = await post(stranger, { body: 'me too', parentId: q });
    expect(hiddenFromStranger.status).toBe(404);
    await t.http.patch(`${API}/comments/${q}`, { status: 'approved' }, { token: staff.token });

    const bySeller = await post(seller, { body: 'S, M and L', parentId: q });
    expect(bySeller.body).toMatchObject({ status: 'approved', parentId: q });
    const byStaff = await post(staff, { body: 'XL next month', parentId: q });
    expect(byStaff.body.status).toBe('approved');
    const byOtherSeller = await post(otherSeller, { body: 'Buy mine', parentId: q });
    expect(byOtherSeller.body.status).toBe('pending');
    const nested = await post(author, { body: 'thanks', parentId: bySeller.body.id });
    expect([nested.status, nested.body.code]).toEqual([400, 'REPLY_TOO_DEEP']);
    const elsewhere = await createProduct(t, { seller });
    expect((await post(author, { body: 'x', parentId: q }, elsewhere.id)).status).toBe(404);

    const page = await t.http.get(`${API}/products/${product.id}/comments`);
    const thread = page.body.data.find((c: { id: string }) => c.id === q);
    expect(thread.replies.map((r: { id: string }) => r.id)).toEqual([bySeller.body.id, byStaff.body.id]);
    const queued = await t.http.get(`${API}/comments`, {
      token: staff.token,
      query: { status: 'approved', product: product.id },
    });
    const auto = queued.body.data.find((c: { id: string }) => c.id === bySeller.body.id);
    expect(auto.moderatedBy).toEqual({ id: seller.id, name: seller.name });
  });

  it('validates bodies and products', async () => {
    for (const body of [
      {},
      { body: '' },
      { body: 'x'.repeat(2001) },
      // 2,002 characters as PostgreSQL counts them (U+2764 U+FE0F each).
      { body: '\u2764\uFE0F'.repeat(1001) },
      { body: 5 },
      { body: 'ok', parentId: 'nope' },
    ]) {
      const res = await post(author, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const archived = await createProduct(t, { seller, archived: true });
    expect((await post(author, { body: 'hello' }, archived.id)).status).toBe(404);
    expect((await t.http.get(`${API}/products/${archived.id}/comments`)).status).toBe(404);
    expect((await t.http.post(`${API}/products/${product.id}/comments`, { body: 'anon' })).status).toBe(401);
    const full = '\u2764\uFE0F'.repeat(1000);
    const kept = await post(author, { body: full });
    expect([kept.status, kept.body.body]).toEqual([201, full]);
    const reason = await t.http.patch(
      `${API}/comments/${kept.body.id}`,
      { status: 'rejected', reason: '\u2764\uFE0F'.repeat(251) },
      { token: staff.token },
    );
    expect([reason.status, reason.body.details.fields[0].field]).toEqual([400, 'reason']);
  });

  it('the queue is pending and oldest first; bulk approve of 100 is all or nothing and says what changed', async () => {
    const p = await createProduct(t, { seller });
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const [row] = await t.sql<{ id: string }>(
        `INSERT INTO comment (product_id, author_id, body, created_at) VALUES ($1, $2, $3, now() - ($4 || ' minutes')::interval) RETURNING id`,
        [p.id, author.id, `question ${i}`, String(200 - i)],
      );
      ids.push(row.id);
    }
    const queue = await t.http.get(`${API}/comments`, {
      token: staff.token,
      query: { product: p.id, perPage: 100 },
    });
    expect(queue.body.total).toBe(100);
    expect(queue.body.data.map((c: { id: string }) => c.id)).toEqual(ids);

    // One unknown id: nothing changes.
    const unknown = '00000000-0000-4000-8000-000000000000';
    const refused = await t.http.post(
      `${API}/comments/moderate`,
      { ids: [...ids.slice(0, 99), unknown], status: 'approved' },
      { token: staff.token },
    );
    expect([refused.status, refused.body.details.missing]).toEqual([404, [unknown]]);
    const [{ approved }] = await t.sql<{ approved: number }>(
      `SELECT count(*)::int AS approved FROM comment WHERE product_id = $1 AND status = 'approved'`,
      [p.id],
    );
    expect(approved).toBe(0);

    await t.http.patch(`${API}/comments/${ids[0]}`, { status: 'approved' }, { token: staff.token });
    const bulk = await t.http.post(
      `${API}/comments/moderate`,
      { ids, status: 'approved' },
      { token: staff.token },
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body).toEqual({ status: 'approved', changed: ids.slice(1), unchanged: [ids[0]] });
    const visible = await t.http.get(`${API}/products/${p.id}/comments`, { query: { perPage: 100 } });
    expect(visible.body.total).toBe(100);
    const moderated = await t.sql<{ moderated_by: string }>(
      `SELECT DISTINCT moderated_by FROM comment WHERE product_id = $1`,
      [p.id],
    );
    expect(moderated).toEqual([{ moderated_by: staff.id }]);

    for (const body of [
      { ids: [], status: 'approved' },
      { ids: [...ids, unknown], status: 'approved' },
      { ids: [ids[0], ids[0]], status: 'approved' },
      { ids: [ids[0]], status: 'pending' },
      { ids: 'x', status: 'approved' },
    ]) {
      expect((await t.http.post(`${API}/comments/moderate`, body, { token: staff.token })).status).toBe(400);
    }
  });

  it('customers and sellers on the staff routes → 403, anonymous → 401', async () => {
    const { id } = (await post(author, { body: 'another' })).body;
    for (const who of [author, seller]) {
      expect((await t.http.get(`${API}/comments`, { token: who.token })).status).toBe(403);
      expect(
        (await t.http.patch(`${API}/comments/${id}`, { status: 'approved' }, { token: who.token })).status,
      ).toBe(403);
      const bulk = await t.http.post(
        `${API}/comments/moderate`,
        { ids: [id], status: 'approved' },
        { token: who.token },
      );
      expect([bulk.status, bulk.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await t.http.get(`${API}/comments`)).status).toBe(401);
    expect(
      (await t.http.patch(`${API}/comments/${id}`, { status: 'maybe' }, { token: staff.token })).status,
    ).toBe(400);
    expect(
      (
        await t.http.patch(
          `${API}/comments/00000000-0000-4000-8000-000000000000`,
          { status: 'approved' },
          { token: staff.token },
        )
      ).status,
    ).toBe(404);
  });

  it("a deactivated author's approved comments leave the public and come back on reactivation", async () => {
    const user = await createUser(t);
    const { id } = (await post(user, { body: 'Great seller' })).body;
    await t.http.patch(`${API}/comments/${id}`, { status: 'approved' }, { token: staff.token });
    expect(await publicIds()).toContain(id);
    await t.http.patch(`${API}/users/${user.id}`, { active: false }, { token: staff.token });
    expect(await publicIds()).not.toContain(id);
    await t.http.patch(`${API}/users/${user.id}`, { active: true }, { token: staff.token });
    expect(await publicIds()).toContain(id);
  });
});
