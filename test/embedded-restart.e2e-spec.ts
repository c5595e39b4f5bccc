import { JwtService } from '@nestjs/jwt';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/database/embedded-postgres.server';
import { hasExited, waitForExit } from '../src/database/embedded-postgres.orphan';
import { ADDRESS } from './support/checkout-helpers';
import { spawnApp, SpawnedApp, waitForStatus } from './support/spawn-app';

const JWT_SECRET = 'restart-test-secret-restart-test-secret-0123';
const BUYERS = 100;
const STOCK = 60;

/**
 * Restart after a crash, on the real process as `npm start` runs it: the app is SIGKILLed (no
 * shutdown hooks run) while 100 checkouts are in flight, which leaves its embedded PostgreSQL
 * running as an orphan. The next start must stop that orphan and come up by itself, with every
 * checkout either whole or not there at all.
 */
describe('restart after a crash (dist/main.js, embedded PostgreSQL)', () => {
  const pidFile = (dataDir: string) => join(dataDir, 'postgres', 'postmaster.pid');
  const dirs: string[] = [];
  const apps: SpawnedApp[] = [];
  afterAll(async () => {
    for (const app of apps)
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    // A failed run must not leave an orphaned server behind either.
    for (const dir of dirs) {
      const pid = existsSync(pidFile(dir)) ? Number(readFileSync(pidFile(dir), 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && pid !== process.pid && !hasExited(pid)) {
        process.kill(pid, 'SIGINT');
        await waitForExit(pid, 30_000);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function boot(dataDir: string): Promise<{ app: SpawnedApp; base: string }> {
    const port = await freePort();
    const app = spawnApp({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      PAYMENTS_FAKE: 'true',
      JWT_SECRET,
      DATABASE_POOL_SIZE: '20',
      STORE_CURRENCY: 'USD',
      LOG_LEVEL: 'info',
    });
    apps.push(app);
    let running = true;
    void app.exited.then(() => (running = false));
    const base = `http://127.0.0.1:${port}`;
    await waitForStatus(`${base}/health/ready`, 200, 60_000, () => running);
    return { app, base };
  }

  /** A client on the app's own cluster: port from postmaster.pid, password from DATA_DIR. */
  async function connect(dataDir: string): Promise<Client> {
    const port = Number(readFileSync(pidFile(dataDir), 'utf8').split('\n')[3]);
    const password = readFileSync(join(dataDir, 'postgres.password'), 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await client.connect();
    return client;
  }

  const rows = async <T>(db: Client, sql: string, params: unknown[] = []) =>
    (await db.query(sql, params)).rows as T[];

  it('SIGKILL with 100 checkouts in flight: the next start stops the orphan, is ready, and no order is half-written', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-crash-'));
    dirs.push(dataDir);
    const first = await boot(dataDir);

    // Four products, two lines per cart: 75 units asked of each, 60 on the shelf.
    let db = await connect(dataDir);
    const [seller] = await rows<{ id: string }>(
      db,
      `INSERT INTO "user" (email, name, slug, role, password_hash)
       VALUES ('seller@crash.test', 'Seller', 'seller-crash', 'seller', 'x') RETURNING id`,
    );
    const [category] = await rows<{ id: string }>(
      db,
      `INSERT INTO category (name, slug) VALUES ('Crash', 'crash') RETURNING id`,
    );
    const products = await rows<{ id: string }>(
      db,
      `INSERT INTO product (seller_id, category_id, name, slug, price, currency, min_price, max_price)
       SELECT $1, $2, 'Product ' || i, 'product-' || i, 1000, 'USD', 1000, 1000 FROM generate_series(1, 4) i
       RETURNING id`,
      [seller.id, category.id],
    );
    await db.query(
      `INSERT INTO product_variant (product_id, sku, stock) SELECT id, 'SKU-' || id, $2 FROM product WHERE id = ANY($1)`,
      [products.map((p) => p.id), STOCK],
    );
    const buyers = await rows<{ id: string }>(
      db,
      `INSERT INTO "user" (email, name, slug, role, password_hash)
       SELECT 'buyer' || i || '@crash.test', 'Buyer ' || i, 'buyer-crash-' || i, 'customer', 'x'
         FROM generate_series(1, ${BUYERS}) i RETURNING id`,
    );
    await db.end();
    const jwt = new JwtService({ secret: JWT_SECRET, signOptions: { algorithm: 'HS256', expiresIn: 3600 } });
    const tokens = buyers.map((b) => jwt.sign({ sub: b.id, role: 'customer', typ: 'access' }));
    const post = (base: string, path: string, token: string, body: object) =>
      fetch(`${base}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    for (const [i, token] of tokens.entries()) {
      for (const [n, quantity] of [
        [i % 4, 1],
        [(i + 1) % 4, 2],
      ]) {
        const res = await post(first.base, '/cart/items', token, { productId: products[n].id, quantity });
        expect(res.status).toBe(200);
      }
    }

    // All 100 at once; the app dies when a quarter have been answered, the rest in flight.
    let answered = 0;
    let quarter!: () => void;
    const quarterAnswered = new Promise<void>((resolve) => (quarter = resolve));
    const inFlight = tokens.map((token) =>
      post(first.base, '/checkout', token, { shippingAddress: ADDRESS, provider: 'fake' }).then(
        (res) => {
          if (++answered === BUYERS / 4) quarter();
          return res.status;
        },
        () => 'cut off' as const,
      ),
    );
    await quarterAnswered;
    first.app.child.kill('SIGKILL');
    expect(await first.app.exited).toBeNull();
    const outcomes = await Promise.all(inFlight);
    expect(outcomes.filter((o) => o === 'cut off').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o !== 'cut off' && o !== 201 && o !== 409)).toEqual([]);

    // What the issue reports: the cluster outlived its app.
    const orphan = Number(readFileSync(pidFile(dataDir), 'utf8').split('\n')[0]);
    expect(hasExited(orphan)).toBe(false);

    const second = await boot(dataDir);
    expect(second.app.output()).toContain(`stopped the embedded PostgreSQL (pid ${orphan})`);
    expect(hasExited(orphan)).toBe(true);

    db = await connect(dataDir);
    try {
      const orders = await rows<{ id: string; user_id: string }>(db, `SELECT id, user_id FROM "order"`);
      expect(orders.length).toBeGreaterThan(0);
      // Whole orders only: both lines, the totals they add up to, a history entry and a payment row;
      // and the cart they came from emptied in the same transaction (the others keep theirs).
      const broken = await rows(
        db,
        `SELECT o.id FROM "order" o
          WHERE (SELECT count(*) FROM order_line l WHERE l.order_id = o.id) <> 2
             OR o.subtotal <> (SELECT sum(l.line_total) FROM order_line l WHERE l.order_id = o.id)
             OR NOT EXISTS (SELECT 1 FROM order_event e WHERE e.order_id = o.id)
             OR (SELECT count(*) FROM payment p WHERE p.order_id = o.id AND p.amount = o.total) <> 1`,
      );
      expect(broken).toEqual([]);
      const carts = await rows<{ user_id: string; lines: string }>(
        db,
        `SELECT c.user_id, count(i.id) AS lines FROM cart c LEFT JOIN cart_item i ON i.cart_id = c.id
          WHERE c.user_id = ANY($1) GROUP BY c.user_id`,
        [buyers.map((b) => b.id)],
      );
      const ordered = new Set(orders.map((o) => o.user_id));
      for (const cart of carts)
        expect([cart.user_id, Number(cart.lines)]).toEqual([cart.user_id, ordered.has(cart.user_id) ? 0 : 2]);
      // For every variant: on the shelf + held by pending/paid orders = what it started with.
      const stock = await rows<{ stock: number; held: string }>(
        db,
        `SELECT v.stock, coalesce((SELECT sum(l.quantity) FROM order_line l JOIN "order" o ON o.id = l.order_id
                                     WHERE l.variant_id = v.id AND o.status IN ('pending', 'paid')), 0) AS held
           FROM product_variant v WHERE v.product_id = ANY($1)`,
        [products.map((p) => p.id)],
      );
      expect(stock.map((v) => v.stock + Number(v.held))).toEqual([STOCK, STOCK, STOCK, STOCK]);
    } finally {
      await db.end();
    }

    // The restarted app owns its database again: SIGTERM stops both cleanly.
    second.app.child.kill('SIGTERM');
    expect(await second.app.exited).toBe(0);
    expect(second.app.output()).toContain('stopped cleanly');
    expect(existsSync(pidFile(dataDir))).toBe(false);
  }, 240_000);

  it('a postmaster.pid whose pid now belongs to another process (power cut, pid reused) does not block the start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-stale-'));
    dirs.push(dataDir);
    const first = await boot(dataDir);
    first.app.child.kill('SIGTERM');
    expect(await first.app.exited).toBe(0);
    // What a power cut leaves: the lock file of a server that is gone, its pid reused (by us).
    writeFileSync(
      pidFile(dataDir),
      `${process.pid}\n${join(dataDir, 'postgres')}\n0\n5432\n\n\n\nstopping\n`,
    );

    const second = await boot(dataDir);
    expect(second.app.output()).toContain(`removed a stale ${pidFile(dataDir)} naming pid ${process.pid}`);
    second.app.child.kill('SIGTERM');
    expect(await second.app.exited).toBe(0);
  }, 120_000);
});
