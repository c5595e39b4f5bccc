import { Actors, API, createActors, createCategory, createProduct } from './support/store-api';
import { createTestApp, TestApp } from './support/test-app';
import { mulberry32 } from '../src/common/random';

/**
 * Issue 12: a product's breadcrumb is read from the category's trigger-maintained `breadcrumb`
 * column instead of a recursive query per read. After random creates, renames, slug changes and
 * moves of whole subtrees (through the API and in plain SQL), every category's stored path and
 * every product page's breadcrumb must equal the old path: the tree walked up from the category.
 */
describe('category breadcrumbs kept by a trigger, against walking the tree', () => {
  let t: TestApp;
  let a: Actors;
  const rand = mulberry32(5);
  const categories: { id: string; slug: string }[] = [];
  const products: { slug: string; categoryId: string }[] = [];
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];

  /** The old path: walk up from the category, root first. */
  async function walkedPath(id: string) {
    const [{ path }] = await t.sql<{ path: { id: string; name: string; slug: string }[] }>(
      `WITH RECURSIVE up AS (SELECT id, name, slug, parent_id, 0 AS depth FROM category WHERE id = $1
         UNION ALL SELECT c.id, c.name, c.slug, c.parent_id, up.depth + 1 FROM category c JOIN up ON c.id = up.parent_id)
       SELECT json_agg(json_build_object('id', id, 'name', name, 'slug', slug) ORDER BY depth DESC) AS path FROM up`,
      [id],
    );
    return path;
  }

  async function expectPathsMatch() {
    for (const c of categories) {
      const [{ breadcrumb }] = await t.sql<{ breadcrumb: unknown }>(
        `SELECT breadcrumb FROM category WHERE id = $1`,
        [c.id],
      );
      expect({ id: c.id, breadcrumb }).toEqual({ id: c.id, breadcrumb: await walkedPath(c.id) });
    }
    for (const p of products) {
      const res = await t.http.get(`${API}/products/${p.slug}`);
      expect(res.status).toBe(200);
      expect(res.body.breadcrumb).toEqual(await walkedPath(p.categoryId));
    }
  }

  beforeAll(async () => {
    t = await createTestApp('category_breadcrumb');
    a = await createActors(t);
    for (let i = 0; i < 12; i++) {
      const parent = i < 2 || rand() < 0.2 ? null : pick(categories).id;
      categories.push(await createCategory(t, a.staff.token, { name: `Cat ${i}`, parentId: parent }));
    }
    for (let i = 0; i < 8; i++) {
      const category = pick(categories);
      const p = await createProduct(t, a.seller.token, {
        name: `Crumb ${i}`,
        categoryId: category.id,
        price: 100,
      });
      products.push({ slug: p.slug, categoryId: category.id });
    }
  });
  afterAll(() => t.close());

  it('holds after creates, renames, slug changes and subtree moves', async () => {
    await expectPathsMatch();
    let moves = 0;
    for (let round = 0; round < 25; round++) {
      const c = pick(categories);
      const r = rand();
      if (r < 0.3) {
        const res = await t.http.patch(
          `${API}/categories/${c.id}`,
          { name: `Renamed ${round}` },
          {
            token: a.staff.token,
          },
        );
        expect(res.status).toBe(200);
      } else if (r < 0.45) {
        const res = await t.http.patch(
          `${API}/categories/${c.id}`,
          { slug: `moved-slug-${round}` },
          {
            token: a.staff.token,
          },
        );
        expect(res.status).toBe(200);
      } else if (r < 0.85) {
        // A move through the API (a move under its own subtree is refused with 4xx, nothing written).
        const target = rand() < 0.2 ? null : pick(categories).id;
        const res = await t.http.patch(
          `${API}/categories/${c.id}`,
          { parentId: target },
          {
            token: a.staff.token,
          },
        );
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) moves++;
      } else {
        // Plain SQL writers are covered too: the trigger is in the database.
        await t.sql(`UPDATE category SET name = name || '!' WHERE id = $1`, [c.id]);
      }
    }
    expect(moves).toBeGreaterThan(3);
    await expectPathsMatch();
  });

  it('keeps the stored path in the writer’s transaction: a rolled back move leaves it as it was', async () => {
    const [child] = await t.sql<{ id: string }>(
      `SELECT id FROM category WHERE parent_id IS NOT NULL LIMIT 1`,
    );
    const before = await walkedPath(child.id);
    await t.dataSource
      .transaction(async (m) => {
        await m.query(`UPDATE category SET parent_id = NULL WHERE id = $1`, [child.id]);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const [{ breadcrumb }] = await t.sql<{ breadcrumb: unknown }>(
      `SELECT breadcrumb FROM category WHERE id = $1`,
      [child.id],
    );
    expect(breadcrumb).toEqual(before);
  });
});
