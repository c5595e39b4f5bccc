import { Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { NotFoundError } from '../common/errors/domain-error';
import { readUploadedFile } from '../common/multipart-file';
import { AppConfig } from '../config/app-config';
import { FileStorage } from '../storage/file-storage';
import { ProductImageDto } from './dto/product-image.dto';
import { renderProductImage } from './image-processing';
import { ProductAccess } from './product-access';

/**
 * Product images: upload (checked, resized to a thumbnail and a large WebP, stored through
 * FileStorage under products/<productId>/), delete. Reordering is a PATCH of the product.
 * Nothing is stored unless the upload is a real, supported image within the size limit; files
 * written before a failed database insert are removed again.
 */
@Injectable()
export class ProductImagesService {
  private readonly logger = new Logger(ProductImagesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProductAccess,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  async upload(productId: string, request: FastifyRequest, user: AuthUser): Promise<ProductImageDto> {
    // Authorise before reading the body: a stranger's upload is never decoded.
    await this.dataSource.transaction((manager) => this.access.lockForWrite(productId, user, manager));
    const { data, fields } = await readUploadedFile(request, this.config.uploadMaxBytes);
    const alt = (fields.alt ?? '').slice(0, 200);
    return this.add(productId, data, alt, user);
  }

  /**
   * Checks and renders the bytes (400 unless a real JPEG/PNG/WebP), stores both sizes, then
   * appends the image row; the files are removed again if the row cannot be written. Also used by
   * the demo seed.
   */
  async add(productId: string, data: Buffer, alt: string, user: AuthUser): Promise<ProductImageDto> {
    const rendered = await renderProductImage(data);
    const base = `products/${productId}/${randomUUID()}`;
    const keys = { thumb: `${base}-thumb.webp`, large: `${base}-large.webp` };
    await this.storage.put(keys.thumb, rendered.thumb, 'image/webp');
    await this.storage.put(keys.large, rendered.large, 'image/webp');
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.access.lockForWrite(productId, user, manager);
        const [row] = (await manager.query(
          `INSERT INTO product_image (product_id, thumb_key, large_key, alt, position)
           VALUES ($1, $2, $3, $4, (SELECT coalesce(max(position) + 1, 0) FROM product_image WHERE product_id = $1))
           RETURNING id, position`,
          [productId, keys.thumb, keys.large, alt],
        )) as { id: string; position: number }[];
        return {
          id: row.id,
          thumbUrl: this.storage.url(keys.thumb),
          largeUrl: this.storage.url(keys.large),
          alt,
          position: row.position,
        };
      });
    } catch (err) {
      await this.deleteFiles([keys.thumb, keys.large]);
      throw err;
    }
  }

  async remove(productId: string, imageId: string, user: AuthUser): Promise<void> {
    const keys = await this.dataSource.transaction(async (manager) => {
      await this.access.lockForWrite(productId, user, manager);
      const [rows] = (await manager.query(
        `DELETE FROM product_image WHERE id = $1 AND product_id = $2 RETURNING thumb_key, large_key`,
        [imageId, productId],
      )) as [{ thumb_key: string; large_key: string }[], number];
      if (!rows.length) throw new NotFoundError('Image');
      return [rows[0].thumb_key, rows[0].large_key];
    });
    // After the commit: a rolled-back delete keeps its files.
    await this.deleteFiles(keys);
  }

  private async deleteFiles(keys: string[]): Promise<void> {
    for (const key of keys) {
      await this.storage
        .delete(key)
        .catch((err: Error) => this.logger.warn(`could not delete ${key}: ${err.message}`));
    }
  }
}
