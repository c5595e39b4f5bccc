import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { isStaff, Role } from '../accounts/role';
import { UsersService } from '../accounts/users.service';
import { BadRequestError, ConflictError, ForbiddenError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { FileStorage } from '../storage/file-storage';
import { normalizeCustomizationSchema } from './customization-schema';
import { BulkUpdateProductsDto, BulkUpdateProductsResultDto } from './dto/bulk-update-products.dto';
import { CreateProductDto } from './dto/create-product.dto';
import { CreateVariantDto } from './dto/create-variant.dto';
import { ProductDeletionDto } from './dto/product-deletion.dto';
import { ProductDto } from './dto/product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { Product } from './entities/product.entity';
import { isForeignKeyViolation, isUniqueViolation } from '../common/errors/pg-errors';
import { priceRange, ProductAccess } from './product-access';
import { ProductQueryService } from './product-query.service';
import { slugify, withRandomSuffix } from '../common/slugify';
import { VariantsService } from './variants.service';

const SLUG_ATTEMPTS = 4;

/** Product writes: create (with its variants), edit, delete-or-archive. */
@Injectable()
export class ProductsService {
  private readonly logger = new Logger(ProductsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly access: ProductAccess,
    private readonly variants: VariantsService,
    private readonly query: ProductQueryService,
    private readonly storage: FileStorage,
  ) {}

  async create(dto: CreateProductDto, user: AuthUser): Promise<ProductDto> {
    const sellerId = await this.ownerFor(dto, user);
    if (dto.variants?.length && (dto.stock !== undefined || dto.sku !== undefined)) {
      throw new BadRequestError(
        'VARIANTS_OR_STOCK',
        'Give either variants, or stock/sku for a single default variant, not both',
      );
    }
    const variants: CreateVariantDto[] = dto.variants?.length
      ? dto.variants
      : [{ options: {}, sku: dto.sku, stock: dto.stock ?? 0 }];
    const pricing = { price: dto.price, discountPercent: dto.discountPercent ?? 0 };
    const range = priceRange(pricing, variants);
    const baseSlug = dto.slug ?? (slugify(dto.name, 200) || 'product');
    // A generated slug that is taken gets a random suffix and the insert is retried; a slug the
    // caller chose is theirs, so a clash is a 409 (the unique index decides, no pre-check).
    for (let attempt = 0; ; attempt++) {
      const slug = attempt === 0 ? baseSlug : withRandomSuffix(baseSlug, 220);
      try {
        const id = await this.dataSource.transaction(async (manager) => {
          const inserted = await manager.insert(Product, {
            sellerId,
            categoryId: dto.categoryId,
            name: dto.name.trim(),
            slug,
            description: dto.description ?? '',
            price: pricing.price,
            currency: this.config.currency,
            discountPercent: pricing.discountPercent,
            minPrice: range.min,
            maxPrice: range.max,
            active: dto.active ?? true,
            customizationOptions: normalizeCustomizationSchema(dto.customizationOptions ?? []),
          });
          const productId = (inserted.identifiers[0] as { id: string }).id;
          for (const [i, v] of variants.entries())
            await this.variants.insert(productId, { position: i, ...v }, manager);
          return productId;
        });
        return this.query.detail(id, user);
      } catch (err) {
        if (!dto.slug && attempt < SLUG_ATTEMPTS && isUniqueViolation(err, 'UQ_product_slug')) continue;
        throw err;
      }
    }
  }

  async update(id: string, dto: UpdateProductDto, user: AuthUser): Promise<ProductDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.lockForWrite(id, user, manager);
      const changes: Partial<Product> = {};
      if (dto.name !== undefined) changes.name = dto.name.trim();
      if (dto.slug !== undefined) changes.slug = dto.slug;
      if (dto.description !== undefined) changes.description = dto.description;
      if (dto.categoryId !== undefined) changes.categoryId = dto.categoryId;
      if (dto.price !== undefined) changes.price = dto.price;
      if (dto.discountPercent !== undefined) changes.discountPercent = dto.discountPercent;
      if (dto.active !== undefined) changes.active = dto.active;
      if (dto.customizationOptions !== undefined)
        changes.customizationOptions = normalizeCustomizationSchema(dto.customizationOptions);
      if (Object.keys(changes).length) await manager.update(Product, { id }, changes);
      if (
        dto.stock !== undefined ||
        dto.stockAdjustment !== undefined ||
        dto.sku !== undefined ||
        dto.price !== undefined
      )
        await this.editOnlyVariant(id, dto, manager);
      if (dto.imageIds) await this.reorderImages(id, dto.imageIds, manager);
      await this.access.refreshPriceRange(id, manager);
    });
    return this.query.detail(id, user);
  }

  /**
   * PATCH /products/bulk: sets `active` on every listed product in one transaction and one
   * UPDATE, after locking and checking them all (one refused id changes nothing). The live-count
   * tables follow through product's statement-level triggers, in this transaction.
   */
  async bulkUpdate(dto: BulkUpdateProductsDto, user: AuthUser): Promise<BulkUpdateProductsResultDto> {
    const changed = await this.dataSource.transaction(async (manager) => {
      await this.access.lockManyForWrite(dto.ids, user, manager);
      const [, count] = (await manager.query(
        `UPDATE product SET active = $2, updated_at = now() WHERE id = ANY($1::uuid[]) AND active <> $2`,
        [dto.ids, dto.active],
      )) as [unknown, number];
      return count;
    });
    return { ids: dto.ids, active: dto.active, changed };
  }

  /**
   * Deletes the product, or archives it when something that must outlive it (an order line)
   * still references it. The foreign key decides, not a lookup: whichever table references
   * products with RESTRICT/NO ACTION, now or in a later module, makes the DELETE fail with 23503,
   * inside a savepoint, and the product is archived instead. No race with a concurrent checkout,
   * and no need for this module to know the orders tables.
   */
  async remove(id: string, user: AuthUser): Promise<ProductDeletionDto> {
    let imageKeys: string[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      await this.access.lockForWrite(id, user, manager);
      const images = (await manager.query(
        `SELECT thumb_key, large_key FROM product_image WHERE product_id = $1`,
        [id],
      )) as {
        thumb_key: string;
        large_key: string;
      }[];
      await manager.query('SAVEPOINT product_delete');
      try {
        await manager.query(`DELETE FROM product WHERE id = $1`, [id]);
        imageKeys = images.flatMap((i) => [i.thumb_key, i.large_key]);
        return 'deleted' as const;
      } catch (err) {
        if (!isForeignKeyViolation(err)) throw err;
        await manager.query('ROLLBACK TO SAVEPOINT product_delete');
        await manager.query(`UPDATE product SET archived = true, updated_at = now() WHERE id = $1`, [id]);
        return 'archived' as const;
      }
    });
    // Files go after the commit: a rolled-back delete must not lose its images.
    for (const key of imageKeys) {
      await this.storage
        .delete(key)
        .catch((err: Error) => this.logger.warn(`could not delete ${key}: ${err.message}`));
    }
    return { id, outcome };
  }

  /** Sellers own what they create; staff may create on behalf of a seller (`sellerId`). */
  private async ownerFor(dto: CreateProductDto, user: AuthUser): Promise<string> {
    if (!dto.sellerId || dto.sellerId === user.id) return user.id;
    if (!isStaff(user.role)) throw new ForbiddenError('Sellers can only create products of their own');
    const seller = await this.users.findAuthUser(dto.sellerId);
    if (!seller) throw new BadRequestError('SELLER_NOT_FOUND', 'No active user with this sellerId');
    if (seller.role === Role.Customer)
      throw new BadRequestError('NOT_A_SELLER', 'This user is a customer, not a seller');
    return seller.id;
  }

  /** `stock`/`sku`/`price` on a simple product edit its one variant; stock and sku need exactly one. */
  private async editOnlyVariant(
    productId: string,
    dto: UpdateProductDto,
    manager: EntityManager,
  ): Promise<void> {
    const variants = (await manager.query(`SELECT id FROM product_variant WHERE product_id = $1`, [
      productId,
    ])) as { id: string }[];
    if (variants.length !== 1) {
      if (dto.stock === undefined && dto.stockAdjustment === undefined && dto.sku === undefined) return; // price alone: variants without an override follow it
      throw new ConflictError(
        'PRODUCT_HAS_VARIANTS',
        'This product has several variants: change stock and SKU through /products/{id}/variants/{variantId}',
      );
    }
    await this.variants.patch(
      variants[0].id,
      {
        stock: dto.stock,
        stockAdjustment: dto.stockAdjustment,
        sku: dto.sku,
        // A new base price on a simple product is the price: drop an override that would hide it.
        ...(dto.price !== undefined ? { priceOverride: null } : {}),
      },
      productId,
      manager,
    );
  }

  private async reorderImages(productId: string, imageIds: string[], manager: EntityManager): Promise<void> {
    const rows = (await manager.query(`SELECT id FROM product_image WHERE product_id = $1`, [productId])) as {
      id: string;
    }[];
    const current = new Set(rows.map((r) => r.id));
    if (imageIds.length !== current.size || imageIds.some((i) => !current.has(i))) {
      throw new BadRequestError(
        'IMAGE_IDS_MISMATCH',
        'imageIds must list every image of the product exactly once',
        {
          imageIds: [...current],
        },
      );
    }
    await manager.query(
      `UPDATE product_image i SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
       WHERE i.id = o.id AND i.product_id = $1`,
      [productId, imageIds],
    );
  }
}
