import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { User } from '../../accounts/entities/user.entity';
import { Review } from './review.entity';

/** One user's "helpful" vote on one review; the primary key makes voting once idempotent. */
@Entity('review_helpful_vote')
export class ReviewHelpfulVote {
  @PrimaryColumn({ type: 'uuid' })
  reviewId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: Relation<Review>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
