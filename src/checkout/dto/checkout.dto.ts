import { Type } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ShippingAddressDto } from '../../orders/dto/shipping-address.dto';

export class CheckoutDto {
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress: ShippingAddressDto;

  /** Payment provider: `fake` (demo/tests), later `stripe` or `paystack` when configured. @example "fake" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  provider: string;
}
