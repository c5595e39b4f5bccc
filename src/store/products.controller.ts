import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { setPageHeaders } from '../common/pagination';
import { BulkUpdateProductsDto, BulkUpdateProductsResultDto } from './dto/bulk-update-products.dto';
import { CreateProductDto } from './dto/create-product.dto';
import { ProductDeletionDto } from './dto/product-deletion.dto';
import { ProductListQueryDto } from './dto/product-list-query.dto';
import { ProductPageDto } from './dto/product-page.dto';
import { ProductDto } from './dto/product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { ProductQueryService } from './product-query.service';
import { ProductViewHooks } from './product-view-hooks';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly query: ProductQueryService,
    private readonly views: ProductViewHooks,
  ) {}

  /**
   * Lists products: full-text search, filters, sort and pages. Shoppers see active products of
   * active sellers; sellers add `mine=true` for their own (inactive included); staff see all and
   * may filter by `status`. The total is also in `Content-Range` and `X-Total-Count`.
   *
   * Totals: exact up to 10,000 matches (and always for shoppers' lists narrowed only by category
   * and/or seller); beyond that an estimate, with `totalIsEstimate: true`. A search by relevance
   * ranks at most its first 10,001 matches. Pages: `page`/`perPage` for the first pages;
   * `nextCursor`/`prevCursor` (passed back as `cursor`) for keyset paging, whose deep pages cost
   * what the first does (not for searches ordered by relevance).
   */
  @Public()
  @Get()
  @RateLimit('search', (request) => (request.query as { q?: unknown }).q !== undefined)
  @ApiOkResponse({ type: ProductPageDto })
  @ApiErrors(400, 401, 403)
  async list(
    @Query() q: ProductListQueryDto,
    @CurrentUser() user: AuthUser | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProductPageDto> {
    const page = await this.query.list(q, user);
    // A cursor page has no offset to put in Content-Range: the total alone.
    if (page.page === null) void reply.header('X-Total-Count', String(page.total));
    else setPageHeaders(reply, 'products', { ...page, page: page.page });
    return page;
  }

  /** One product by id or slug: breadcrumb, images, variants, customisation options, seller, rating. */
  @Public()
  @Get(':idOrSlug')
  @ApiOkResponse({ type: ProductDto })
  @ApiErrors(404)
  async findOne(
    @Param('idOrSlug') idOrSlug: string,
    @CurrentUser() user: AuthUser | undefined,
  ): Promise<ProductDto> {
    const product = await this.query.detail(idOrSlug, user);
    this.views.viewed(product.id); // buffered in memory by analytics, no write per request
    return product;
  }

  /** Creates a product owned by the calling seller (staff may pass `sellerId`). */
  @ApiBearerAuth('bearer')
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: ProductDto })
  @ApiErrors(400, 401, 403, [409, 'Slug, SKU or product name (per seller) already taken'])
  create(@Body() dto: CreateProductDto, @CurrentUser() user: AuthUser): Promise<ProductDto> {
    return this.products.create(dto, user);
  }

  /**
   * Puts up to 100 products on sale or takes them off it (`active`), all or nothing: staff any
   * product, a seller only its own — one product that is someone else's is 403 (404 when not
   * public, or unknown) and nothing changes.
   */
  @ApiBearerAuth('bearer')
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @Patch('bulk')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: BulkUpdateProductsResultDto })
  @ApiErrors(
    [400, 'ids missing, empty, over 100, repeated or not UUIDs; active not a boolean'],
    401,
    [403, 'A seller listed a product of another seller'],
    [404, 'An id is unknown (or another seller’s and not public)'],
  )
  bulkUpdate(
    @Body() dto: BulkUpdateProductsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<BulkUpdateProductsResultDto> {
    return this.products.bulkUpdate(dto, user);
  }

  /** Edits a product (its owner or staff); `stock`/`sku` edit the only variant; `imageIds` reorders images. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: ProductDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateProductDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProductDto> {
    return this.products.update(id, dto, user);
  }

  /** Deletes a product (its owner or staff), or archives it when orders reference it. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @Delete(':id')
  @ApiOkResponse({ type: ProductDeletionDto })
  @ApiErrors(401, 403, 404)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ProductDeletionDto> {
    return this.products.remove(id, user);
  }
}
