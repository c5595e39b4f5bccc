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
import { Product } from './product.entity';

/** An uploaded image, stored in two sizes through FileStorage; ordered by `position`. */
@Entity('product_image')
@Index('IDX_product_image_product', ['productId', 'position'])
export class ProductImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, (p) => p.images, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Column({ type: 'varchar', length: 300 })
  thumbKey: string;

  @Column({ type: 'varchar', length: 300 })
  largeKey: string;

  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'varchar', length: 200, default: '' })
  alt: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
