import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { AnalyticsService } from './analytics.service';
import {
  AnalyticsQueryDto,
  CategoriesQueryDto,
  ExportQueryDto,
  ProductAnalyticsQueryDto,
  SalesQueryDto,
  TopProductsQueryDto,
} from './dto/analytics-query.dto';
import {
  CategoriesAnalyticsDto,
  ProductAnalyticsDto,
  SalesSeriesDto,
  SummaryDto,
  TopProductsDto,
} from './dto/analytics-responses.dto';

/**
 * Seller analytics: sellers see their own lines, staff the whole store or one seller (`sellerId`).
 * Only paid, shipped, delivered, partially refunded and refunded orders count; refunds count on
 * the day they completed. Dates are calendar days in `tz` (default STORE_TIMEZONE).
 */
@ApiTags('analytics')
@ApiBearerAuth('bearer')
@Roles(Role.Seller, Role.Staff, Role.Admin)
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** KPIs of the period and of the previous period of equal length, with the change in percent. */
  @Get('summary')
  @ApiOkResponse({ type: SummaryDto })
  @ApiErrors(400, 401, 403, 404)
  summary(@Query() q: AnalyticsQueryDto, @CurrentUser() user: AuthUser): Promise<SummaryDto> {
    return this.analytics.summary(q, user);
  }

  /** A gap-free series per interval (zero buckets included), optionally with a comparison series. */
  @Get('sales')
  @ApiOkResponse({ type: SalesSeriesDto })
  @ApiErrors(400, 401, 403, 404)
  sales(@Query() q: SalesQueryDto, @CurrentUser() user: AuthUser): Promise<SalesSeriesDto> {
    return this.analytics.sales(q, user);
  }

  /** The best products of the period by revenue, units or views, with views and conversion. */
  @Get('top-products')
  @ApiOkResponse({ type: TopProductsDto })
  @ApiErrors(400, 401, 403, 404)
  topProducts(@Query() q: TopProductsQueryDto, @CurrentUser() user: AuthUser): Promise<TopProductsDto> {
    return this.analytics.topProducts(q, user);
  }

  /** Revenue and units per category; `roots=true` rolls subcategories into their roots. */
  @Get('categories')
  @ApiOkResponse({ type: CategoriesAnalyticsDto })
  @ApiErrors(400, 401, 403, 404)
  categories(@Query() q: CategoriesQueryDto, @CurrentUser() user: AuthUser): Promise<CategoriesAnalyticsDto> {
    return this.analytics.categories(q, user);
  }

  /** A CSV report (sales per interval, products, or orders), streamed, with a header and a TOTAL row. */
  @Get('export.csv')
  @RateLimit('analyticsExport')
  // Only the 200 is CSV (ApiProduces would make the error responses CSV too).
  @ApiOkResponse({ description: 'RFC 4180 CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors(400, 401, 403, 404, 429)
  async export(@Query() q: ExportQueryDto, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    const { stream, filename } = await this.analytics.export(q, user);
    return new StreamableFile(stream, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${filename}"`,
    });
  }

  /** One product's totals, views, conversion and series (a seller: its own products only). */
  @Get('products/:id')
  @ApiOkResponse({ type: ProductAnalyticsDto })
  @ApiErrors(400, 401, 403, 404)
  product(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ProductAnalyticsQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProductAnalyticsDto> {
    return this.analytics.product(id, q, user);
  }
}
