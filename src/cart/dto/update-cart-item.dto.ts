import { IsInt, Max, Min } from 'class-validator';
import { CART_QUANTITY_CEILING } from '../../config/env.schema';

export class UpdateCartItemDto {
  /** New quantity of the line (at most CART_MAX_LINE_QUANTITY, default 999); 0 removes it. @example 2 */
  @IsInt()
  @Min(0)
  @Max(CART_QUANTITY_CEILING)
  quantity: number;
}
