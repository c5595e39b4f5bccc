import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from './decorators/current-user.decorator';
import { Roles } from './decorators/roles.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { BadRequestError } from '../common/errors/domain-error';
import { setPageHeaders } from '../common/pagination';
import { FileStorage } from '../storage/file-storage';
import { AuthUser } from './auth-user';
import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserPageDto } from './dto/user-page.dto';
import { UserDto } from './dto/user.dto';
import { Role } from './role';
import { UserAdminService } from './user-admin.service';
import { toUserDto } from './user.mapper';

const userId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestError('INVALID_ID', 'id must be a UUID'),
});

/** User management for staff and admins. */
@ApiTags('users')
@ApiBearerAuth('bearer')
@Roles(Role.Staff, Role.Admin)
@ApiErrors(401, [403, 'Staff or admin only'])
@Controller('users')
export class UsersController {
  constructor(
    private readonly admin: UserAdminService,
    private readonly storage: FileStorage,
  ) {}

  /** Search and filter users; `Content-Range` and `X-Total-Count` carry the total too. */
  @Get()
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400)
  async list(
    @Query() query: ListUsersQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserPageDto> {
    const page = await this.admin.list(query);
    setPageHeaders(reply, 'users', page);
    return { ...page, data: page.data.map((u) => toUserDto(u, this.storage)) };
  }

  /** One user. */
  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors([400, 'id is not a UUID'], 404)
  async get(@Param('id', userId) id: string): Promise<UserDto> {
    return toUserDto(await this.admin.get(id), this.storage);
  }

  /**
   * (De)activate an account or change its role. Staff may (de)activate customers and sellers;
   * only admins change roles or touch staff and admin accounts. Nobody deactivates or re-roles themselves.
   */
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, 404, [409, 'You cannot deactivate or change the role of your own account'])
  async update(
    @CurrentUser() caller: AuthUser,
    @Param('id', userId) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return toUserDto(await this.admin.update(caller, id, dto), this.storage);
  }
}
