import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListDeliveryZonesQueryDto {
  /** Staff only: include inactive zones (archived ones are never listed). */
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  includeInactive?: boolean;
}
