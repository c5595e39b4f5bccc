import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Role } from '../accounts/role';
import { UsersService } from '../accounts/users.service';
import { AppConfig } from '../config/app-config';
import { FileStorage } from '../storage/file-storage';
import { priceRange } from './product-access';
import { demoImage } from './store-demo.seed';
import { renderProductImage } from './image-processing';
import { mulberry32 } from '../common/random';
import { SEARCH_TERM_INDEX_SQL } from './catalog-search-sql';

const BATCH = 5_000;
const SELLERS = 25;
// Vocabularies big enough that one name word matches 1-3% of products, as in a real catalog.
const ADJECTIVES = (
  'classic rustic modern vintage handmade eco compact deluxe everyday travel minimal bold cosy sturdy elegant bright ' +
  'slim royal urban nordic tropical retro pastel matte glossy woven carved painted printed quilted speckled striped ' +
  'dotted marbled hammered brushed frosted smoked golden silver midnight coastal'
).split(' ');
const MATERIALS = (
  'walnut bamboo ceramic steel glass linen leather cotton marble copper oak wool cork rattan jute brass ' +
  'porcelain stoneware enamel acacia mango teak birch maple cedar pine slate granite terracotta velvet denim canvas ' +
  'silk suede felt hemp wicker resin concrete pewter'
).split(' ');
const NOUNS = (
  'journal bottle mug cup flask notebook tumbler planner bowl tray lamp vase basket candle blanket pen diary sketchbook ' +
  'teapot kettle jar coaster placemat napkin apron towel pillow cushion throw rug mirror frame clock lantern planter ' +
  'pot spoon fork knife board platter pitcher carafe decanter goblet saucer ramekin tote pouch wallet bookmark easel ' +
  'stool shelf hook rack caddy organizer bin'
).split(' ');
const WORDS = (
  'durable gift everyday kitchen office travel handcrafted sustainable colourful soft warm insulated lightweight premium ' +
  'design finish quality comfort home garden picnic coffee tea water writing sketching storage decor stylish practical ' +
  'family friends birthday wedding anniversary holiday summer winter autumn spring morning evening weekend cabin beach ' +
  'city studio desk table shelf window balcony patio garden terrace hallway bedroom bathroom nursery library workshop ' +
  'artisan maker small batch recycled organic natural vegan fair trade local imported limited edition signature series ' +
  'collection essentials basics bestseller favourite gentle sturdy rounded angular textured smooth polished raw waxed ' +
  'oiled lacquered glazed unglazed dishwasher microwave freezer oven safe washable reusable refillable leakproof ' +
  'stackable foldable portable adjustable ergonomic balanced spacious roomy generous tiny mini large oversized family'
).split(' ');
const ROOTS = ['Home', 'Kitchen', 'Stationery', 'Outdoor', 'Bath', 'Decor', 'Gifts', 'Office'];

/**
 * `npm run seed -- --products N`: fills the catalog with N synthetic products for benchmarks and
 * EXPLAIN checks. Fast path on purpose: rows are generated in JS (prices through priceRange(), so
 * min/max price follow the one pricing rule) and written with multi-row `INSERT ... SELECT FROM
 * unnest($1::uuid[], ...)`, 5,000 per statement. 25 sellers, 8 x 4 x 3 categories, 30% of the
 * products with three size variants, one shared placeholder image each.
 */
