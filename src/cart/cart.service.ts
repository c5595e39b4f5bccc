import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { Customizations } from '../store/customization-option';
import {
  InsufficientStockError,
  ProductForCart,
  StockService,
  VARIANT_VIEW_COLUMNS,
  VariantRow,
  VariantView,
} from '../store/stock.service';
import {
  assertCartChange,
  CartLimits,
  lineKey,
  mergeableQuantity,
  PricedLine,
  pricedLine,
  sumByVariant,
} from './cart-limits';
import { hashCartToken, isValidCartToken, mintCartToken } from './cart-token';
import { CartDeliveryPreview } from './cart-delivery-preview';
import { deliveryPreview, toCartDto } from './cart-view';
import { canonicalCustomizations } from './customizations';
import { AddCartItemDto } from './dto/add-cart-item.dto';
import { CartDto } from './dto/cart.dto';
import { prepared } from '../database/prepared-statement-cache';

/** Optimistic adds (two round trips each) before an add takes the cart row's lock instead. */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * The cart's version: every write of a cart's lines moves its `updated_at` strictly forward while
 * holding the cart row's lock (now(), or one microsecond past the previous value when a
 * transaction that started earlier writes later), so an optimistic add that finds the value it
 * read knows no line changed since. The guest purge reads the same column as "last used".
 */
function nextVersion(table: string): string {
  return `greatest(now(), ${table}.updated_at + interval '1 microsecond')`;
}

/** Whose cart a request is about: the logged-in user's, or the guest's behind a token. */
export type CartOwner = { userId: string; token?: undefined } | { userId?: undefined; token: string };

/** A cart line as stored. */
export interface CartLine {
  id: string;
  productId: string;
  variantId: string;
  quantity: number;
  customizations: Customizations;
}

/**
 * Guest and user carts. Every write locks the cart row first (upsert or FOR UPDATE), so two
 * requests on one cart apply one after the other; stock is checked against the variant at
 * that moment (and again, atomically, at checkout).
 */
