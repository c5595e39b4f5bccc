import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors/domain-error';
import { toVariantDto } from './catalog-rows';
import { CreateVariantDto } from './dto/create-variant.dto';
import { UpdateVariantDto } from './dto/update-variant.dto';
import { VariantDto } from './dto/variant.dto';
import { isForeignKeyViolation } from '../common/errors/pg-errors';
import { ProductAccess } from './product-access';
import { normalizeVariantOptions } from './variant-options';

interface VariantRow {
  id: string;
  sku: string;
  options: Record<string, string>;
  price_override: string | null;
  stock: number;
}

const RETURNING = 'RETURNING id, sku, options, price_override, stock';

/** A generated SKU for variants created without one: random, so it never needs a lookup. */
export const generateSku = (): string => `BZ-${randomBytes(5).toString('hex').toUpperCase()}`;

/**
 * Variants of a product (owner or staff). Every change runs with the product row locked and ends
 * with the product's min/max price recomputed, in the same transaction.
 */
@Injectable()
export class VariantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProductAccess,
  ) {}

  async add(productId: string, dto: CreateVariantDto, user: AuthUser): Promise<VariantDto> {
    return this.dataSource.transaction(async (manager) => {
      const product = await this.access.lockForWrite(productId, user, manager);
      if (dto.position === undefined) {
        const [{ next }] = (await manager.query(
          `SELECT coalesce(max(position) + 1, 0) AS next FROM product_variant WHERE product_id = $1`,
          [productId],
        )) as { next: number }[];
        dto = { ...dto, position: next };
      }
      const row = await this.insert(productId, dto, manager);
      await this.access.refreshPriceRange(productId, manager);
      return toDto(row, product);
    });
  }

  async update(
    productId: string,
    variantId: string,
    dto: UpdateVariantDto,
    user: AuthUser,
  ): Promise<VariantDto> {
    return this.dataSource.transaction(async (manager) => {
      const product = await this.access.lockForWrite(productId, user, manager);
      const row = await this.patch(variantId, dto, productId, manager);
      await this.access.refreshPriceRange(productId, manager);
      return toDto(row, product);
    });
  }

  async remove(productId: string, variantId: string, user: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.lockForWrite(productId, user, manager);
      const [{ count }] = (await manager.query(
        `SELECT count(*)::int AS count FROM product_variant WHERE product_id = $1`,
        [productId],
      )) as {
        count: number;
      }[];
      await manager.query('SAVEPOINT variant_delete');
      try {
        const [, deleted] = (await manager.query(
          `DELETE FROM product_variant WHERE id = $1 AND product_id = $2`,
          [variantId, productId],
        )) as [unknown, number];
        if (!deleted) throw new NotFoundError('Variant');
      } catch (err) {
        if (!isForeignKeyViolation(err)) throw err;
        throw new ConflictError(
          'VARIANT_IN_USE',
          'This variant is in carts or orders; set its stock to 0 instead of deleting it',
        );
      }
      // Checked after the delete so a missing variant is a 404, not a 409.
      if (count <= 1)
        throw new ConflictError(
          'LAST_VARIANT',
          'A product keeps at least one variant; delete the product instead',
        );
      await this.access.refreshPriceRange(productId, manager);
    });
  }

  /** Inserts one variant of a product whose row the caller holds (create product, add variant). */
  async insert(productId: string, v: CreateVariantDto, manager: EntityManager): Promise<VariantRow> {
    const [row] = (await manager.query(
      `INSERT INTO product_variant (product_id, sku, options, price_override, stock, position) VALUES ($1, $2, $3, $4, $5, $6) ${RETURNING}`,
      [
        productId,
        v.sku ?? generateSku(),
        normalizeVariantOptions(v.options),
        v.priceOverride ?? null,
        v.stock ?? 0,
        v.position ?? 0,
      ],
    )) as VariantRow[];
    return row;
  }

  /** Applies the given fields to a variant (of `productId` when given); 404 when there is none. */
  async patch(
    variantId: string,
    dto: UpdateVariantDto,
    productId: string | undefined,
    manager: EntityManager,
  ): Promise<VariantRow> {
    const values: unknown[] = [variantId];
    const sets: string[] = ['updated_at = now()'];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.sku !== undefined) set('sku', dto.sku);
    if (dto.options !== undefined) set('options', normalizeVariantOptions(dto.options));
    if (dto.priceOverride !== undefined) set('price_override', dto.priceOverride);
    if (dto.stock !== undefined && dto.stockAdjustment !== undefined) {
      throw new BadRequestError(
        'STOCK_CONFLICTING_FIELDS',
        'Give either stock or stockAdjustment, not both',
        {
          field: 'stockAdjustment',
        },
      );
    }
    if (dto.stock !== undefined) set('stock', dto.stock);
    // Relative, in the statement itself: a sale committed meanwhile is kept (CHK_variant_stock → 409 below zero).
    if (dto.stockAdjustment !== undefined) {
      values.push(dto.stockAdjustment);
      sets.push(`stock = stock + $${values.length}`);
    }
    if (dto.position !== undefined) set('position', dto.position);
    let where = 'id = $1';
    if (productId) {
      values.push(productId);
      where += ` AND product_id = $${values.length}`;
    }
    const [rows] = (await manager.query(
      `UPDATE product_variant SET ${sets.join(', ')} WHERE ${where} ${RETURNING}`,
      values,
    )) as [VariantRow[], number];
    if (!rows.length) throw new NotFoundError('Variant');
    return rows[0];
  }
}

function toDto(row: VariantRow, product: { price: number; discountPercent: number }): VariantDto {
  return toVariantDto({ ...row, priceOverride: row.price_override }, product);
}