@Injectable()
export class StoreBulkSeed {
  private readonly logger = new Logger(StoreBulkSeed.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  async run(count: number): Promise<void> {
    const started = Date.now();
    const sellers: string[] = [];
    for (let i = 1; i <= SELLERS; i++) {
      // '!' is no argon2 hash: these bench accounts cannot log in.
      const { user } = await this.users.ensure({
        email: `bulk-seller-${i}@bench.test`,
        name: `Bulk Seller ${i}`,
        role: Role.Seller,
        passwordHash: '!',
      });
      sellers.push(user.id);
    }
    const { leaves, mids } = await this.categories();
    const image = await this.placeholderImage();
    const [{ offset }] = (await this.dataSource.query(`SELECT count(*)::int AS offset FROM product`)) as {
      offset: number;
    }[];
    const rand = mulberry32(offset + 1);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
    // Loading at least as many products as the catalog holds: the search-term index is dropped and
    // built once at the end (one sorted build) instead of taking ~20 random insertions per product,
    // which at 1M doubled the seed. Its table stays exact throughout (product's trigger still fills
    // it); only searches are slower meanwhile, and the index comes back even if a batch fails.
    const rebuildTermIndex = count >= offset;
    if (rebuildTermIndex) await this.dataSource.query(`DROP INDEX IF EXISTS "IDX_product_search_term"`);
    try {
      for (let from = 0; from < count; from += BATCH) {
        const p: unknown[][] = Array.from({ length: 14 }, () => []);
        const v: unknown[][] = Array.from({ length: 6 }, () => []);
        const img: unknown[][] = [[], []];
        for (let i = from; i < Math.min(count, from + BATCH); i++) {
          const n = offset + i + 1;
          const id = randomUUID();
          const name = `${title(pick(ADJECTIVES))} ${title(pick(MATERIALS))} ${title(pick(NOUNS))} ${n}`;
          const price = 300 + Math.floor(rand() * 197) * 100 + 99;
          const discount = rand() < 0.2 ? pick([5, 10, 15, 20, 30]) : 0;
          const sizes = rand() < 0.3;
          const variants = sizes ? [null, price + 500, price + 1000] : [null];
          const range = priceRange(
            { price, discountPercent: discount },
            variants.map((o) => ({ priceOverride: o })),
          );
          const description = Array.from({ length: 12 + Math.floor(rand() * 20) }, () => pick(WORDS)).join(
            ' ',
          );
          const row = [
            id,
            sellers[n % sellers.length],
            rand() < 0.85 ? pick(leaves) : pick(mids),
            name,
            `${name.toLowerCase().replace(/ /g, '-')}`,
            description,
            price,
            discount,
            range.min,
            range.max,
            rand() < 0.97,
            rand() < 0.01,
            (Math.round(rand() * 500) / 100).toFixed(2),
            Math.floor(rand() ** 3 * 5000),
          ];
          row.forEach((value, k) => p[k].push(value));
          variants.forEach((override, j) => {
            const values = [
              id,
              `BULK-${n}-${j}`,
              sizes ? JSON.stringify({ size: ['S', 'M', 'L'][j] }) : '{}',
              override,
              rand() < 0.1 ? 0 : Math.floor(rand() * 100),
              j,
            ];
            values.forEach((value, k) => v[k].push(value));
          });
          img[0].push(id);
          img[1].push(name);
        }
        await this.dataSource.transaction(async (manager) => {
          await manager.query(
            `INSERT INTO product (id, seller_id, category_id, name, slug, description, price, currency, discount_percent, min_price, max_price,
               active, archived, rating_avg, rating_count, sold_count, created_at, updated_at)
             SELECT id, seller_id, category_id, name, slug, description, price, $15, discount_percent, min_price, max_price,
               active, archived, rating_avg, (rating_avg * 7)::int, sold_count, now() - random() * interval '730 days', now()
             FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::smallint[],
               $9::bigint[], $10::bigint[], $11::boolean[], $12::boolean[], $13::numeric[], $14::int[])
               AS t(id, seller_id, category_id, name, slug, description, price, discount_percent, min_price, max_price, active, archived, rating_avg, sold_count)`,
            [...p, this.config.currency],
          );
          await manager.query(
            `INSERT INTO product_variant (product_id, sku, options, price_override, stock, position)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::bigint[], $5::int[], $6::int[])`,
            v,
          );
          await manager.query(
            `INSERT INTO product_image (product_id, thumb_key, large_key, alt, position)
             SELECT id, $3, $4, alt, 0 FROM unnest($1::uuid[], $2::text[]) AS t(id, alt)`,
            [...img, image.thumb, image.large],
          );
        });
        this.logger.log(`${Math.min(count, from + BATCH)} / ${count} products`);
      }
    } finally {
      if (rebuildTermIndex) await this.dataSource.query(SEARCH_TERM_INDEX_SQL);
    }
    // VACUUM sets the visibility map, so list totals and one-word searches (product_search_term,
    // filled by product's trigger) are index-only scans straight away.
    await this.dataSource.query(
      `VACUUM ANALYZE product, product_search_term, product_variant, product_image, category, "user"`,
    );
    this.logger.log(`bulk catalog: ${count} products in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** 8 roots x 4 children x 3 grandchildren (slugs `bulk-...`), created once. */
  private async categories(): Promise<{ leaves: string[]; mids: string[] }> {
    const rows = ROOTS.flatMap((root, r) => [
      { slug: `bulk-${root.toLowerCase()}`, name: root, parent: null as string | null, position: r },
      ...[1, 2, 3, 4].flatMap((c) => [
        {
          slug: `bulk-${root.toLowerCase()}-${c}`,
          name: `${root} ${c}`,
          parent: `bulk-${root.toLowerCase()}`,
          position: c,
        },
        ...[1, 2, 3].map((g) => ({
          slug: `bulk-${root.toLowerCase()}-${c}-${g}`,
          name: `${root} ${c}.${g}`,
          parent: `bulk-${root.toLowerCase()}-${c}`,
          position: g,
        })),
      ]),
    ]);
    for (const row of rows) {
      await this.dataSource.query(
        `INSERT INTO category (name, slug, parent_id, position) VALUES ($1, $2, (SELECT id FROM category WHERE slug = $3), $4)
         ON CONFLICT (slug) DO NOTHING`,
        [row.name, row.slug, row.parent, row.position],
      );
    }
    const ids = (await this.dataSource.query(`SELECT id, slug FROM category WHERE slug LIKE 'bulk-%'`)) as {
      id: string;
      slug: string;
    }[];
    const depth = (slug: string) => slug.split('-').length - 2;
    return {
      leaves: ids.filter((c) => depth(c.slug) === 2).map((c) => c.id),
      mids: ids.filter((c) => depth(c.slug) === 1).map((c) => c.id),
    };
  }

  private async placeholderImage(): Promise<{ thumb: string; large: string }> {
    const keys = { thumb: 'bench/placeholder-thumb.webp', large: 'bench/placeholder-large.webp' };
    if (!(await this.storage.exists(keys.thumb))) {
      const rendered = await renderProductImage(await demoImage(['#3d5a80', '#e0fbfc'], 'circle', 1));
      await this.storage.put(keys.thumb, rendered.thumb, 'image/webp');
      await this.storage.put(keys.large, rendered.large, 'image/webp');
    }
    return keys;
  }
}

const title = (word: string) => word[0].toUpperCase() + word.slice(1);
