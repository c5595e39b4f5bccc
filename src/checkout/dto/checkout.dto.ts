import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ShippingAddressDto } from '../../orders/dto/shipping-address.dto';

export class CheckoutDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress: ShippingAddressDto;

  /** Payment provider: `stripe`, `paystack` (when their keys are set) or `fake` (demo/tests); GET /payments/providers lists them. @example "stripe" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  provider: string;

  /**
   * The delivery zone (`GET /delivery-zones`); required once the shop has active zones, and it must
   * cover the shipping address's region. Without zones the flat shipping fee applies.
   */
  @IsOptional()
  @IsUUID()
  deliveryZoneId?: string;
}