@Injectable()
export class CartService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stock: StockService,
    private readonly config: AppConfig,
    private readonly deliveryPreview: CartDeliveryPreview,
  ) {}

  /** The owner for a request: the user when logged in, else the guest token if we minted it, else a new token. */
  ownerFor(userId: string | undefined, token: string | undefined): CartOwner & { issued: boolean } {
    if (userId) return { userId, issued: false };
    if (isValidCartToken(this.secret, token)) return { token, issued: false };
    return { token: mintCartToken(this.secret), issued: true };
  }

  async view(owner: CartOwner, manager?: EntityManager, deliveryZoneId?: string): Promise<CartDto> {
    const m = manager ?? this.dataSource.manager;
    // An unknown zone is refused before anything else is read.
    const rule = deliveryZoneId ? await this.deliveryPreview.ruleFor(deliveryZoneId, m) : undefined;
    const cartId = await this.findCartId(owner, false, m);
    const lines = cartId ? await this.linesOf(cartId, m) : [];
    const variants = await this.stock.getVariants(
      lines.map((l) => l.variantId),
      m,
    );
    const dto = toCartDto({ id: cartId, token: owner.token }, lines, variants, this.limits, (v) =>
      this.isBuyable(v),
    );
    if (rule?.zone) dto.delivery = deliveryPreview(dto.subtotal, rule);
    return dto;
  }

  /**
   * Adds units of a variant; an equal line (same variant, canonically equal customisations) grows.
   * Two PostgreSQL round trips, no BEGIN/COMMIT: one read of the product's variants, the cart's
   * version (`updated_at`), its lines and their variants (one snapshot); the rules in JS (variant
   * choice, customisation validation, line/total limits, stock cap); then one statement that
   * upserts the cart only if its version is still the one read (ON CONFLICT ... DO UPDATE WHERE
   * re-checks the latest row under its lock) and the line with it. Every other cart write locks
   * the cart row and moves `updated_at` forward (strictly: see nextVersion), so an unchanged
   * version means the lines checked are the lines written to, and the answer is built from them
   * without reading the cart again. A changed version (a concurrent write) retries; after
   * OPTIMISTIC_ATTEMPTS the add takes the locking path (addItemLocked), which cannot lose.
   */
  async addItem(owner: CartOwner, dto: AddCartItemDto): Promise<CartDto> {
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const done = await this.tryAddItem(owner, dto);
      if (done) return done;
    }
    return this.addItemLocked(owner, dto);
  }

  private async tryAddItem(owner: CartOwner, dto: AddCartItemDto): Promise<CartDto | null> {
    const [column, value] = this.ownerKey(owner);
    const [snap] = (await this.dataSource.query(
      prepared(`WITH c AS (SELECT id, updated_at FROM cart WHERE ${column} = $2)
       SELECT (SELECT json_agg(x ORDER BY x.position, x.variant_id) FROM (
                 SELECT ${VARIANT_VIEW_COLUMNS}, v.position FROM product p
                   JOIN "user" u ON u.id = p.seller_id JOIN product_variant v ON v.product_id = p.id
                  WHERE p.id = $1) x) AS product,
              (SELECT id FROM c) AS cart_id,
              (SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM c) AS version,
              (SELECT json_agg(l ORDER BY l.created_at, l.id) FROM (
                 SELECT ci.id, ci.product_id AS "productId", ci.variant_id AS "variantId", ci.quantity,
                        ci.customizations, ci.created_at FROM cart_item ci WHERE ci.cart_id = (SELECT id FROM c)) l) AS lines,
              (SELECT json_agg(x) FROM (
                 SELECT ${VARIANT_VIEW_COLUMNS} FROM product_variant v
                   JOIN product p ON p.id = v.product_id JOIN "user" u ON u.id = p.seller_id
                  WHERE v.id IN (SELECT variant_id FROM cart_item WHERE cart_id = (SELECT id FROM c))) x) AS line_variants`),
      [dto.productId, value],
    )) as {
      product: VariantRow[] | null;
      cart_id: string | null;
      version: string | null;
      lines: (CartLine & { created_at: string })[] | null;
      line_variants: VariantRow[] | null;
    }[];
    const productVariants = (snap.product ?? []).map((r) => this.stock.toVariantView(r));
    const product = productVariants.length
      ? {
          productId: productVariants[0].productId,
          productName: productVariants[0].productName,
          purchasable: productVariants[0].purchasable,
          customizationOptions: productVariants[0].customizationOptions,
          variants: productVariants,
        }
      : null;
    const lines: CartLine[] = (snap.lines ?? []).map((l) => ({
      id: l.id,
      productId: l.productId,
      variantId: l.variantId,
      quantity: l.quantity,
      customizations: l.customizations,
    }));
    const variants = new Map(
      (snap.line_variants ?? []).map((r) => {
        const v = this.stock.toVariantView(r);
        return [v.variantId, v] as const;
      }),
    );
    const { variant, customizations } = this.checkAdd(product, lines, variants, dto);
    const [written] = (await this.dataSource.query(
      prepared(`WITH c AS (
         INSERT INTO cart (${column}) VALUES ($1)
         ON CONFLICT (${column}) DO UPDATE SET updated_at = ${nextVersion('cart')}
          WHERE cart.id = $2::uuid AND cart.updated_at = $3::timestamptz
         RETURNING id, (xmax = 0) AS created),
       line AS (
         INSERT INTO cart_item (cart_id, product_id, variant_id, quantity, customizations)
         SELECT c.id, $4, $5, $6, $7::jsonb FROM c
         ON CONFLICT (cart_id, variant_id, customizations)
         DO UPDATE SET quantity = cart_item.quantity + EXCLUDED.quantity, updated_at = now()
         RETURNING id, quantity)
       SELECT c.id, c.created, line.id AS line_id, line.quantity FROM c JOIN line ON true`),
      [
        value,
        snap.cart_id,
        snap.version,
        variant.productId,
        variant.variantId,
        dto.quantity,
        JSON.stringify(customizations),
      ],
    )) as { id: string; created: boolean; line_id: string; quantity: number }[];
    if (!written) return null; // the cart changed (or was created) since the read: read again
    if (snap.cart_id && written.created) {
      // The cart was deleted (purged, merged) since the read and the line went into a new one:
      // valid (an empty cart only has more room), but the lines read are gone: answer from the table.
      return this.view(owner);
    }
    const existing = lines.find((l) => l.id === written.line_id);
    if (existing) existing.quantity = written.quantity;
    else
      lines.push({
        id: written.line_id,
        productId: variant.productId,
        variantId: variant.variantId,
        quantity: written.quantity,
        customizations,
      });
    variants.set(variant.variantId, variant);
    return toCartDto({ id: written.id, token: owner.token }, lines, variants, this.limits, (v) =>
      this.isBuyable(v),
    );
  }

  /**
   * The rules of an add, on the product's variants and the cart's current lines: which variant
   * (required when there are several), buyable here, canonical customisations, line and total
   * limits, and the stock cap over every line of that variant. Throws the 4xx; returns what to write.
   */
  private checkAdd(
    product: ProductForCart | null,
    lines: CartLine[],
    variants: Map<string, VariantView>,
    dto: AddCartItemDto,
  ): { variant: VariantView; customizations: Customizations } {
    if (!product || !product.purchasable) throw new NotFoundError('Product', { productId: dto.productId });
    let variant: VariantView | undefined;
    if (dto.variantId) {
      variant = product.variants.find((v) => v.variantId === dto.variantId);
      if (!variant)
        throw new NotFoundError('Variant', { productId: dto.productId, variantId: dto.variantId });
    } else if (product.variants.length === 1) {
      variant = product.variants[0];
    } else {
      throw new BadRequestError(
        'VARIANT_REQUIRED',
        `Choose a variant of ${product.productName} (variantId)`,
        {
          field: 'variantId',
          variants: product.variants.map((v) => ({ id: v.variantId, options: v.options })),
        },
      );
    }
    if (!this.isBuyable(variant)) {
      throw new ConflictError(
        'PRODUCT_UNAVAILABLE',
        `${variant.productName} cannot be bought in ${this.config.currency}`,
      );
    }
    const customizations = canonicalCustomizations(product.customizationOptions, dto.customizations);
    const priced = this.price(lines, variants);
    const key = lineKey(variant.variantId, customizations);
    const quantity = (priced.find((l) => l.key === key)?.quantity ?? 0) + dto.quantity;
    assertCartChange(priced, { key, quantity, unitPrice: variant.unitPrice, counted: true }, this.limits);
    const inCart = sumByVariant(lines).get(variant.variantId) ?? 0;
    this.checkStock(variant, inCart + dto.quantity);
    return { variant, customizations };
  }

  /** addItem under the cart row's lock (the fallback when optimistic adds keep meeting concurrent writes). */
  private async addItemLocked(owner: CartOwner, dto: AddCartItemDto): Promise<CartDto> {
    await this.dataSource.transaction(async (m) => {
      const cartId = await this.ensureCart(owner, m);
      const product = await this.stock.getProductForCart(dto.productId, m);
      const lines = await this.linesOf(cartId, m);
      const variants = await this.stock.getVariants(
        lines.map((l) => l.variantId),
        m,
      );
      const { variant, customizations } = this.checkAdd(product, lines, variants, dto);
      // The cart row is locked, so this upsert only races with itself through the unique index.
      await m.query(
        `INSERT INTO cart_item (cart_id, product_id, variant_id, quantity, customizations)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (cart_id, variant_id, customizations)
         DO UPDATE SET quantity = cart_item.quantity + EXCLUDED.quantity, updated_at = now()`,
        [cartId, variant.productId, variant.variantId, dto.quantity, JSON.stringify(customizations)],
      );
    });
    return this.view(owner);
  }

  /** Sets a line's quantity; 0 removes it. A line of another cart is a 404. */
  async updateItem(owner: CartOwner, itemId: string, quantity: number): Promise<CartDto> {
    if (quantity === 0) return this.removeItem(owner, itemId);
    await this.dataSource.transaction(async (m) => {
      const cartId = await this.findCartId(owner, true, m);
      const lines = cartId ? await this.linesOf(cartId, m) : [];
      const line = lines.find((l) => l.id === itemId);
      if (!cartId || !line) throw new NotFoundError('Cart item', { itemId });
      const variants = await this.stock.getVariants(
        lines.map((l) => l.variantId),
        m,
      );
      const variant = variants.get(line.variantId);
      if (!variant) throw new NotFoundError('Cart item', { itemId });
      const priced = this.price(lines, variants);
      assertCartChange(priced, { ...this.priced(line, variant), quantity }, this.limits);
      const others = (sumByVariant(lines).get(line.variantId) ?? 0) - line.quantity;
      if (quantity > line.quantity) this.checkStock(variant, others + quantity);
      await m.query(`UPDATE cart_item SET quantity = $1, updated_at = now() WHERE id = $2`, [
        quantity,
        itemId,
      ]);
      await this.touch(cartId, m);
    });
    return this.view(owner);
  }

  async removeItem(owner: CartOwner, itemId: string): Promise<CartDto> {
    await this.dataSource.transaction(async (m) => {
      const cartId = await this.findCartId(owner, true, m);
      const [rows] = cartId
        ? ((await m.query(`DELETE FROM cart_item WHERE id = $1 AND cart_id = $2 RETURNING id`, [
            itemId,
            cartId,
          ])) as [unknown[], number])
        : [[]];
      if (!rows.length) throw new NotFoundError('Cart item', { itemId });
      await this.touch(cartId!, m);
    });
    return this.view(owner);
  }

  async clear(owner: CartOwner): Promise<CartDto> {
    await this.dataSource.transaction(async (m) => {
      const cartId = await this.findCartId(owner, true, m);
      if (cartId) await this.clearLines(cartId, m);
    });
    return this.view(owner);
  }

  /**
   * Logging in with a guest cart: its lines move into the user's cart (equal lines add up,
   * every variant capped at its stock, every line and the total at the cart limits: what does not
   * fit stays out rather than failing the login) and the guest cart is deleted. Called by the auth
   * endpoints, inside their transaction when they pass `manager`. An unknown or forged token is a no-op.
   */
  async mergeGuestCart(guestToken: string, userId: string, manager?: EntityManager): Promise<void> {
    if (!isValidCartToken(this.secret, guestToken)) return;
    const run = async (m: EntityManager) => {
      // Lock order: guest cart, then user cart (the only place that holds both).
      const guestId = await this.findCartId({ token: guestToken }, true, m);
      if (!guestId) return;
      const userCartId = await this.ensureCart({ userId }, m);
      const guestLines = await this.linesOf(guestId, m);
      const userLines = await this.linesOf(userCartId, m);
      const variants = await this.stock.getVariants(
        [...guestLines, ...userLines].map((l) => l.variantId),
        m,
      );
      const inCart = sumByVariant(userLines);
      const priced = this.price(userLines, variants);
      for (const line of guestLines) {
        const v = variants.get(line.variantId);
        if (!v) continue;
        const room = Math.max(0, v.stock - (inCart.get(v.variantId) ?? 0));
        const add = this.priced({ ...line, quantity: Math.min(line.quantity, room) }, v);
        const quantity = add.quantity > 0 ? mergeableQuantity(priced, add, this.limits) : 0;
        if (quantity <= 0) continue;
        // clock_timestamp(): lines keep the guest's order (now() is the same for the whole transaction).
        await m.query(
          `INSERT INTO cart_item (cart_id, product_id, variant_id, quantity, customizations, created_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, clock_timestamp())
           ON CONFLICT (cart_id, variant_id, customizations)
           DO UPDATE SET quantity = cart_item.quantity + EXCLUDED.quantity, updated_at = now()`,
          [userCartId, v.productId, v.variantId, quantity, JSON.stringify(line.customizations)],
        );
        inCart.set(v.variantId, (inCart.get(v.variantId) ?? 0) + quantity);
        const merged = priced.find((l) => l.key === add.key);
        if (merged) merged.quantity += quantity;
        else priced.push({ ...add, quantity });
      }
      await m.query(`DELETE FROM cart WHERE id = $1`, [guestId]);
    };
    if (manager) await run(manager);
    else await this.dataSource.transaction(run);
  }

  /** Checkout: locks the user's cart row (FOR UPDATE) and returns its id, or null without a cart. */
  async lockUserCart(userId: string, manager: EntityManager): Promise<string | null> {
    return this.findCartId({ userId }, true, manager);
  }

  async linesOf(cartId: string, manager: EntityManager): Promise<CartLine[]> {
    return manager.query(
      prepared(`SELECT id, product_id AS "productId", variant_id AS "variantId", quantity, customizations
         FROM cart_item WHERE cart_id = $1 ORDER BY created_at, id`),
      [cartId],
    );
  }

  /**
   * Checkout: empties a cart (its row locked by the caller) and returns what it held, each line with
   * its variant as the catalog has it now (absent when the variant is gone), in one statement. The
   * caller's rollback puts the lines back when the checkout fails. Being a statement of its own after
   * the lock, it sees every write committed before the lock was granted (a concurrent checkout of
   * this cart leaves nothing to take).
   */
  async takeLines(
    cartId: string,
    manager: EntityManager,
  ): Promise<{ lines: CartLine[]; variants: Map<string, VariantView> }> {
    const rows: (CartLine & Partial<VariantRow>)[] = await manager.query(
      prepared(`WITH gone AS (DELETE FROM cart_item WHERE cart_id = $1
                     RETURNING id, product_id, variant_id, quantity, customizations, created_at),
       touched AS (UPDATE cart SET updated_at = ${nextVersion('cart')} WHERE id = $1)
       SELECT gone.id, gone.product_id AS "productId", gone.variant_id AS "variantId", gone.quantity,
              gone.customizations, ${VARIANT_VIEW_COLUMNS}
         FROM gone LEFT JOIN product_variant v ON v.id = gone.variant_id
         LEFT JOIN product p ON p.id = v.product_id LEFT JOIN "user" u ON u.id = p.seller_id
        ORDER BY gone.created_at, gone.id`),
      [cartId],
    );
    const variants = new Map<string, VariantView>();
    for (const r of rows) {
      if (r.variant_id) variants.set(r.variant_id, this.stock.toVariantView(r as VariantRow));
    }
    const lines = rows.map(({ id, productId, variantId, quantity, customizations }) => ({
      id,
      productId,
      variantId,
      quantity,
      customizations,
    }));
    return { lines, variants };
  }

  /** Empties a cart (its row must be locked by the caller). */
  async clearLines(cartId: string, manager: EntityManager): Promise<void> {
    // One statement; updated_at is bumped too (the guest purge reads it).
    await manager.query(
      prepared(
        `WITH gone AS (DELETE FROM cart_item WHERE cart_id = $1) UPDATE cart SET updated_at = ${nextVersion('cart')} WHERE id = $1`,
      ),
      [cartId],
    );
  }

  /** Can this be bought in this store now (and so counted in the subtotal)? */
  isBuyable(v: VariantView): boolean {
    return v.purchasable && v.currency === this.config.currency;
  }

  private get limits(): CartLimits {
    return { ...this.config.cart, shippingFee: this.config.shipping.fee, currency: this.config.currency };
  }

  private priced(line: Omit<CartLine, 'id' | 'productId'>, v: VariantView): PricedLine {
    return pricedLine(line, v, this.isBuyable(v));
  }

  /** The lines as priced now (lines of deleted variants left out: the FK cascade removes them). */
  private price(lines: readonly CartLine[], variants: Map<string, VariantView>): PricedLine[] {
    return lines.flatMap((l) =>
      variants.has(l.variantId) ? [this.priced(l, variants.get(l.variantId)!)] : [],
    );
  }

  private checkStock(v: VariantView, wanted: number): void {
    if (wanted > v.stock) {
      throw new InsufficientStockError({
        productId: v.productId,
        variantId: v.variantId,
        productName: v.productName,
        available: Math.max(0, v.stock),
        requested: wanted,
      });
    }
  }

  private ownerKey(owner: CartOwner): [column: 'user_id' | 'token_hash', value: string] {
    return owner.userId ? ['user_id', owner.userId] : ['token_hash', hashCartToken(owner.token!)];
  }

  private async findCartId(owner: CartOwner, lock: boolean, m: EntityManager): Promise<string | null> {
    const [column, value] = this.ownerKey(owner);
    const rows: { id: string }[] = await m.query(
      prepared(`SELECT id FROM cart WHERE ${column} = $1${lock ? ' FOR UPDATE' : ''}`),
      [value],
    );
    return rows[0]?.id ?? null;
  }

  /** Creates the cart on first write; the upsert also locks the row and marks it recently used. */
  private async ensureCart(owner: CartOwner, m: EntityManager): Promise<string> {
    const [column, value] = this.ownerKey(owner);
    const rows: { id: string }[] = await m.query(
      prepared(
        `INSERT INTO cart (${column}) VALUES ($1) ON CONFLICT (${column}) DO UPDATE SET updated_at = ${nextVersion('cart')} RETURNING id`,
      ),
      [value],
    );
    return rows[0].id;
  }

  private async touch(cartId: string, m: EntityManager): Promise<void> {
    await m.query(prepared(`UPDATE cart SET updated_at = ${nextVersion('cart')} WHERE id = $1`), [cartId]);
  }

  private get secret(): string {
    return this.config.jwt.secret!;
  }
}
