import { PartialType } from '@nestjs/swagger';
import { CreateDeliveryZoneDto } from './create-delivery-zone.dto';

/** Any subset of the zone's fields; null clears an optional one. */
export class UpdateDeliveryZoneDto extends PartialType(CreateDeliveryZoneDto) {}
