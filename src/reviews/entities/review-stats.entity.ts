import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Relation } from 'typeorm';
import { Product } from '../../store/entities/product.entity';

/**
 * The rating histogram of a product's publicly visible reviews: the number of 1- to 5-star
 * reviews. It is the exact source of `product.rating_avg` and `product.rating_count` (the sum of
 * the ratings is Σ k·count_k, so no rounded average is ever accumulated), changed only by adding a
 * delta in one upsert that also rewrites those two product columns (rating-stats.ts).
 */
@Entity('review_stats')
@Check(
  'CHK_review_stats_counts',
  'count_1 >= 0 AND count_2 >= 0 AND count_3 >= 0 AND count_4 >= 0 AND count_5 >= 0',
)
export class ReviewStats {
  @PrimaryColumn({ type: 'uuid' })
  productId: string;

  @OneToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Column({ name: 'count_1', type: 'int', default: 0 })
  count1: number;

  @Column({ name: 'count_2', type: 'int', default: 0 })
  count2: number;

  @Column({ name: 'count_3', type: 'int', default: 0 })
  count3: number;

  @Column({ name: 'count_4', type: 'int', default: 0 })
  count4: number;

  @Column({ name: 'count_5', type: 'int', default: 0 })
  count5: number;
}
