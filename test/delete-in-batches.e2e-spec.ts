import { deleteInBatches } from '../src/database/delete-in-batches';
import { createTestApp, TestApp } from './support/test-app';

/** The batched delete the purge jobs use: every matching row goes, batch by batch, nothing else. */
describe('deleteInBatches', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('delete_in_batches');
  });
  afterAll(() => t.close());

  it('deletes every matching row over several batches and leaves the rest', async () => {
    await t.sql(
      `INSERT INTO category (name, slug, position)
       SELECT 'Batch ' || i, 'batch-' || i, i FROM generate_series(1, 7) AS i`,
    );
    await t.sql(`INSERT INTO category (name, slug, position) VALUES ('Keep', 'keep', 100)`);
    const deleted = await deleteInBatches(t.dataSource, 'category', `slug LIKE $1`, ['batch-%'], {
      orderBy: 'position',
      batch: 3,
    });
    expect(deleted).toBe(7);
    const left = await t.sql<{ slug: string }>(
      `SELECT slug FROM category WHERE slug LIKE 'batch-%' OR slug = 'keep'`,
    );
    expect(left.map((r) => r.slug)).toEqual(['keep']);
    expect(
      await deleteInBatches(t.dataSource, 'category', `slug LIKE $1`, ['batch-%'], { orderBy: 'position' }),
    ).toBe(0);
  });
});
