import { IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';

/**
 * Optional knobs of the fake provider's verdict. By default the event id is derived from the
 * reference and outcome (so repeating the call is a redelivery) and the amount is the payment's.
 */
export class FakePaymentEventDto {
  /** Provider event id; a repeated id is acknowledged and ignored. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  eventId?: string;

  /** Amount the "provider" reports, to simulate a mismatch. Minor units. */
  @IsOptional()
  @IsInt()
  @Min(0)
  amount?: number;

  /** Currency the "provider" reports. @example "USD" */
  @IsOptional()
  @IsString()
  @Length(3, 3)
  currency?: string;
}
