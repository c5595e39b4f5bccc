import { IntersectionType, PartialType } from '@nestjs/swagger';
import { CreateVariantDto } from './create-variant.dto';
import { StockAdjustmentField } from './stock-adjustment.dto';

export class UpdateVariantDto extends IntersectionType(PartialType(CreateVariantDto), StockAdjustmentField) {}
