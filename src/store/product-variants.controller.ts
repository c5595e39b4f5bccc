import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../accounts/auth-user';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { CurrentUser } from '../accounts/decorators/current-user.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { CreateVariantDto } from './dto/create-variant.dto';
import { UpdateVariantDto } from './dto/update-variant.dto';
import { VariantDto } from './dto/variant.dto';
import { VariantsService } from './variants.service';

@ApiTags('products')
@ApiBearerAuth('bearer')
@Roles(Role.Seller, Role.Staff, Role.Admin)
@Controller('products/:id/variants')
export class ProductVariantsController {
  constructor(private readonly variants: VariantsService) {}

  /** Adds a variant (owner or staff). Options are unique per product, SKUs across the shop. */
  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: VariantDto })
  @ApiErrors(400, 401, 403, 404, [409, 'SKU taken, or the product already has a variant with these options'])
  add(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateVariantDto,
    @CurrentUser() user: AuthUser,
  ): Promise<VariantDto> {
    return this.variants.add(id, dto, user);
  }

  /** Changes a variant's options, SKU, price override, stock or position. */
  @Patch(':variantId')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: VariantDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('variantId', ParseUUIDPipe) variantId: string,
    @Body() dto: UpdateVariantDto,
    @CurrentUser() user: AuthUser,
  ): Promise<VariantDto> {
    return this.variants.update(id, variantId, dto, user);
  }

  /** Deletes a variant; the last one of a product, or one in carts/orders, is a 409. */
  @Delete(':variantId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, [409, 'Last variant of the product, or referenced by carts/orders'])
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('variantId', ParseUUIDPipe) variantId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.variants.remove(id, variantId, user);
  }
}
