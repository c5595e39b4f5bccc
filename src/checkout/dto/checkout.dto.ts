import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
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
}
