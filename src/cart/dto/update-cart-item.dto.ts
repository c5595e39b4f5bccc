import { IsInt, Max, Min } from 'class-validator';
import { MAX_LINE_QUANTITY } from './add-cart-item.dto';

export class UpdateCartItemDto {
  /** New quantity of the line; 0 removes it. @example 2 */
  @IsInt()
  @Min(0)
  @Max(MAX_LINE_QUANTITY)
  quantity: number;
}
