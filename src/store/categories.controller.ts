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
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../accounts/role';
import { ApiErrors } from '../common/decorators/api-errors.decorator';
import { Public } from '../common/decorators/public.decorator';
import { Roles } from '../accounts/decorators/roles.decorator';
import { JsonBodyGuard } from '../common/guards/json-body.guard';
import { CategoriesService } from './categories.service';
import { CategoryDetailDto, CategoryDto, CategoryTreeNodeDto } from './dto/category.dto';
import { CreateCategoryDto } from './dto/create-category.dto';
import { UpdateCategoryDto } from './dto/update-category.dto';

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** The whole category tree (top-level categories with nested `children`), ordered by position then name. */
  @Public()
  @Get()
  @ApiOkResponse({ type: [CategoryTreeNodeDto] })
  tree(): Promise<CategoryTreeNodeDto[]> {
    return this.categories.tree();
  }

  /** One category by id or slug, with its breadcrumb and direct children. */
  @Public()
  @Get(':idOrSlug')
  @ApiOkResponse({ type: CategoryDetailDto })
  @ApiErrors(404)
  findOne(@Param('idOrSlug') idOrSlug: string): Promise<CategoryDetailDto> {
    return this.categories.findOne(idOrSlug);
  }

  /** Creates a category (staff). The slug is generated from the name unless given; a taken slug is 409. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Post()
  @UseGuards(JsonBodyGuard)
  @ApiCreatedResponse({ type: CategoryDto })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() dto: CreateCategoryDto): Promise<CategoryDto> {
    return this.categories.create(dto);
  }

  /** Renames, re-slugs or moves a category (staff); moving it under its own subtree is a 400. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Patch(':id')
  @UseGuards(JsonBodyGuard)
  @ApiOkResponse({ type: CategoryDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCategoryDto): Promise<CategoryDto> {
    return this.categories.update(id, dto);
  }

  /** Deletes an empty category (staff); one that still has subcategories or products is a 409. */
  @ApiBearerAuth('bearer')
  @Roles(Role.Staff, Role.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, [409, 'The category still has subcategories or products'])
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.categories.remove(id);
  }
}
