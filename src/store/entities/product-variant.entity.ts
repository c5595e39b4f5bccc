import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import { registerConstraintMessage } from '../../common/errors/constraint-messages';
import { MoneyColumn } from '../../common/money-column';
import { Product } from './product.entity';

registerConstraintMessage('UQ_variant_sku', 'SKU_TAKEN', 'A variant with this SKU already exists');
registerConstraintMessage(
  'UQ_variant_product_options',
  'VARIANT_EXISTS',
  'This product already has a variant with these options',
);
registerConstraintMessage('CHK_variant_stock', 'INSUFFICIENT_STOCK', 'Stock cannot go below zero');

/**
 * A purchasable variant: holds the stock. `options` like {"size":"L","colour":"red"};
 * the default variant of a simple product has `{}`.
 */
@Entity('product_variant')
@Index('UQ_variant_product_options', ['productId', 'options'], { unique: true })
// Partial (product_id) WHERE stock > 0: the `inStock` listing filter is an index probe per product.
@Index('IDX_variant_in_stock', { synchronize: false })
// The last line of defence for "stock never below zero", whatever the code above it does.
@Check('CHK_variant_stock', 'stock >= 0')
export class ProductVariant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, (p) => p.variants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  options: Record<string, string>;

  @Index('UQ_variant_sku', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  sku: string;

  /** Overrides the product's base price when set (before the product discount). */
  @MoneyColumn({ nullable: true })
  priceOverride: number | null;

  @Column({ type: 'int', default: 0 })
  stock: number;

  @Column({ type: 'int', default: 0 })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
