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
import { Product } from '../../store/entities/product.entity';

export enum CommentStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
}

/**
 * A question or remark on a product (the DRF shop's moderated comment). New ones are `pending`;
 * staff approve or reject them, recording who and when. `parent_id` makes a one-level reply.
 * The public sees approved comments of active authors only.
 */
@Entity('comment')
@Index('IDX_comment_queue', ['status', 'createdAt', 'id'])
@Index('IDX_comment_public', { synchronize: false })
@Check('CHK_comment_body', 'char_length(body) BETWEEN 1 AND 2000')
export class Comment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Relation<Product>;

  @Index('IDX_comment_author')
  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<User>;

  @Index('IDX_comment_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Comment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Comment>;

  /** Stored exactly as sent; the API never renders it as HTML. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'enum', enum: CommentStatus, enumName: 'comment_status', default: CommentStatus.Pending })
  status: CommentStatus;

  @Column({ type: 'uuid', nullable: true })
  moderatedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'moderated_by' })
  moderator?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  moderatedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  moderationReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
