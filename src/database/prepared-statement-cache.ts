import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { textHash } from '../common/text-hash';

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
 * Per connection: its prepared statement names, least recently used first (a Map keeps insertion
 * order). One list per connection whichever cache or hook prepared them, so the bound holds for all.
 */
const recent = new WeakMap<PoolClient, Map<string, true>>();

/**
 * A stable statement name per distinct SQL text (textHash): the same text gets
 * the same name on every connection and in every process.
 */
export function statementName(text: string, prefix = 'q'): string {
  const [h1, h2] = textHash(text);
  return `${prefix}_${h1.toString(36)}${(h2 & 0xfffff).toString(36)}`;
}

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
  constructor(
    private readonly pool: Pool,
    readonly maxPerConnection = MAX_PREPARED_STATEMENTS_PER_CONNECTION,
  ) {
    if (!Number.isInteger(maxPerConnection) || maxPerConnection < 1)
      throw new RangeError('maxPerConnection must be a positive integer');
  }

  async query<T extends QueryResultRow>(statement: NamedQuery): Promise<QueryResult<T>> {
    if (!statement.name) return this.pool.query<T>(statement.text, statement.values);
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      return await this.queryOn<T>(client, statement as Required<NamedQuery>);
    } catch (err) {
      failure = err as Error;
      throw err;
    } finally {
      // Like pool.query: a connection that saw an error is not reused (nor is its list).
      client.release(failure);
    }
  }

  /** A named statement on a connection the caller holds (in a transaction, say), within the bound. */
  async queryOn<T extends QueryResultRow>(
    client: PoolClient,
    statement: Required<NamedQuery>,
    run: (statement: Required<NamedQuery>) => Promise<QueryResult<T>> = (q) => client.query<T>(q),
  ): Promise<QueryResult<T>> {
    try {
      await this.makeRoomFor(client, statement.name);
      return await run(statement);
    } finally {
      this.touch(client, statement.name);
    }
  }

  private parsed(client: PoolClient): Record<string, string> {
    return (client as unknown as PgClientInternals).connection.parsedStatements;
  }

  private listOf(client: PoolClient): Map<string, true> {
    let list = recent.get(client);
    if (!list) {
      // Statements prepared before this cache first saw the connection count against the bound too.
      list = new Map(Object.keys(this.parsed(client)).map((n) => [n, true]));
      recent.set(client, list);
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

/**
 * SQL texts marked with prepared() (the hot transactional statements, see preparePooledStatements)
 * and their statement names, hashed once per text rather than on every call.
 */
const PREPARED_TEXTS = new Map<string, string>();

/**
 * Marks a parameterised SQL text to run as a named prepared statement, and returns it unchanged:
 * `m.query(prepared(sql), params)` through TypeORM, inside transactions too. Parsing and planning
 * happen once per connection instead of on every call: for checkout's and the cart's multi-CTE
 * statements that was most of PostgreSQL's time per statement (bench/RESULTS.md). Only for texts
 * from a fixed set of shapes (the set is never emptied), and statements whose best plan does not
 * hinge on the parameter values (PostgreSQL may settle on a generic plan after five executions):
 * primary-key and unique-key lookups and writes, not range scans over skewed data.
 */
export function prepared(text: string): string {
  if (!PREPARED_TEXTS.has(text)) PREPARED_TEXTS.set(text, statementName(text));
  return text;
}

const WRAPPED = Symbol('bazaar.preparedStatements');

type RawQuery = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Makes every connection of `pool` run the texts marked with prepared() as named prepared
 * statements, within the same per-connection bound as PreparedStatementCache (the connection is
 * wrapped when first checked out, so connections opened before the call are covered too). Any
 * other query passes through untouched.
 */
export function preparePooledStatements(
  pool: Pool,
  maxPerConnection = MAX_PREPARED_STATEMENTS_PER_CONNECTION,
): void {
  const cache = new PreparedStatementCache(pool, maxPerConnection);
  pool.on('acquire', (client: PoolClient & { [WRAPPED]?: true }) => {
    if (client[WRAPPED]) return;
    client[WRAPPED] = true;
    const raw = client.query.bind(client) as RawQuery;
    (client as unknown as { query: RawQuery }).query = (config, values, callback) => {
      const name = typeof config === 'string' ? PREPARED_TEXTS.get(config) : undefined;
      if (name && Array.isArray(values) && callback === undefined) {
        return cache.queryOn(
          client,
          { name, text: config as string, values },
          (q) => raw(q) as Promise<QueryResult>,
        );
      }
      return raw(config, values, callback);
    };
  });
}
