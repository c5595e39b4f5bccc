import { IsOptional, IsUUID } from 'class-validator';

export class CartQueryDto {
  /** Preview the delivery fee and total for this delivery zone (see `GET /delivery-zones`). */
  @IsOptional()
  @IsUUID()
  deliveryZoneId?: string;
}
