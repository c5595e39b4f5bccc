import {
  Check,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
  Column,
} from 'typeorm';
import { User } from '../../accounts/entities/user.entity';

/**
 * A shopping cart: a user's (one per user, unique `user_id`) or a guest's (found by the hash of
 * the `X-Cart-Token` the API issued). Exactly one of the two owners is set.
 */
@Entity('cart')
@Check('CHK_cart_owner', '(user_id IS NULL) <> (token_hash IS NULL)')
// The purge job deletes guest carts by age: a small partial index over guest carts only.
@Index('IDX_cart_guest_updated', ['updatedAt'], { where: 'user_id IS NULL' })
export class Cart {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // One active cart per user; NULLs (guest carts) do not collide in a unique index.
  @Index('UQ_cart_user', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  /** sha256 (hex) of the guest token; the token itself is never stored. */
  @Index('UQ_cart_token_hash', { unique: true })
  @Column({ type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Touched by every change to the cart; guest carts idle longer than GUEST_CART_TTL_DAYS are purged. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
