import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { setPageHeaders } from '../common/pagination';
import { HelpfulVoteDto } from './dto/helpful-vote.dto';
import { ListReviewsQueryDto } from './dto/list-reviews-query.dto';
import { ReviewPageDto } from './dto/review-page.dto';
import { ReviewReplyInputDto } from './dto/review-reply.dto';
import { ReviewVisibilityDto } from './dto/review-visibility.dto';
import { ReviewDetailDto } from './dto/review.dto';
import { UpdateReviewDto } from './dto/update-review.dto';
import { ReviewsQueryService } from './reviews-query.service';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@ApiBearerAuth('bearer')
@Controller('reviews')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly query: ReviewsQueryService,
  ) {}

  /**
   * Staff: all reviews with their moderation state (filters product, seller, rating, status, q).
   * Sellers: `mine=true`, the public reviews of their own products (read only, to answer them).
   */
  @Roles(Role.Seller, Role.Staff, Role.Admin)
  @Get()
  @ApiOkResponse({ type: ReviewPageDto })
  @ApiErrors(400, 401, [403, 'Customers; sellers without mine=true'])
  async list(
    @Query() q: ListReviewsQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewPageDto> {
    const page = await this.query.list(q, user);
    setPageHeaders(reply, 'reviews', page);
    return page;
  }

  /** The author edits the rating and/or text; the product rating follows in the same transaction. */
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: ReviewDetailDto })
  @ApiErrors(400, 401, [403, 'Not the author'], 404, 415)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateReviewDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewDetailDto> {
    return this.reviews.update(id, dto, user);
  }

  /** Deletes a review (its author, or staff). */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 401, [403, 'Neither the author nor staff'], 404)
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.reviews.remove(id, user);
  }

  /** Staff hide a review from the public and the product rating, or show it again. */
  @Roles(Role.Staff, Role.Admin)
  @Patch(':id/visibility')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: ReviewDetailDto })
  @ApiErrors(400, 401, [403, 'Not staff'], 404, 415)
  setVisibility(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewVisibilityDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewDetailDto> {
    return this.reviews.setVisibility(id, dto, user);
  }

  /** Marks a public review helpful: once per user (repeating it answers the same, counts nothing). */
  @Post(':id/helpful')
  @HttpCode(200)
  @RateLimit('votes')
  @ApiOkResponse({ type: HelpfulVoteDto })
  @ApiErrors(400, 401, [403, 'Your own review'], 404)
  helpful(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<HelpfulVoteDto> {
    return this.reviews.voteHelpful(id, user);
  }

  /** The product's seller answers a review (one reply; posting again edits it). */
  @Roles(Role.Seller)
  @Post(':id/reply')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: ReviewDetailDto })
  @ApiErrors(400, 401, [403, "Not the product's seller"], 404, 415)
  reply(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ReviewReplyInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ReviewDetailDto> {
    return this.reviews.reply(id, dto.body, user);
  }
}
