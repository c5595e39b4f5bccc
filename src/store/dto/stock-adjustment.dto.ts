import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min, NotEquals } from 'class-validator';

/**
 * `stockAdjustment` on variant and simple-product PATCHes: units to add (a delivery) or remove
 * (damage, a sale elsewhere), applied as `stock = stock + n` in one statement. Unlike setting
 * `stock`, it cannot overwrite units sold by a concurrent checkout; below zero is a 409.
 */
export class StockAdjustmentField {
  // Declared explicitly: IntersectionType copies schemas before the CLI plugin's metadata loads.
  @ApiPropertyOptional({
    type: 'integer',
    example: 24,
    minimum: -1_000_000_000,
    maximum: 1_000_000_000,
    description: 'Units to add (negative: remove), applied atomically; never 0. Not together with `stock`.',
  })
  @IsOptional()
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  stockAdjustment?: number;
}
