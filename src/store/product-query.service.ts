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
import { offsetOf } from '../common/pagination';
import { parseSort } from '../common/sort';
import { PreparedStatementCache } from '../database/prepared-statement-cache';
import { FileStorage } from '../storage/file-storage';
import { termSearchApplies, termSearchFellBack, termSearchSql } from './catalog-search-sql';
import { cursorFingerprint, DecodedCursor, decodeCursor, encodeCursor } from './catalog-cursor';
import {
  estimatedTotal,
  ListScope,
  orderTerms,
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
  ProductListResult,
  toProductDetail,
  toProductPage,
} from './catalog-rows';
import { ProductListQueryDto } from './dto/product-list-query.dto';
import { ProductPageDto } from './dto/product-page.dto';
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

  async list(query: ProductListQueryDto, user: AuthUser | undefined): Promise<ProductPageDto> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      throw new BadRequestError('INVALID_PRICE_RANGE', 'minPrice cannot be greater than maxPrice');
    }
    const sort = parseSort(query.sort, PRODUCT_SORT_KEYS, query.q ? 'relevance' : '-createdAt');
    if (!query.q && sort.some((s) => s.key === 'relevance')) {
      throw new BadRequestError('INVALID_SORT', 'Sorting by relevance needs a search term (q)');
    }
    const scope = this.scope(query, user);
    const order = orderTerms(sort, query.q !== undefined);
    const byRelevance = order.some((o) => o.column === 'rank');
    // A cursor is only valid for the order and filters it was issued for.
    const fingerprint = cursorFingerprint([
      order,
      scope,
      query.q,
      query.category,
      query.minPrice,
      query.maxPrice,
      query.inStock,
      query.seller,
      query.minRating,
    ]);
    let keyset: DecodedCursor | undefined;
    if (query.cursor !== undefined) {
      if (byRelevance)
        throw new BadRequestError(
          'INVALID_CURSOR',
          'A search ordered by relevance pages with page/perPage; cursors need a column sort',
        );
      if (query.page !== 1)
        throw new BadRequestError('INVALID_CURSOR', 'Pass either cursor or page, not both');
      keyset = decodeCursor(
        query.cursor,
        order.map((o) => o.column),
        fingerprint,
      );
    }
    const params: ProductListParams = {
      scope,
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
      keyset,
    };
    // A one-word search by relevance: the term table (index-only, any catalog size), unless
    // PostgreSQL's parse of q says it is not one lexeme; everything else: the GIN/list path.
    let rows: ProductListResult[] | undefined;
    if (termSearchApplies(params)) {
      rows = (await this.run<ProductListResult>(termSearchSql(params))).rows;
      if (termSearchFellBack(rows)) rows = undefined;
    }
    rows ??= (await this.run<ProductListResult>(productListSql(params))).rows;
    const backward = keyset?.backward ?? false;
    const { data, total, exact, more, firstKey, lastKey } = toProductPage(rows, this.mediaUrl, {
      limit: query.perPage,
      backward,
    });
    // Rows before the page: a backward page says so itself (`more`); a forward page has them when
    // it was reached by cursor or is past page 1. Rows after: the reverse.
    const hasPrev = backward ? more : keyset !== undefined || query.page > 1;
    const hasNext = backward ? true : more;
    const cursor = (key: (string | number)[] | null, back: boolean) =>
      key && !byRelevance ? encodeCursor(fingerprint, key, back) : null;
    const page = {
      data,
      total,
      totalIsEstimate: false,
      page: keyset ? null : query.page,
      perPage: query.perPage,
      nextCursor: hasNext ? cursor(lastKey, false) : null,
      prevCursor: hasPrev ? cursor(firstKey, true) : null,
    };
    if (exact) return page;
    // More than EXACT_TOTAL_LIMIT matches: the planner's estimate (a second, plan-only round trip).
    const estimate = estimatedTotal((await this.run<never>(productCountEstimateSql(params))).rows);
    return { ...page, total: estimate, totalIsEstimate: true };
  }

  /** Shoppers see live products; the owner and staff also see inactive and archived ones. */
  async detail(idOrSlug: string, user: AuthUser | undefined): Promise<ProductDto> {
    const { rows } = await this.run<{ d: ProductDetailRow }>(productDetailSql(idOrSlug));
    const detail = rows[0]?.d;
    if (!detail) throw new NotFoundError('Product');
    const row = detail.product;
    if (!isPubliclyVisible(row) && !(user && (isStaff(user.role) || user.id === row.seller_id)))
      throw new NotFoundError('Product');
    return toProductDetail(detail, this.mediaUrl);
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
