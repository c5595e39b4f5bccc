import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OrderDto } from '../../orders/dto/order.dto';

export class RefundLineDto {
  /** An order line of this order. */
  @IsUUID()
  orderLineId: string;

  /** Units of that line to refund (at most those not refunded yet). @example 1 */
  @IsInt()
  @Min(1)
  quantity: number;
}

/**
 * What to refund. An empty body refunds everything that is left. `lines` refunds those units at
 * the price paid for them; `amount` alone refunds that sum without tying it to a line (e.g.
 * shipping, a goodwill gesture); both: `amount` is the total, shared over the lines in proportion
 * to their value (any excess over their value is not tied to a line).
 */
export class RefundOrderDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  lines?: RefundLineDto[];

  /** Minor units, at most what was captured minus earlier refunds. @example 1500 */
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;

  /** Shown in the order history. @example "Damaged in transit" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /** Put the refunded lines' units back on their variants once the refund succeeds (default false). */
  @IsOptional()
  @IsBoolean()
  restock?: boolean;
}

export class RefundLineResultDto {
  orderLineId: string;
  quantity: number;
  /** This line's share of the refund, minor units. */
  amount: number;
}

export class RefundDto {
  id: string;
  /** pending until the provider confirms (Paystack, some Stripe methods), then succeeded or failed. */
  status: 'pending' | 'succeeded' | 'failed';
  /** Minor units. */
  amount: number;
  currency: string;
  reason: string | null;
  restock: boolean;
  failureReason: string | null;
  lines: RefundLineResultDto[];
  createdAt: string;
  completedAt: string | null;
}

export class RefundResultDto {
  refund: RefundDto;
  /** The order after the refund (`refunded`, `partially_refunded`, or unchanged while the refund is pending). */
  order: OrderDto;
}
