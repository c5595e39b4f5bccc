import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { setPageHeaders } from '../common/pagination';
import { CreateReviewDto } from './dto/create-review.dto';
import { ProductReviewPageDto } from './dto/product-review-page.dto';
import { ProductReviewsQueryDto } from './dto/product-reviews-query.dto';
import { ReviewDetailDto } from './dto/review.dto';
import { ReviewsQueryService } from './reviews-query.service';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller('products')
export class ProductReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly query: ReviewsQueryService,
  ) {}

  /**
   * A product's public reviews (not hidden, author active), newest first by default, with the
   * product's rating summary: average, count and the 1–5 histogram. Archived, inactive or unknown
   * products are 404.
   */
  @Public()
  @Get(':idOrSlug/reviews')
  @ApiOkResponse({ type: ProductReviewPageDto })
  @ApiErrors(400, [401, 'A bearer token was sent but is invalid or expired'], 404)
  async list(
    @Param('idOrSlug') idOrSlug: string,
    @Query() q: ProductReviewsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductReviewPageDto> {
    const page = await this.query.forProduct(idOrSlug, q);
    setPageHeaders(reply, 'reviews', page);
    return page;
  }

  /**
   * Reviews a product (once per user; a second review is 409 REVIEW_EXISTS). `verifiedPurchase`
   * is set when the caller has a paid, shipped or delivered order with the product that was not
   * refunded. A seller cannot review its own product (403).
   */
  @ApiBearerAuth('bearer')
  @Post(':id/reviews')
  @UseGuards(JsonBodyGuard)
  @RateLimit('reviews')
  @ApiCreatedResponse({ type: ReviewDetailDto })
  @ApiErrors(
    400,
    401,
    [403, 'Sellers cannot review their own products'],
    [404, 'Product not found, archived or inactive'],
    [409, 'REVIEW_EXISTS: the caller already reviewed this product'],
    415,
  )
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateReviewDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewDetailDto> {
    return this.reviews.create(id, dto, user);
  }
}
