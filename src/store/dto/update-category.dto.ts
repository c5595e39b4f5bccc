import { PartialType } from '@nestjs/swagger';
import { CreateCategoryDto } from './create-category.dto';

/** Any subset of the fields; `parentId: null` moves the category to the top level. */
export class UpdateCategoryDto extends PartialType(CreateCategoryDto) {}
