import { Body, Controller, Get, Ip, Patch, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from './decorators/current-user.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { readUploadedFile } from '../common/multipart-file';
import { AppConfig } from '../config/app-config';
import { FileStorage } from '../storage/file-storage';
import { AuthUser } from './auth-user';
import { AvatarService } from './avatar.service';
import { UpdateMeDto } from './dto/update-me.dto';
import { UserDto } from './dto/user.dto';
import { ProfileService } from './profile.service';
import { RateLimit } from './rate-limit/route-rate-limit.guard';
import { toUserDto } from './user.mapper';

/** The logged-in user's own profile. */
@ApiTags('me')
@ApiBearerAuth('bearer')
@ApiErrors(401)
@Controller('me')
export class MeController {
  constructor(
    private readonly profiles: ProfileService,
    private readonly avatars: AvatarService,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  /** Your profile. */
  @Get()
  @ApiOkResponse({ type: UserDto })
  async get(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return toUserDto(await this.profiles.get(caller.id), this.storage);
  }

  /** Change your name, email or password (email and password need `currentPassword`). */
  @Patch()
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(400, [403, 'Current password is incorrect'], [409, 'The new email is already taken'], 429)
  async update(
    @CurrentUser() caller: AuthUser,
    @Body() dto: UpdateMeDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return toUserDto(await this.profiles.update(caller, dto, ip), this.storage);
  }

  /** Upload a profile picture (JPEG, PNG or WebP, at most UPLOAD_MAX_BYTES); stored as a 256×256 WebP. */
  @Post('avatar')
  @RateLimit('uploads')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(
    [
      400,
      'Not a JPEG, PNG or WebP image, no file or an empty one (FILE_REQUIRED, FILE_EMPTY), or MALFORMED_MULTIPART',
    ],
    413,
    415,
  )
  async uploadAvatar(@CurrentUser() caller: AuthUser, @Req() req: FastifyRequest): Promise<UserDto> {
    const { data } = await readUploadedFile(req, this.config.uploadMaxBytes);
    return toUserDto(await this.avatars.replace(caller.id, data), this.storage);
  }
}
