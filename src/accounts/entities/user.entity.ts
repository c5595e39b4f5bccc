import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { registerConstraintMessage } from '../../common/errors/constraint-messages';
import { Role } from '../role';

registerConstraintMessage('UQ_user_email_lower', 'EMAIL_TAKEN', 'An account with this email already exists');
registerConstraintMessage('UQ_user_slug', 'SLUG_TAKEN', 'This profile slug is already taken');

@Entity('user')
// Emails are unique whatever their case; lookups use lower(email) and hit this index.
@Index('UQ_user_email_lower', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('UQ_user_slug', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  slug: string;

  /** Storage key of the avatar image, if any. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  avatarKey: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.Customer })
  role: Role;

  @Column({ default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 200, select: false })
  passwordHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
