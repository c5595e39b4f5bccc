import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { MoneyColumn } from '../../common/money-column';
import { Order } from '../../orders/entities/order.entity';

export enum PaymentStatus {
  /** Session opened (or being opened); waiting for the provider. */
  Pending = 'pending',
  Succeeded = 'succeeded',
  Failed = 'failed',
  /** The order was cancelled or expired before the provider confirmed anything. */
  Cancelled = 'cancelled',
  Refunded = 'refunded',
}

/**
 * One attempt to pay an order through a provider. Written `pending` inside the checkout
 * transaction, before any provider call; the provider's answer (session id, redirect URL) is
 * recorded after commit, and its verdict arrives as a verified event (webhook or fake endpoint).
 */
@Entity('payment')
@Check('CHK_payment_amount', 'amount >= 0')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_payment_order')
  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'order_id' })
  order?: Relation<Order>;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  /** Our reference, sent to the provider (Paystack `reference`, Stripe `client_reference_id`). */
  @Index('UQ_payment_reference', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  reference: string;

  /** The provider's own id for the session/transaction (e.g. Stripe `cs_...`), once known. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  providerRef: string | null;

  @Column({ type: 'enum', enum: PaymentStatus, enumName: 'payment_status', default: PaymentStatus.Pending })
  status: PaymentStatus;

  @MoneyColumn()
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text', nullable: true })
  redirectUrl: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
