import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** What to run: a `name` asks for a prepared statement (see catalog-sql.ts's `statement()`). */
export interface NamedQuery {
  name?: string;
  text: string;
  values: unknown[];
}

/**
 * The per-connection record node-postgres keeps of the statements it has prepared (name -> text).
 * Not in @types/pg, but the only way to tell pg that a statement is gone: pg skips the Parse step
 * for every name it finds here, so a DEALLOCATEd name must be removed from it too.
 */
interface PgClientInternals {
  connection: { parsedStatements: Record<string, string> };
}

/**
 * At most this many prepared statements live on one connection (see PreparedStatementCache). A
 * catalog list statement with its cached generic plan takes ~330 kB of backend memory (measured in
 * pg_backend_memory_contexts), so 50 is ~16 MB per connection at worst: room for every shape a
 * storefront uses at once (default list, category pages by a few sorts, the admin's lists).
 */
export const MAX_PREPARED_STATEMENTS_PER_CONNECTION = 50;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Named prepared statements with a bound. node-postgres prepares a named statement once per
 * connection and keeps it (and PostgreSQL its plan) for the connection's whole life, with no API
 * to release it; one name per distinct SQL text and enough filter/sort shapes would grow every
 * backend without limit. Here each pooled connection keeps a least-recently-used list of its
 * statements: preparing one more than `maxPerConnection` first DEALLOCATEs the least recently used
 * on that same connection and drops it from pg's record, so pg parses it again if it comes back.
 * The hot shapes stay prepared; a rare one costs a Parse and, when the list is full, one DEALLOCATE.
 */
export class PreparedStatementCache {
  /** Per connection: statement names, least recently used first (a Map keeps insertion order). */
  private readonly recent = new WeakMap<PoolClient, Map<string, true>>();

  constructor(
    private readonly pool: Pool,
    readonly maxPerConnection = MAX_PREPARED_STATEMENTS_PER_CONNECTION,
  ) {
    if (!Number.isInteger(maxPerConnection) || maxPerConnection < 1)
      throw new RangeError('maxPerConnection must be a positive integer');
  }

  async query<T extends QueryResultRow>(statement: NamedQuery): Promise<QueryResult<T>> {
    if (!statement.name) return this.pool.query<T>(statement.text, statement.values);
    const name = statement.name;
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await this.makeRoomFor(client, name);
      return await client.query<T>(statement);
    } catch (err) {
      failure = err as Error;
      throw err;
    } finally {
      this.touch(client, name);
      // Like pool.query: a connection that saw an error is not reused (nor is its list).
      client.release(failure);
    }
  }

  private parsed(client: PoolClient): Record<string, string> {
    return (client as unknown as PgClientInternals).connection.parsedStatements;
  }

  private listOf(client: PoolClient): Map<string, true> {
    let list = this.recent.get(client);
    if (!list) {
      // Statements prepared before this cache first saw the connection count against the bound too.
      list = new Map(Object.keys(this.parsed(client)).map((n) => [n, true]));
      this.recent.set(client, list);
    }
    return list;
  }

  private async makeRoomFor(client: PoolClient, name: string): Promise<void> {
    const parsed = this.parsed(client);
    if (parsed[name] !== undefined) return;
    const list = this.listOf(client);
    while (list.size >= this.maxPerConnection) {
      const oldest = list.keys().next().value!;
      if (parsed[oldest] !== undefined) {
        await client.query(`DEALLOCATE ${quoteIdent(oldest)}`);
        delete parsed[oldest];
      }
      list.delete(oldest);
    }
  }

  /** Marks `name` most recently used if pg now holds it prepared on this connection. */
  private touch(client: PoolClient, name: string): void {
    const list = this.listOf(client);
    list.delete(name);
    if (this.parsed(client)[name] !== undefined) list.set(name, true);
  }
}
