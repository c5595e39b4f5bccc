import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../accounts/auth-user';
import { CartService } from '../cart/cart.service';
import { canonicalCustomizations, InvalidCustomizationError } from '../cart/customizations';
import { BadRequestError, ConflictError } from '../common/errors/domain-error';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { AppConfig } from '../config/app-config';
import { PaymentSessionsService, PendingPayment, SessionDetail } from '../payment/payment-sessions.service';
import { DeliveryZonesService } from '../shipping/delivery-zones.service';
import { StockDelta, StockService, VariantView } from '../store/stock.service';
import { userActor } from '../orders/actor';
import { CheckoutDto } from './dto/checkout.dto';
import { CheckoutResultDto } from './dto/checkout-result.dto';
import { orderTotals } from '../orders/order-totals';
import { OrdersQueryService } from '../orders/orders-query.service';
import { NewOrderLine, OrdersService } from '../orders/orders.service';
import { prepared } from '../database/prepared-statement-cache';

const IDEMPOTENCY_INDEX = 'UQ_order_user_idempotency_key';

type Placed =
  { orderId: string; number: string; payment: PendingPayment; session: SessionDetail } | { replayOf: string };

/**
 * POST /checkout: the cart becomes an order in ONE transaction, then a payment session is opened
 * after commit.
 *
 * Inside the transaction, in this order (every writer takes locks in the same order: cart → orders
 * → variants by ascending id → payment, so none can deadlock another):
 *  1. lock the user's cart row (FOR UPDATE): a second checkout of the same cart waits here and then
 *     finds it empty;
 *  2. take the cart's lines with their variants as the catalog has them now (one statement that
 *     also empties the cart), and price and validate them;
 *  3. cancel the user's older pending orders (their stock to be released);
 *  4. insert the order (number from a sequence), its snapshotted lines, history, a pending payment;
 *  5. apply every stock change in one ascending pass: releases and conditional decrements
 *     (`stock >= n`). One short of stock → InsufficientStockError, and the rollback undoes 1-4
 *     (the cart gets its lines back).
 * The variant row locks are taken last, so they are held only for the commit. Every round trip to
 * PostgreSQL is a socket write each way, the largest share of a checkout's CPU (bench/RESULTS.md),
 * so the cart is read and emptied in one statement and the provider session is opened from what
 * was just written, without reading the order back: 12 round trips for a one-line cart, access
 * check and commit included (16 before).
 */
