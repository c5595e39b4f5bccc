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
import { Customizations } from '../../store/customization-option';
import { Product } from '../../store/entities/product.entity';
import { ProductVariant } from '../../store/entities/product-variant.entity';
import { Cart } from './cart.entity';

/**
 * One line of a cart: a variant with canonical customisations. The same variant with equal
 * customisations is one line (jsonb equality ignores key order), so the unique index below is
 * the backstop for "adds to the existing line".
 */
@Entity('cart_item')
@Index('UQ_cart_item_line', ['cartId', 'variantId', 'customizations'], { unique: true })
@Check('CHK_cart_item_quantity', 'quantity > 0')
export class CartItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  cartId: string;

  @ManyToOne(() => Cart, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cart_id' })
  cart?: Relation<Cart>;

  @Index('IDX_cart_item_product')
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Index('IDX_cart_item_variant')
  @Column({ type: 'uuid' })
  variantId: string;

  @ManyToOne(() => ProductVariant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'variant_id' })
  variant?: Relation<ProductVariant>;

  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  customizations: Customizations;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
