import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../accounts/auth-user';
import { isStaff } from '../accounts/role';
import { ForbiddenError } from '../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../common/pagination';
import { query } from '../common/raw-rows';
import { parseSort, SortSpec } from '../common/sort';
import { ListReviewsQueryDto, REVIEW_SORT_KEYS } from './dto/list-reviews-query.dto';
import { PRODUCT_REVIEW_SORT_KEYS, ProductReviewsQueryDto } from './dto/product-reviews-query.dto';
import { ProductReviewPageDto, RatingSummaryDto } from './dto/product-review-page.dto';
import { ReviewDetailDto } from './dto/review.dto';
import { ProductLookup } from './product-lookup';
import {
  PUBLIC_REVIEW,
  REVIEW_COLUMNS,
  REVIEW_FROM,
  ReviewRow,
  toReviewDetailDto,
  toReviewDto,
} from './review-rows';

type SortKey = (typeof REVIEW_SORT_KEYS)[number];
const SORT_SQL: Record<SortKey, string> = {
  createdAt: 'r.created_at',
  rating: 'r.rating',
  helpful: 'r.helpful_count',
};

/**
 * ORDER BY from the allow-listed keys (never request text), then newest and id as tie-breaks in
 * the direction of the last key, which is the column order of IDX_review_public_* (one backward
 * or forward index scan per product).
 */
function orderBy(sort: SortSpec<SortKey>[]): string {
  const direction = sort[sort.length - 1].direction;
  const parts = sort.map((s) => `${SORT_SQL[s.key]} ${s.direction}`);
  if (!sort.some((s) => s.key === 'createdAt')) parts.push(`r.created_at ${direction}`);
  parts.push(`r.id ${direction}`);
  return parts.join(', ');
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** Review lists: a product's public reviews with its rating summary; the staff/seller list. */
@Injectable()
export class ReviewsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly products: ProductLookup,
  ) {}

  async forProduct(idOrSlug: string, q: ProductReviewsQueryDto): Promise<ProductReviewPageDto> {
    const sort = parseSort(q.sort, PRODUCT_REVIEW_SORT_KEYS, '-createdAt');
    const product = await this.products.visible(idOrSlug, this.dataSource);
    const params: unknown[] = [product.id];
    const where = ['r.product_id = $1', PUBLIC_REVIEW];
    if (q.rating !== undefined) where.push(`r.rating = $${params.push(q.rating)}`);
    if (q.verified !== undefined) where.push(`r.verified_purchase = $${params.push(q.verified)}`);
    const [rows, summary] = await Promise.all([this.page(where, params, sort, q), this.summary(product.id)]);
    return { ...toPage(rows.data.map(toReviewDto), rows.total, q), summary };
  }

  /**
   * Average, count and histogram from one statement: RatingStats writes the histogram row and the
   * product's two columns in one statement, so one snapshot of both always agrees (reading them
   * in two statements could mix a write that committed in between).
   */
  private async summary(productId: string): Promise<RatingSummaryDto> {
    const [row] = await query<{ rating_avg: string; rating_count: number } & Record<string, number | null>>(
      `SELECT p.rating_avg, p.rating_count, s.count_1, s.count_2, s.count_3, s.count_4, s.count_5
         FROM product p LEFT JOIN review_stats s ON s.product_id = p.id WHERE p.id = $1`,
      [productId],
      this.dataSource,
    );
    return {
      average: Number(row.rating_avg),
      count: row.rating_count,
      histogram: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: row[`count_${rating}`] ?? 0 })),
    };
  }

  /**
   * Staff: every review (hidden and those of deactivated authors too). Sellers: `mine=true`, the
   * public reviews of their own products, so they can answer them.
   */
  async list(q: ListReviewsQueryDto, user: AuthUser): Promise<Page<ReviewDetailDto>> {
    const sort = parseSort(q.sort, REVIEW_SORT_KEYS, '-createdAt');
    const staff = isStaff(user.role);
    if (!staff && !q.mine)
      throw new ForbiddenError('Sellers list the reviews of their own products with mine=true');
    const params: unknown[] = [];
    const where: string[] = [];
    if (q.mine) where.push(`p.seller_id = $${params.push(user.id)}`);
    if (!staff) where.push(PUBLIC_REVIEW);
    if (staff && q.seller) where.push(`p.seller_id = $${params.push(q.seller)}`);
    if (q.product) where.push(`r.product_id = $${params.push(q.product)}`);
    if (q.rating !== undefined) where.push(`r.rating = $${params.push(q.rating)}`);
    if (staff && q.status) where.push(q.status === 'hidden' ? 'r.hidden' : 'NOT r.hidden');
    if (q.q) where.push(`r.comment ILIKE $${params.push(`%${escapeLike(q.q)}%`)}`);
    const rows = await this.page(where, params, sort, q);
    return toPage(
      rows.data.map((row) => toReviewDetailDto(row, staff)),
      rows.total,
      q,
    );
  }

  /** One query for the page and its total (window count); a second only past the last page. */
  private async page(
    where: string[],
    params: unknown[],
    sort: SortSpec<SortKey>[],
    q: { page: number; perPage: number },
  ): Promise<{ data: ReviewRow[]; total: number }> {
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const n = params.length;
    const data = await query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS}, count(*) OVER () AS total ${REVIEW_FROM} ${filter}
        ORDER BY ${orderBy(sort)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, q.perPage, offsetOf(q)],
      this.dataSource,
    );
    let total = data.length ? Number(data[0].total) : 0;
    if (!data.length && q.page > 1) {
      const [{ count }] = await query<{ count: string }>(
        `SELECT count(*) AS count FROM review r JOIN product p ON p.id = r.product_id ${filter}`,
        params,
        this.dataSource,
      );
      total = Number(count);
    }
    return { data, total };
  }
}
