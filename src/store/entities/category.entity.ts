import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, Relation } from 'typeorm';
import { registerConstraintMessage } from '../../common/errors/constraint-messages';

registerConstraintMessage('UQ_category_slug', 'SLUG_TAKEN', 'A category with this slug already exists');

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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
