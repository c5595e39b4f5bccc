import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MoneyColumn } from '../../common/money-column';

/**
 * A delivery location shoppers pick at checkout, with its own fee. `country`/`states` optionally
 * restrict it to addresses in that region. A zone orders refer to is archived instead of deleted
 * (orders keep their snapshot of its name and fee either way).
 */
@Entity('delivery_zone')
// Names are unique among the zones in use; an archived one frees its name.
@Index('UQ_delivery_zone_name', { synchronize: false })
@Index('IDX_delivery_zone_position', ['position', 'name'])
@Check('CHK_delivery_zone_fee', 'fee >= 0 AND (free_over IS NULL OR free_over >= 0)')
@Check(
  'CHK_delivery_zone_days',
  'estimated_days_min >= 0 AND estimated_days_max >= 0 AND estimated_days_max >= estimated_days_min',
)
export class DeliveryZone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** ISO 3166-1 alpha-2, upper case; null: any country. */
  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  /** States (as written in addresses) the zone covers; empty: any state. */
  @Column({ type: 'varchar', length: 100, array: true, default: () => "'{}'" })
  states: string[];

  @MoneyColumn()
  fee: number;

  @MoneyColumn({ nullable: true })
  freeOver: number | null;

  @Column({ type: 'int', nullable: true })
  estimatedDaysMin: number | null;

  @Column({ type: 'int', nullable: true })
  estimatedDaysMax: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Display order in the storefront's list (ascending, then name). */
  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
