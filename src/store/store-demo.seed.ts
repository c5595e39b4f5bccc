import { Injectable, Logger } from '@nestjs/common';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { Role } from '../accounts/role';
import { CategoriesService } from './categories.service';
import { CustomizationOption } from './customization-option';
import { CreateVariantDto } from './dto/create-variant.dto';
import { ProductImagesService } from './product-images.service';
import { ProductsService } from './products.service';
import { slugify } from '../common/slugify';

/** Personalisation of journals, cups and bottles in the gift shop the seeds describe. */
const ENGRAVING: CustomizationOption[] = [
  { name: 'inscription', type: 'text', required: false, maxLength: 40 },
  { name: 'phone', type: 'phone', required: false },
];
const GIFT_PACK: CustomizationOption[] = [
  { name: 'recipient', type: 'select', required: true, values: ['Male', 'Female'] },
  { name: 'inscription', type: 'text', required: false, maxLength: 40 },
  { name: 'color', type: 'select', required: false, values: ['Red', 'Blue', 'Gold', 'Green'] },
];

interface DemoProduct {
  name: string;
  price: number;
  description: string;
  stock?: number;
  discountPercent?: number;
  variants?: CreateVariantDto[];
  colors: [string, string];
}

const sizes = (prices: [number | null, number | null], stock: [number, number]): CreateVariantDto[] => [
  { options: { size: '500 ml' }, priceOverride: prices[0], stock: stock[0] },
  { options: { size: '750 ml' }, priceOverride: prices[1], stock: stock[1] },
];
const colours = (names: string[], stock: number[]): CreateVariantDto[] =>
  names.map((colour, i) => ({ options: { colour }, stock: stock[i] }));

