import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { OrderStatus } from '../order-state';
import { Order } from './order.entity';

/** Who made a transition: a user (with the role they acted in), the system (expiry) or a payment provider. */
export type ActorKind = 'customer' | 'seller' | 'staff' | 'admin' | 'system' | 'provider';

/** The order's history: one row per transition (and one for creation), with time and actor. */
@Entity('order_event')
@Index('IDX_order_event_order', ['orderId', 'createdAt'])
export class OrderEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Relation<Order>;

  /** Null for the creation event. */
  @Column({ type: 'enum', enum: OrderStatus, enumName: 'order_status', nullable: true })
  fromStatus: OrderStatus | null;

  @Column({ type: 'enum', enum: OrderStatus, enumName: 'order_status' })
  toStatus: OrderStatus;

  @Column({ type: 'varchar', length: 16 })
  actorKind: ActorKind;

  /** The acting user; null for the system and providers. No FK: history outlives accounts. */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
