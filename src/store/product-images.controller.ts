import { Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../accounts/auth-user';
import { RateLimit } from '../accounts/rate-limit/route-rate-limit.guard';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { ProductImageDto } from './dto/product-image.dto';
import { ProductImagesService } from './product-images.service';

@ApiTags('products')
@ApiBearerAuth('bearer')
@Roles(Role.Seller, Role.Staff, Role.Admin)
@Controller('products/:id/images')
export class ProductImagesController {
  constructor(private readonly images: ProductImagesService) {}

  /**
   * Uploads an image (JPEG, PNG or WebP, checked from its content; size limit UPLOAD_MAX_BYTES).
   * It is stored as a 400px thumbnail and a 1600px WebP, served from /media with long cache
   * headers, and appended after the existing images.
   */
  @Post()
  @RateLimit('uploads')
  @ApiCreatedResponse({ type: ProductImageDto })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        alt: { type: 'string', description: 'Alt text (send before the file)' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiErrors(
    [
      400,
      'Not an image, or not JPEG/PNG/WebP, no file or an empty one (FILE_REQUIRED, FILE_EMPTY), or MALFORMED_MULTIPART',
    ],
    401,
    403,
    404,
    [413, 'Larger than UPLOAD_MAX_BYTES'],
    [415, 'Not multipart/form-data'],
  )
  upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<ProductImageDto> {
    return this.images.upload(id, request, user);
  }

  /** Deletes an image and its files. */
  @Delete(':imageId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404)
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('imageId', ParseUUIDPipe) imageId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.images.remove(id, imageId, user);
  }
}
