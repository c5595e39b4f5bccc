import {
  Body,
  Controller,
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
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { setPageHeaders } from '../common/pagination';
import { CommentsService } from './comments.service';
import { ModeratedCommentDto, ModeratedCommentPageDto } from './dto/comment.dto';
import { ListCommentsQueryDto } from './dto/list-comments-query.dto';
import {
  BulkModerateCommentsDto,
  BulkModerationResultDto,
  ModerateCommentDto,
} from './dto/moderate-comment.dto';

/** The staff's comment moderation. */
@ApiTags('comments')
@ApiBearerAuth('bearer')
@Roles(Role.Staff, Role.Admin)
@Controller('comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** The moderation queue: comments of one status (default `pending`), oldest first. */
  @Get()
  @ApiOkResponse({ type: ModeratedCommentPageDto })
  @ApiErrors(400, 401, [403, 'Not staff'])
  async list(
    @Query() q: ListCommentsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ModeratedCommentPageDto> {
    const page = await this.comments.list(q);
    setPageHeaders(reply, 'comments', page);
    return page;
  }

  /** Approves or rejects one comment, recording who and when. */
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: ModeratedCommentDto })
  @ApiErrors(400, 401, [403, 'Not staff'], 404, 415)
  moderate(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ModerateCommentDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ModeratedCommentDto> {
    return this.comments.moderate(id, dto, user);
  }

  /** The same decision on up to 100 comments, all or nothing; answers which ones changed. */
  @Post('moderate')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: BulkModerationResultDto })
  @ApiErrors(
    400,
    401,
    [403, 'Not staff'],
    [404, 'Some ids are unknown (`details.missing`); nothing changed'],
    415,
  )
  moderateMany(
    @Body() dto: BulkModerateCommentsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<BulkModerationResultDto> {
    return this.comments.moderateMany(dto, user);
  }
}