@Injectable()
export class CheckoutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cart: CartService,
    private readonly stock: StockService,
    private readonly orders: OrdersService,
    private readonly query: OrdersQueryService,
    private readonly payments: PaymentSessionsService,
    private readonly config: AppConfig,
    private readonly deliveryZones: DeliveryZonesService,
  ) {}

  async checkout(user: AuthUser, dto: CheckoutDto, idempotencyKey?: string): Promise<CheckoutResultDto> {
    this.payments.assertProvider(dto.provider);
    const key = idempotencyKey?.trim() || null;
    if (key && key.length > 255)
      throw new BadRequestError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be at most 255 characters');
    if (key) {
      const prior = await this.orderIdForKey(user.id, key);
      if (prior) return this.replay(user, prior);
    }
    let placed: Placed;
    try {
      placed = await this.dataSource.transaction((m) => this.place(user, dto, key, m));
    } catch (err) {
      // Two requests with one key raced past the first look-up: the unique index let one win.
      if (key && isUniqueViolation(err, IDEMPOTENCY_INDEX)) {
        const prior = await this.orderIdForKey(user.id, key);
        if (prior) return this.replay(user, prior);
      }
      throw err;
    }
    if ('replayOf' in placed) return this.replay(user, placed.replayOf);
    const payment = await this.payments.openSession(
      placed.payment,
      { id: placed.orderId, number: placed.number, email: user.email },
      placed.session,
    );
    return { order: await this.query.get(user, placed.orderId), payment };
  }

  private async place(
    user: AuthUser,
    dto: CheckoutDto,
    key: string | null,
    m: EntityManager,
  ): Promise<Placed> {
    const cartId = await this.cart.lockUserCart(user.id, m);
    if (key) {
      // Re-checked under the cart lock: a concurrent request with the same key has committed by now.
      const prior = await this.orderIdForKey(user.id, key, m);
      if (prior) return { replayOf: prior };
    }
    // Take the lines (and their variants as they are now) in a statement AFTER the lock, never
    // joined to it: under READ COMMITTED a join would re-check only the locked cart row and could
    // return lines a concurrent checkout of this cart has just deleted. A new statement sees that
    // commit (and an empty cart). Taking them empties the cart; a failure below rolls it back.
    const { lines: cartLines, variants } = cartId
      ? await this.cart.takeLines(cartId, m)
      : { lines: [], variants: new Map<string, VariantView>() };
    if (!cartId || !cartLines.length) throw new BadRequestError('CART_EMPTY', 'Your cart is empty');

    const lines: NewOrderLine[] = cartLines.map((line) => {
      const v = variants.get(line.variantId);
      if (!v || !this.cart.isBuyable(v)) {
        const name = v?.productName ?? 'A product in your cart';
        throw new ConflictError(
          'PRODUCT_UNAVAILABLE',
          `${name} is no longer available; remove it from your cart`,
          {
            productId: line.productId,
            variantId: line.variantId,
            cartItemId: line.id,
          },
        );
      }
      let customizations;
      try {
        // The product's options may have changed since the line was added.
        customizations = canonicalCustomizations(v.customizationOptions, line.customizations);
      } catch (err) {
        if (!(err instanceof InvalidCustomizationError)) throw err;
        throw new ConflictError('CART_LINE_INVALID', `${v.productName}: ${err.message}`, {
          productId: v.productId,
          cartItemId: line.id,
          ...(err.details as object),
        });
      }
      return {
        productId: v.productId,
        variantId: v.variantId,
        sellerId: v.sellerId,
        productName: v.productName,
        sku: v.sku,
        variantOptions: v.options,
        customizations,
        quantity: line.quantity,
        listPrice: v.listPrice,
        discountPercent: v.discountPercent,
        unitPrice: v.unitPrice,
        currency: v.currency,
      };
    });
    const shippingAddress = { ...dto.shippingAddress, country: dto.shippingAddress.country.toUpperCase() };
    // Shipping module: the chosen zone's fee (its row held FOR SHARE), or the flat rule without zones.
    const delivery = await this.deliveryZones.ruleFor(dto.deliveryZoneId, shippingAddress, m);
    const totals = orderTotals(
      lines,
      { fee: delivery.fee, freeOver: delivery.freeOver ?? Infinity },
      this.config.currency,
    );
    const actor = userActor(user);

    const released = await this.orders.cancelPendingOrdersOf(
      user.id,
      actor,
      'Replaced by a newer checkout',
      m,
    );
    const order = await this.orders.create(
      {
        userId: user.id,
        email: user.email,
        currency: this.config.currency,
        ...totals,
        shippingAddress,
        deliveryZone: delivery.zone,
        provider: dto.provider,
        idempotencyKey: key,
        lines,
      },
      actor,
      m,
    );
    const payment = await this.payments.createPending(
      { id: order.id, total: totals.total, currency: this.config.currency },
      dto.provider,
      m,
    );
    const reserved: StockDelta[] = lines.map((l) => ({
      variantId: l.variantId,
      delta: -l.quantity,
      productId: l.productId,
      productName: l.productName,
    }));
    await this.stock.applyStockDeltas([...reserved, ...released], m);
    // What the provider's session shows, from what was just written (no read back after commit).
    const session: SessionDetail = {
      lines: lines.map((l) => ({ name: l.productName, unitAmount: l.unitPrice, quantity: l.quantity })),
      shippingFee: totals.shippingFee,
      createdAt: order.createdAt,
    };
    return { orderId: order.id, number: order.number, payment, session };
  }

  private async replay(user: AuthUser, orderId: string): Promise<CheckoutResultDto> {
    const order = await this.query.get(user, orderId);
    const payment = await this.payments.latestForOrder({
      id: order.id,
      number: order.number,
      email: order.email,
    });
    return {
      order,
      payment: payment ?? { provider: order.provider, reference: '', redirectUrl: null, status: 'none' },
    };
  }

  private async orderIdForKey(userId: string, key: string, m?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await (m ?? this.dataSource.manager).query(
      prepared(`SELECT id FROM "order" WHERE user_id = $1 AND idempotency_key = $2`),
      [userId, key],
    );
    return rows[0]?.id ?? null;
  }
}