/** category slug -> products. Prices in minor units of the store currency. */
const CATALOG: Record<string, DemoProduct[]> = {
  journals: [
    {
      name: 'Walnut Leather Journal',
      price: 3200,
      stock: 14,
      description: 'Full-grain leather cover over 200 lined pages of cream paper.',
      colors: ['#6b3e26', '#c89f7c'],
    },
    {
      name: 'Linen Dot-Grid Notebook',
      price: 1800,
      stock: 30,
      description: 'A5 dot grid, lay-flat binding, linen cloth cover.',
      colors: ['#8fa3a6', '#e9e4d8'],
    },
    {
      name: 'Kraft Travel Journal',
      price: 1500,
      stock: 22,
      discountPercent: 10,
      description: 'Refillable kraft journal with an elastic band and pocket.',
      colors: ['#a0784f', '#f1d9b5'],
    },
    {
      name: 'Floral Hardcover Diary',
      price: 2100,
      stock: 8,
      description: 'Undated daily diary with a pressed-flower hardcover.',
      colors: ['#d46a8a', '#fbe3ea'],
    },
    {
      name: 'Pocket Sketchbook',
      price: 900,
      stock: 40,
      description: 'Heavy 160 gsm paper for pencil and ink, fits any pocket.',
      colors: ['#2f3e46', '#cad2c5'],
    },
    {
      name: 'Gratitude Journal',
      price: 1900,
      stock: 0,
      description: 'Five minutes a day: prompts for mornings and evenings.',
      colors: ['#f4a259', '#fff1d6'],
    },
    {
      name: 'Recipe Journal',
      price: 2400,
      stock: 11,
      description: 'Tabbed sections for starters, mains and desserts, wipe-clean cover.',
      colors: ['#5b8e7d', '#f4e1d2'],
    },
    {
      name: 'Weekly Planner',
      price: 2200,
      stock: 17,
      discountPercent: 15,
      description: 'Week-on-two-pages planner with habit trackers.',
      colors: ['#3d5a80', '#e0fbfc'],
    },
  ],
  stylish: [
    {
      name: 'Marble Glass Bottle',
      price: 2600,
      description: 'Borosilicate glass with a marble-print sleeve.',
      variants: sizes([null, 2900], [9, 4]),
      colors: ['#9a8c98', '#f2e9e4'],
    },
    {
      name: 'Pastel Sport Bottle',
      price: 1400,
      description: 'Leak-proof flip lid, BPA-free, dishwasher safe.',
      variants: colours(['Mint', 'Peach', 'Lilac'], [12, 0, 6]),
      colors: ['#b8e0d2', '#eac4d5'],
    },
    {
      name: 'Bamboo Lid Bottle',
      price: 2200,
      stock: 15,
      description: 'Clear glass, bamboo lid and a tea infuser.',
      colors: ['#6a994e', '#f2e8cf'],
    },
    {
      name: 'Frosted Glass Bottle',
      price: 1900,
      description: 'Frosted finish with a carry loop.',
      variants: sizes([null, 2300], [5, 7]),
      colors: ['#caf0f8', '#90e0ef'],
    },
    {
      name: 'Rose Gold Bottle',
      price: 3400,
      stock: 6,
      discountPercent: 20,
      description: 'Mirror-polished rose-gold steel, 600 ml.',
      colors: ['#b76e79', '#f7d1cd'],
    },
  ],
  temperature: [
    {
      name: 'Vacuum Flask 500 ml',
      price: 2800,
      stock: 20,
      description: 'Hot for 12 hours, cold for 24. Double-wall steel.',
      colors: ['#264653', '#2a9d8f'],
    },
    {
      name: 'Insulated Steel Bottle',
      price: 3000,
      description: 'Powder-coated, sweat-free, fits car cup holders.',
      variants: colours(['Black', 'White', 'Ocean'], [10, 8, 3]),
      colors: ['#1d3557', '#a8dadc'],
    },
    {
      name: 'Thermal Coffee Flask',
      price: 3600,
      stock: 9,
      description: 'One-hand push lid, keeps coffee hot on the commute.',
      colors: ['#3c2f2f', '#be9b7b'],
    },
    {
      name: 'Kids Insulated Bottle',
      price: 1700,
      description: 'Straw lid and a handle, small hands approved.',
      variants: colours(['Dino Green', 'Rocket Blue'], [14, 11]),
      colors: ['#80b918', '#ffd60a'],
    },
    {
      name: 'Hot & Cold Tumbler',
      price: 2500,
      stock: 0,
      description: 'Slide lid tumbler, 400 ml.',
      colors: ['#e76f51', '#f4a261'],
    },
  ],
  cups: [
    {
      name: 'Ceramic Mug',
      price: 1200,
      description: 'Stoneware mug, 350 ml, glazed by hand.',
      variants: colours(['White', 'Sage', 'Terracotta'], [25, 10, 0]),
      colors: ['#e07a5f', '#f4f1de'],
    },
    {
      name: 'Enamel Camp Cup',
      price: 1100,
      stock: 18,
      description: 'Classic enamel with a rolled steel rim.',
      colors: ['#3d405b', '#f2cc8f'],
    },
    {
      name: 'Double-Wall Glass Cup',
      price: 1600,
      stock: 13,
      description: 'Your latte seems to float; the outside stays cool.',
      colors: ['#b5e2fa', '#f9f7f3'],
    },
    {
      name: 'Travel Coffee Cup',
      price: 1500,
      stock: 21,
      discountPercent: 10,
      description: 'Silicone sleeve and a splash-proof lid.',
      colors: ['#8d99ae', '#edf2f4'],
    },
    {
      name: 'Espresso Cup Set',
      price: 2700,
      stock: 5,
      description: 'Four porcelain cups with saucers, 90 ml each.',
      colors: ['#22223b', '#c9ada7'],
    },
    {
      name: 'Hand-Painted Mug',
      price: 1800,
      stock: 3,
      description: 'Each one different: painted by local artists.',
      colors: ['#ff7b00', '#ffe5d9'],
    },
    {
      name: 'Bamboo Fibre Cup',
      price: 1000,
      stock: 35,
      description: 'Light, plant-based and tough enough for picnics.',
      colors: ['#606c38', '#fefae0'],
    },
  ],
  'gift-packs': [
    {
      name: 'Birthday Gift Pack',
      price: 5500,
      stock: 10,
      description: 'A journal, a mug and a bottle, wrapped with a card.',
      colors: ['#ef476f', '#ffd166'],
    },
    {
      name: 'Anniversary Gift Pack',
      price: 7500,
      stock: 6,
      description: 'Two engraved cups and a leather journal for two.',
      colors: ['#9d0208', '#ffba08'],
    },
    {
      name: 'New Baby Gift Pack',
      price: 4800,
      stock: 8,
      description: 'A milestone journal and a kids bottle for the parents.',
      colors: ['#a2d2ff', '#ffc8dd'],
    },
    {
      name: 'Self-Care Gift Pack',
      price: 4200,
      stock: 12,
      discountPercent: 10,
      description: 'Gratitude journal, glass bottle and herbal tea.',
      colors: ['#84a59d', '#f5cac3'],
    },
    {
      name: 'Graduation Gift Pack',
      price: 6000,
      stock: 7,
      description: 'Planner, insulated bottle and a pen, ready for what is next.',
      colors: ['#003049', '#fcbf49'],
    },
    {
      name: 'Thank You Gift Pack',
      price: 3500,
      stock: 0,
      description: 'A small thank-you: mug, sketchbook and chocolates.',
      colors: ['#7209b7', '#f72585'],
    },
  ],
};

