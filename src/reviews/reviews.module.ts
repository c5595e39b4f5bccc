import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { UserActivationHooks } from '../accounts/user-activation-hooks';
import { AuthorActivationHook } from './author-activation.hook';
import { CommentsController } from './comments.controller';
import { CommentsService } from './comments.service';
import { Comment } from './entities/comment.entity';
import { ReviewHelpfulVote } from './entities/review-helpful-vote.entity';
import { Review } from './entities/review.entity';
import { ReviewStats } from './entities/review-stats.entity';
import { WishlistItem } from './entities/wishlist-item.entity';
import { ProductCommentsController } from './product-comments.controller';
import { ProductLookup } from './product-lookup';
import { ProductReviewsController } from './product-reviews.controller';
import { RatingStats } from './rating-stats';
import { ReviewsDemoSeed } from './reviews-demo.seed';
import { ReviewsQueryService } from './reviews-query.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { WishlistController } from './wishlist.controller';
import { WishlistService } from './wishlist.service';

/**
 * Reviews (ratings, helpful votes, seller replies), moderated product comments and the wishlist
 * (SPEC §2 groups them; the wishlist lives here because it, too, is the shopper's relation to a
 * product that the catalog only reads). Reacts to account deactivation through accounts'
 * UserActivationHooks.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Review, ReviewHelpfulVote, ReviewStats, Comment, WishlistItem]),
    AccountsModule,
  ],
  controllers: [
    ProductReviewsController,
    ReviewsController,
    ProductCommentsController,
    CommentsController,
    WishlistController,
  ],
  providers: [
    ProductLookup,
    RatingStats,
    ReviewsService,
    ReviewsQueryService,
    CommentsService,
    WishlistService,
    AuthorActivationHook,
    ReviewsDemoSeed,
  ],
  exports: [ReviewsDemoSeed],
})
export class ReviewsModule implements OnModuleInit {
  constructor(
    private readonly activationHooks: UserActivationHooks,
    private readonly authorActivation: AuthorActivationHook,
  ) {}

  onModuleInit(): void {
    this.activationHooks.register('reviews:author-activation', (change, manager) =>
      this.authorActivation.run(change, manager),
    );
  }
}
