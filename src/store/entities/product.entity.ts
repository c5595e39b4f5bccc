import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { registerConstraintMessage } from '../../common/errors/constraint-messages';
import { MoneyColumn } from '../../common/money-column';
import { CustomizationOption } from '../customization-option';
import { Category } from './category.entity';
import { ProductImage } from './product-image.entity';
import { ProductVariant } from './product-variant.entity';

registerConstraintMessage('UQ_product_slug', 'SLUG_TAKEN', 'A product with this slug already exists');
registerConstraintMessage('UQ_product_seller_name', 'PRODUCT_NAME_TAKEN', 'You already have a product with this name');

@Entity('product')
@Index('UQ_product_seller_name', ['sellerId', 'name'], { unique: true })
export class Product {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sellerId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seller_id' })
  seller?: Relation<User>;

  @Index('IDX_product_category')
  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<Category>;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('UQ_product_slug', { unique: true })
  @Column({ type: 'varchar', length: 220 })
  slug: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Base price in minor units; variants may override it. */
  @MoneyColumn()
  price: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'smallint', default: 0 })
  discountPercent: number;

  /** Effective (discounted) price range over variants, kept on write for indexed filters and sorts. */
  @MoneyColumn()
  minPrice: number;

  @MoneyColumn()
  maxPrice: number;

  @Column({ default: true })
  active: boolean;

  /** Deleted while referenced by orders: hidden from shoppers, kept for history. */
  @Column({ default: false })
  archived: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  customizationOptions: CustomizationOption[];

  @Column({ type: 'numeric', precision: 3, scale: 2, default: 0, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  ratingAvg: number;

  @Column({ type: 'int', default: 0 })
  ratingCount: number;

  @Column({ type: 'int', default: 0 })
  soldCount: number;

  @OneToMany(() => ProductVariant, (v) => v.product)
  variants?: Relation<ProductVariant[]>;

  @OneToMany(() => ProductImage, (i) => i.product)
  images?: Relation<ProductImage[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
