import { ApiHideProperty } from '@nestjs/swagger';
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
import { User } from '../../accounts/entities/user.entity';
import { MoneyColumn } from '../../common/money-column';
import { OrderStatus } from '../order-state';

/** The shipping address as snapshotted on the order. */
export interface OrderAddress {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  addressLine: string;
  buildingNumber?: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

/**
 * An order: the cart turned into a priced, stock-reserving promise. `status` only changes
 * through OrdersService (checked against order-state.ts, recorded in order_event).
 */
@Entity('order')
// "My orders" and staff lists are sorted by date, optionally per status.
@Index('IDX_order_user_created', ['userId', 'createdAt'])
@Index('IDX_order_status_created', ['status', 'createdAt'])
@Index('IDX_order_created', ['createdAt'])
// A repeated Idempotency-Key of the same user finds the first order; NULL keys never collide.
@Index('UQ_order_user_idempotency_key', ['userId', 'idempotencyKey'], { unique: true })
// Staff search by email prefix: lower(email) text_pattern_ops, created by hand in the migration.
@Index('IDX_order_email_lower', { synchronize: false })
// Deleting a delivery zone asks whether any order refers to it (then it is archived instead).
@Index('IDX_order_delivery_zone', ['deliveryZoneId'], { where: '"delivery_zone_id" IS NOT NULL' })
@Check('CHK_order_amounts', 'subtotal >= 0 AND shipping_fee >= 0 AND total = subtotal + shipping_fee')
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Human-facing number, `BZ-000123`, from the `order_number_seq` sequence. */
  @Index('UQ_order_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** The buyer's account email at checkout (search and notifications). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'enum', enum: OrderStatus, enumName: 'order_status', default: OrderStatus.Pending })
  status: OrderStatus;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @MoneyColumn()
  subtotal: number;

  @MoneyColumn()
  shippingFee: number;

  @MoneyColumn()
  total: number;

  /** Sum of line quantities (lists show it without reading lines). */
  @Column({ type: 'int' })
  itemCount: number;

  // Documented through ShippingAddressDto; the plugin cannot describe an interface here.
  @ApiHideProperty()
  @Column({ type: 'jsonb' })
  shippingAddress: OrderAddress;

  /**
   * The delivery zone chosen at checkout (shipping module), snapshotted with its name; the fee is
   * `shippingFee`. No foreign key: orders sit below shipping, and a zone orders use is archived,
   * never deleted. Both null when the shop has no zones (the flat SHIPPING_FEE rule).
   */
  @Column({ type: 'uuid', nullable: true })
  deliveryZoneId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  deliveryZoneName: string | null;

  /** Payment provider chosen at checkout. */
  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
