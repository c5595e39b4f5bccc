import { adminQuery, createTestDatabase } from './support/test-database';
import { Client } from 'pg';

/** The per-file database helper every e2e file relies on. */
describe('test database cloning', () => {
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('clones the migrated template into isolated databases and drops them', async () => {
    const a = await createTestDatabase('clone a');
    const b = await createTestDatabase('clone b');
    try {
      expect(a.name).not.toBe(b.name);
      // Both copies carry the real migrations.
      const migrations = await query(a.url, 'SELECT count(*)::int AS n FROM migration');
      expect(migrations[0].n).toBeGreaterThan(0);
      await query(a.url, `INSERT INTO category (name, slug) VALUES ('Only in A', 'only-in-a')`);
      expect(await query(a.url, `SELECT slug FROM category WHERE slug = 'only-in-a'`)).toHaveLength(1);
      expect(await query(b.url, `SELECT slug FROM category WHERE slug = 'only-in-a'`)).toHaveLength(0);
    } finally {
      await a.drop();
      await b.drop();
    }
    const left = await adminQuery(`SELECT datname FROM pg_database WHERE datname = ANY($1)`, [
      [a.name, b.name],
    ]);
    expect(left).toHaveLength(0);
  });
});
