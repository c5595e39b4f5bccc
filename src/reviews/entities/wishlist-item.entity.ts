import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Product } from '../../store/entities/product.entity';

/** A product on a user's wishlist; the primary key keeps adding twice to one row. */
@Entity('wishlist_item')
@Index('IDX_wishlist_item_user_created', ['userId', 'createdAt'])
export class WishlistItem {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Index('IDX_wishlist_item_product')
  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
