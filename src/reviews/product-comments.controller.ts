import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { PaginationQueryDto, setPageHeaders } from '../common/pagination';
import { CommentsService } from './comments.service';
import { CommentDto, CommentPageDto } from './dto/comment.dto';
import { CreateCommentDto } from './dto/create-comment.dto';

@ApiTags('comments')
@Controller('products')
export class ProductCommentsController {
  constructor(private readonly comments: CommentsService) {}

  /**
   * A product's approved comments (newest first, replies under each); a logged-in caller also
   * sees their own pending and rejected ones, flagged by `status` and `mine`.
   */
  @Public()
  @Get(':idOrSlug/comments')
  @ApiOkResponse({ type: CommentPageDto })
  @ApiErrors(400, [401, 'A bearer token was sent but is invalid or expired'], 404)
  async list(
    @Param('idOrSlug') idOrSlug: string,
    @Query() q: PaginationQueryDto,
    @CurrentUser() user: AuthUser | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommentPageDto> {
    const page = await this.comments.forProduct(idOrSlug, q, user);
    setPageHeaders(reply, 'comments', page);
    return page;
  }

  /**
   * Posts a question or remark; it waits for moderation (`pending`). A reply (`parentId`) by the
   * product's seller or by staff is approved at once.
   */
  @ApiBearerAuth('bearer')
  @Post(':id/comments')
  @UseGuards(JsonBodyGuard)
  @RateLimit('comments')
  @ApiCreatedResponse({ type: CommentDto })
  @ApiErrors(
    [400, 'Invalid input, or REPLY_TOO_DEEP: the parent is itself a reply'],
    401,
    [404, 'Product (or parent comment) not found'],
    [409, 'COMMENT_NOT_APPROVED: the parent comment is not approved'],
    415,
  )
  create(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCommentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CommentDto> {
    return this.comments.create(id, dto, user);
  }
}
