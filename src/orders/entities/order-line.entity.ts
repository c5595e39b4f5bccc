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
import { User } from '../../accounts/entities/user.entity';
import { MoneyColumn } from '../../common/money-column';
import { Customizations } from '../../store/customization-option';
import { Product } from '../../store/entities/product.entity';
import { ProductVariant } from '../../store/entities/product-variant.entity';
import { Order } from './order.entity';

/**
 * A line of an order with everything snapshotted at checkout (name, options, SKU, prices,
 * customisations, seller): later catalog edits never change what was bought.
 */
@Entity('order_line')
@Check('CHK_order_line_amounts', 'quantity > 0 AND unit_price >= 0 AND line_total = unit_price * quantity')
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_order_line_order')
  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Relation<Order>;

  // RESTRICT: a product with orders is archived, never deleted.
  @Index('IDX_order_line_product')
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  /** Null once the variant is deleted; the snapshot below still says what it was. */
  @Index('IDX_order_line_variant')
  @Column({ type: 'uuid', nullable: true })
  variantId: string | null;

  @ManyToOne(() => ProductVariant, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'variant_id' })
  variant?: Relation<ProductVariant>;

  /** Sellers see (and ship) their own lines: filtered by this. */
  @Index('IDX_order_line_seller')
  @Column({ type: 'uuid' })
  sellerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seller_id' })
  seller?: Relation<User>;

  @Column({ type: 'varchar', length: 200 })
  productName: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  variantOptions: Record<string, string>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  customizations: Customizations;

  @Column({ type: 'int' })
  quantity: number;

  /** Price before the discount (variant override or product price). */
  @MoneyColumn()
  listPrice: number;

  @Column({ type: 'smallint', default: 0 })
  discountPercent: number;

  /** What one unit cost: effectivePrice() at checkout. */
  @MoneyColumn()
  unitPrice: number;

  @MoneyColumn()
  lineTotal: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** 1-based place in the order (the cart's order of lines). */
  @Column({ type: 'smallint' })
  position: number;
}
