import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Where the order ships; snapshotted on the order. */
export class ShippingAddressDto {
  /** @example "Ada" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName: string;

  /** @example "Obi" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName: string;

  /** @example "ada@example.com" */
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** 7 to 15 digits, optional leading +, spaces/dashes/brackets allowed. @example "+234 803 123 4567" */
  @IsString()
  @Matches(/^\+?[0-9(][0-9 ().-]{5,22}$/, { message: 'phone must be a phone number' })
  phone: string;

  /** @example "12 Marina Road" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  addressLine: string;

  /** @example "4B" */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  buildingNumber?: string;

  /** @example "Lagos" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city: string;

  /** @example "Lagos" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  state: string;

  /** @example "101241" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  postalCode: string;

  /** ISO 3166-1 alpha-2 country code. @example "NG" */
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'country must be a two-letter country code' })
  country: string;
}
