import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  Relation,
} from 'typeorm';
import { registerConstraintMessage } from '../../common/errors/constraint-messages';

registerConstraintMessage('UQ_category_slug', 'SLUG_TAKEN', 'A category with this slug already exists');
/** FK category.parent_id -> category.id (name from the initial migration). */
export const CATEGORY_PARENT_FK = 'FK_1117b4fcb3cd4abb4383e1c2743';
// Creating/moving under a parent that does not exist (deleting a parent is caught by CategoriesService).
registerConstraintMessage(CATEGORY_PARENT_FK, 'PARENT_NOT_FOUND', 'The parent category does not exist', 400);

/** A node of the category tree; `parentId` null for top-level categories. */
@Entity('category')
export class Category {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('UQ_category_slug', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  slug: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Index('IDX_category_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  // RESTRICT: a category with children cannot be deleted (the service answers 409 first).
  @ManyToOne(() => Category, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Category> | null;

  @Column({ type: 'int', default: 0 })
  position: number;

  /**
   * The path from the root to this category, root first, `[{id, name, slug}]`: what a product page
   * shows as its breadcrumb, read with one lookup instead of a recursive query per product read.
   * Written only by the `category_breadcrumb` trigger (migration CategoryBreadcrumb), which
   * rewrites a category's subtree when its name, slug or parent changes; never by the app.
   */
  @Column({ type: 'jsonb', default: () => `'[]'`, select: false })
  breadcrumb: { id: string; name: string; slug: string }[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
