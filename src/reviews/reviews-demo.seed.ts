import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../accounts/role';
import { query } from '../common/raw-rows';
import { CommentsService } from './comments.service';
import { ReviewsService } from './reviews.service';

const REVIEWS = [
  { rating: 5, comment: 'Exactly as described and it arrived quickly. Would buy again.' },
  { rating: 4, comment: 'Good quality for the price; the colour is a little darker than the photos.' },
  { rating: 3, comment: 'Does the job, nothing special.' },
];
const QUESTIONS = [
  'Is this dishwasher safe?',
  'Do you ship to Abuja, and how long does it take?',
  'Is there a bigger size coming?',
];

/**
 * The reviews step of the demo seed (after the orders, so the first reviews come out as verified
 * purchases): the demo customer reviews a few demo products, the seller answers one review, and
 * the customer's questions wait in the moderation queue (pending) for the admin app. Through the
 * real services, so ratings and histograms are maintained as in production. Skipped when the
 * customer has reviewed anything already.
 */
@Injectable()
export class ReviewsDemoSeed {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewsService,
    private readonly comments: CommentsService,
  ) {}

  async run(
    seller: { id: string; email: string },
    customer: { id: string; email: string },
  ): Promise<{ reviews: number; comments: number }> {
    const [{ has }] = await query<{ has: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM review WHERE author_id = $1) AS has`,
      [customer.id],
      this.dataSource,
    );
    if (has) return { reviews: 0, comments: 0 };
    // The customer's ordered products first (verified), then the rest of the seller's catalog.
    const products = await query<{ id: string }>(
      `SELECT p.id FROM product p
        WHERE p.seller_id = $1 AND p.active AND NOT p.archived
        ORDER BY EXISTS (SELECT 1 FROM order_line ol JOIN "order" o ON o.id = ol.order_id
                          WHERE ol.product_id = p.id AND o.user_id = $2) DESC, p.created_at, p.id
        LIMIT 6`,
      [seller.id, customer.id],
      this.dataSource,
    );
    const shopper = { id: customer.id, email: customer.email, role: Role.Customer };
    const owner = { id: seller.id, email: seller.email, role: Role.Seller };
    let reviews = 0;
    for (const [i, review] of REVIEWS.entries()) {
      if (!products[i]) break;
      const created = await this.reviews.create(products[i].id, review, shopper);
      if (i === 0) await this.reviews.reply(created.id, 'Thank you! Glad it arrived safely.', owner);
      reviews += 1;
    }
    let comments = 0;
    for (const [i, body] of QUESTIONS.entries()) {
      const product = products[products.length - 1 - i];
      if (!product) break;
      await this.comments.create(product.id, { body }, shopper);
      comments += 1;
    }
    return { reviews, comments };
  }
}