const CATEGORIES: { name: string; slug: string; parent?: string; position: number; description: string }[] = [
  { name: 'Journals', slug: 'journals', position: 0, description: 'Notebooks, diaries and planners' },
  { name: 'Bottles', slug: 'bottles', position: 1, description: 'Water bottles and flasks' },
  {
    name: 'Stylish',
    slug: 'stylish',
    parent: 'bottles',
    position: 0,
    description: 'Bottles that look the part',
  },
  {
    name: 'Temperature',
    slug: 'temperature',
    parent: 'bottles',
    position: 1,
    description: 'Keeps drinks hot or cold',
  },
  { name: 'Cups', slug: 'cups', position: 2, description: 'Mugs, cups and tumblers' },
  { name: 'Gift Packs', slug: 'gift-packs', position: 3, description: 'Curated, personalised gift boxes' },
];

/**
 * The store step of the demo seed: the gift shop from the seeds (journals, bottles in two
 * subcategories, cups, personalised gift packs) with generated images, owned by the demo seller.
 * Goes through the services, so the demo obeys the same rules as the API. Skips when the seller
 * already has products.
 */
@Injectable()
export class StoreDemoSeed {
  private readonly logger = new Logger(StoreDemoSeed.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly categories: CategoriesService,
    private readonly products: ProductsService,
    private readonly images: ProductImagesService,
  ) {}

  async run(seller: { id: string; email: string }): Promise<{ categories: number; products: number }> {
    const [{ seeded }] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM product WHERE seller_id = $1) AS seeded`,
      [seller.id],
    )) as {
      seeded: boolean;
    }[];
    if (seeded) return { categories: 0, products: 0 };
    const owner: AuthUser = { id: seller.id, email: seller.email, role: Role.Seller };
    const ids = await this.ensureCategories();
    let count = 0;
    for (const [slug, items] of Object.entries(CATALOG)) {
      for (const item of items) {
        const product = await this.products.create(
          {
            name: item.name,
            categoryId: ids.get(slug)!,
            price: item.price,
            description: item.description,
            discountPercent: item.discountPercent,
            customizationOptions: slug === 'gift-packs' ? GIFT_PACK : ENGRAVING,
            ...(item.variants ? { variants: item.variants } : { stock: item.stock ?? 0 }),
          },
          owner,
        );
        const shapes = slug === 'gift-packs' ? ['box', 'circle'] : ['circle'];
        for (const [i, shape] of shapes.entries()) {
          await this.images.add(
            product.id,
            await demoImage(item.colors, shape, item.name.length + i),
            `${item.name} (${i + 1})`,
            owner,
          );
        }
        count += 1;
      }
    }
    this.logger.log(`gift shop: ${ids.size} categories, ${count} products`);
    return { categories: ids.size, products: count };
  }

  /** Creates the demo categories that are missing; returns slug -> id. */
  private async ensureCategories(): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const existing = (await this.dataSource.query(`SELECT id, slug FROM category WHERE slug = ANY($1)`, [
      CATEGORIES.map((c) => c.slug),
    ])) as {
      id: string;
      slug: string;
    }[];
    for (const row of existing) ids.set(row.slug, row.id);
    for (const c of CATEGORIES) {
      if (ids.has(c.slug)) continue;
      const created = await this.categories.create({
        name: c.name,
        slug: c.slug,
        description: c.description,
        position: c.position,
        parentId: c.parent ? ids.get(c.parent) : undefined,
      });
      ids.set(c.slug, created.id);
    }
    return ids;
  }
}

/** A text-free product picture: a two-colour gradient with a simple shape, rendered by sharp from SVG. */
export function demoImage(colors: [string, string], shape: string, seed: number): Promise<Buffer> {
  const [a, b] = colors;
  const offset = (seed * 37) % 120;
  const figure =
    shape === 'box'
      ? `<rect x="${220 + offset / 2}" y="260" width="360" height="300" rx="24" fill="${b}" stroke="${a}" stroke-width="18"/>` +
        `<rect x="${380 + offset / 2}" y="260" width="40" height="300" fill="${a}"/>`
      : `<circle cx="${340 + offset}" cy="400" r="${170 + (seed % 5) * 12}" fill="${b}" fill-opacity="0.85"/>` +
        `<rect x="${300 + offset}" y="180" width="80" height="60" rx="12" fill="${a}"/>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>` +
    `<rect width="800" height="800" fill="url(#g)"/>${figure}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Slugs of the demo categories, for tests and docs. */
export const DEMO_CATEGORY_SLUGS = CATEGORIES.map((c) => c.slug);
export const DEMO_PRODUCT_COUNT = Object.values(CATALOG).reduce((n, items) => n + items.length, 0);
export const demoProductSlug = (name: string) => slugify(name, 200);
