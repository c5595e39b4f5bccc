import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { MoneyColumn } from '../../common/money-column';
import { Order } from '../../orders/entities/order.entity';
import { Payment } from './payment.entity';
import { RefundLine } from './refund-line.entity';

export enum RefundStatus {
  /** Written before the provider is called; the provider's answer moves it on. */
  Pending = 'pending',
  Succeeded = 'succeeded',
  Failed = 'failed',
}

/**
 * One refund of (part of) a captured payment. The row is inserted `pending`, under the order
 * lock, before any provider call, so concurrent refunds see each other's amounts and can never
 * exceed what was captured; the provider's answer (synchronous or by webhook) settles it.
 * Analytics counts a refund on `completed_at` (the day the money went back).
 */
@Entity('refund')
@Check('CHK_refund_amount', 'amount > 0')
@Index('IDX_refund_completed', ['completedAt'], { where: `status = 'succeeded'` })
export class Refund {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_refund_order')
  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Relation<Order>;

  @Index('IDX_refund_payment')
  @Column({ type: 'uuid' })
  paymentId: string;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: Relation<Payment>;

  @Column({ type: 'enum', enum: RefundStatus, enumName: 'refund_status', default: RefundStatus.Pending })
  status: RefundStatus;

  /** Minor units, > 0; the sum of the lines' amounts plus any amount not tied to a line. */
  @MoneyColumn()
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Whether the refunded lines' units went back to their variants. */
  @Column({ type: 'boolean', default: false })
  restock: boolean;

  /** The provider's refund id (Stripe `re_...`, Paystack refund id), once known. */
  @Index('IDX_refund_provider_ref')
  @Column({ type: 'varchar', length: 255, nullable: true })
  providerRef: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  failureReason: string | null;

  /** Staff member who asked for it; null for automatic refunds (payments for dead orders). */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: Relation<User>;

  @OneToMany(() => RefundLine, (line) => line.refund)
  lines?: Relation<RefundLine[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the provider confirmed (succeeded) or refused (failed) it. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
