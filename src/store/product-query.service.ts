import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AuthUser } from '../accounts/auth-user';
import { isStaff, Role } from '../accounts/role';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../common/pagination';
import { parseSort } from '../common/sort';
import { PreparedStatementCache } from '../database/prepared-statement-cache';
import { FileStorage } from '../storage/file-storage';
import {
  estimatedTotal,
  ListScope,
  PRODUCT_SORT_KEYS,
  productCountEstimateSql,
  productDetailSql,
  ProductListParams,
  productListSql,
  SqlStatement,
} from './catalog-sql';
import {
  isPubliclyVisible,
  ProductDetailRow,
  ProductListRow,
  toProductDetail,
  toProductPage,
} from './catalog-rows';
import { ProductListQueryDto } from './dto/product-list-query.dto';
import { ProductSummaryDto } from './dto/product-summary.dto';
import { ProductDto } from './dto/product.dto';

/**
 * The catalog's read side: GET /products and GET /products/:idOrSlug, one SQL statement each
 * (built in catalog-sql.ts, shared with the benchmark's bare-pg ceiling).
 */
@Injectable()
export class ProductQueryService {
  private readonly mediaUrl: (key: string) => string;
  private statements?: PreparedStatementCache;

  constructor(
    private readonly dataSource: DataSource,
    storage: FileStorage,
  ) {
    this.mediaUrl = (key) => storage.url(key);
  }

  async list(
    query: ProductListQueryDto,
    user: AuthUser | undefined,
  ): Promise<Page<ProductSummaryDto> & { totalIsEstimate: boolean }> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw new BadRequestError('INVALID_PRICE_RANGE', 'minPrice cannot be greater than maxPrice');
    }
    const sort = parseSort(query.sort, PRODUCT_SORT_KEYS, query.q ? 'relevance' : '-createdAt');
    if (!query.q && sort.some((s) => s.key === 'relevance')) {
      throw new BadRequestError('INVALID_SORT', 'Sorting by relevance needs a search term (q)');
    }
    const params: ProductListParams = {
      scope: this.scope(query, user),
      q: query.q,
      category: query.category,
      minPrice: query.minPrice,
      maxPrice: query.maxPrice,
      inStock: query.inStock,
      seller: query.seller,
      minRating: query.minRating,
      sort,
      limit: query.perPage,
      offset: offsetOf(query),
    };
    const { rows } = await this.run<ProductListRow>(productListSql(params));
    const { data, total, exact } = toProductPage(rows, this.mediaUrl);
    if (exact) return { ...toPage(data, total, query), totalIsEstimate: false };
    // More than EXACT_TOTAL_LIMIT matches: the planner's estimate (a second, plan-only round trip).
    const estimate = estimatedTotal((await this.run<never>(productCountEstimateSql(params))).rows);
    return { ...toPage(data, estimate, query), totalIsEstimate: true };
  }

  /** Shoppers see live products; the owner and staff also see inactive and archived ones. */
  async detail(idOrSlug: string, user: AuthUser | undefined): Promise<ProductDto> {
    const { rows } = await this.run<ProductDetailRow>(productDetailSql(idOrSlug));
    const row = rows[0];
    if (!row) throw new NotFoundError('Product');
    if (!isPubliclyVisible(row) && !(user && (isStaff(user.role) || user.id === row.seller_id)))
      throw new NotFoundError('Product');
    return toProductDetail(row, this.mediaUrl);
  }

  /**
   * Visibility: shoppers get the public rule; `mine=true` scopes to the calling seller (inactive
   * included); staff see every product (all but archived unless `status` says otherwise).
   * `status` is for staff and for sellers' own listings.
   */
  private scope(query: ProductListQueryDto, user: AuthUser | undefined): ListScope {
    if (query.mine) {
      if (!user) throw new UnauthorizedError('Log in to list your own products');
      if (user.role === Role.Customer)
        throw new ForbiddenError('Only sellers and staff have products of their own');
      return { kind: 'owner', sellerId: user.id, status: query.status };
    }
    if (user && isStaff(user.role)) return { kind: 'staff', status: query.status };
    if (query.status)
      throw new ForbiddenError('The status filter is for staff, or for your own products with mine=true');
    return { kind: 'public' };
  }

  /**
   * Runs a catalog read on TypeORM's own pg pool, as a named prepared statement when it has a name
   * (the statement the bench ceiling runs): PostgreSQL keeps the plan per connection, at most
   * MAX_PREPARED_STATEMENTS_PER_CONNECTION of them (least recently used released first), since the
   * filter and sort permutations make millions of distinct texts. Reads only, no transaction.
   */
  private async run<T>(statement: SqlStatement): Promise<{ rows: T[] }> {
    this.statements ??= new PreparedStatementCache((this.dataSource.driver as PostgresDriver).master as Pool);
    const result = await this.statements.query(statement);
    return { rows: result.rows as T[] };
  }
}
