import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { MoneyColumn } from '../../common/money-column';
import { OrderLine } from '../../orders/entities/order-line.entity';
import { Refund } from './refund.entity';

/**
 * Which units of which order line a refund gives back, and for how much (minor units): the
 * per-seller share of a refund, and the units that can no longer be refunded again.
 */
@Entity('refund_line')
@Check('CHK_refund_line_amounts', 'quantity > 0 AND amount >= 0')
@Index('UQ_refund_line_refund_line', ['refundId', 'orderLineId'], { unique: true })
export class RefundLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  refundId: string;

  @ManyToOne(() => Refund, (refund) => refund.lines, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'refund_id' })
  refund?: Relation<Refund>;

  @Index('IDX_refund_line_order_line')
  @Column({ type: 'uuid' })
  orderLineId: string;

  @ManyToOne(() => OrderLine, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_line_id' })
  orderLine?: Relation<OrderLine>;

  @Column({ type: 'integer' })
  quantity: number;

  @MoneyColumn()
  amount: number;
}
