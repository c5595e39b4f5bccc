import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { Customizations } from '../store/customization-option';
import { InsufficientStockError, StockService, VariantView } from '../store/stock.service';
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

  /** Adds units of a variant; an equal line (same variant, canonically equal customisations) grows. */
  async addItem(owner: CartOwner, dto: AddCartItemDto): Promise<CartDto> {
    await this.dataSource.transaction(async (m) => {
      const cartId = await this.ensureCart(owner, m);
      const product = await this.stock.getProductForCart(dto.productId, m);
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
      const lines = await this.linesOf(cartId, m);
      const priced = this.price(
        lines,
        await this.stock.getVariants(
          lines.map((l) => l.variantId),
          m,
        ),
      );
      const key = lineKey(variant.variantId, customizations);
      const quantity = (priced.find((l) => l.key === key)?.quantity ?? 0) + dto.quantity;
      assertCartChange(priced, { key, quantity, unitPrice: variant.unitPrice, counted: true }, this.limits);
      const inCart = sumByVariant(lines).get(variant.variantId) ?? 0;
      this.checkStock(variant, inCart + dto.quantity);
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
      `SELECT id, product_id AS "productId", variant_id AS "variantId", quantity, customizations
         FROM cart_item WHERE cart_id = $1 ORDER BY created_at, id`,
      [cartId],
    );
  }

  /** Empties a cart (its row must be locked by the caller). */
  async clearLines(cartId: string, manager: EntityManager): Promise<void> {
    // One statement; updated_at is bumped too (the guest purge reads it).
    await manager.query(
      `WITH gone AS (DELETE FROM cart_item WHERE cart_id = $1) UPDATE cart SET updated_at = now() WHERE id = $1`,
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

  private async findCartId(owner: CartOwner, lock: boolean, m: EntityManager): Promise<string | null> {
    const [column, value] = owner.userId
      ? ['user_id', owner.userId]
      : ['token_hash', hashCartToken(owner.token!)];
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM cart WHERE ${column} = $1${lock ? ' FOR UPDATE' : ''}`,
      [value],
    );
    return rows[0]?.id ?? null;
  }

  /** Creates the cart on first write; the upsert also locks the row and marks it recently used. */
  private async ensureCart(owner: CartOwner, m: EntityManager): Promise<string> {
    const [column, value] = owner.userId
      ? ['user_id', owner.userId]
      : ['token_hash', hashCartToken(owner.token!)];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO cart (${column}) VALUES ($1) ON CONFLICT (${column}) DO UPDATE SET updated_at = now() RETURNING id`,
      [value],
    );
    return rows[0].id;
  }

  private async touch(cartId: string, m: EntityManager): Promise<void> {
    await m.query(`UPDATE cart SET updated_at = now() WHERE id = $1`, [cartId]);
  }

  private get secret(): string {
    return this.config.jwt.secret!;
  }
}
