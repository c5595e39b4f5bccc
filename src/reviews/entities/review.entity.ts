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
import { registerConstraintMessage } from '../../common/errors/constraint-messages';
import { Product } from '../../store/entities/product.entity';

export const REVIEW_AUTHOR_PRODUCT_UNIQUE = 'UQ_review_author_product';
registerConstraintMessage(
  REVIEW_AUTHOR_PRODUCT_UNIQUE,
  'REVIEW_EXISTS',
  'You have already reviewed this product',
);

/**
 * One review per author and product (the unique index decides, 409 REVIEW_EXISTS). A review counts
 * in the product's rating and shows to the public only while `NOT hidden AND author_active`:
 * `hidden` is the staff's moderation, `author_active` mirrors the author's account (kept by the
 * UserActivationHooks registration in ReviewsModule), so a deactivated author's reviews leave
 * the public and the rating without being lost. The partial indexes (migration Reviews) serve the
 * public list of one product in each of its sorts.
 */
@Entity('review')
@Index(REVIEW_AUTHOR_PRODUCT_UNIQUE, ['authorId', 'productId'], { unique: true })
@Index('IDX_review_public_created', { synchronize: false })
@Index('IDX_review_public_rating', { synchronize: false })
@Index('IDX_review_public_helpful', { synchronize: false })
@Check('CHK_review_rating', 'rating BETWEEN 1 AND 5')
@Check('CHK_review_text', 'char_length(comment) <= 2000 AND char_length(reply_body) <= 2000')
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_review_product')
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @Column({ type: 'smallint' })
  rating: number;

  /** Stored exactly as sent; the API never renders it as HTML. */
  @Column({ type: 'text', default: '' })
  comment: string;

  /** Computed when the review is written (created or edited) and kept. */
  @Column({ default: false })
  verifiedPurchase: boolean;

  @Column({ type: 'int', default: 0 })
  helpfulCount: number;

  @Column({ default: false })
  hidden: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  hiddenReason: string | null;

  /** Staff member who last hid or unhid it, and when. */
  @Column({ type: 'uuid', nullable: true })
  moderatedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'moderated_by' })
  moderator?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  moderatedAt: Date | null;

  @Column({ default: true })
  authorActive: boolean;

  /** The product seller's one reply (editable). */
  @Column({ type: 'text', nullable: true })
  replyBody: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  replyCreatedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  replyUpdatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
