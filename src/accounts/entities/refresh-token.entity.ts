import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { User } from './user.entity';

/**
 * One refresh token of a login session. Only the SHA-256 of the token is stored, so a database
 * leak does not leak usable tokens. Every rotation inserts a new row in the same `familyId`
 * (one family = one login); presenting a row that was already used or revoked is theft
 * detection and revokes the whole family.
 */
@Entity('refresh_token')
@Index('UQ_refresh_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_refresh_token_family', ['familyId'])
@Index('IDX_refresh_token_user', ['userId'])
@Index('IDX_refresh_token_expires', ['expiresAt'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<User>;

  @Column({ type: 'uuid' })
  familyId: string;

  /** Hex SHA-256 of the token: the token is 32 random bytes, so a plain hash is enough (no salt needed). */
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when this token was exchanged for its successor; a second exchange is a reuse. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** The token issued in exchange (audit trail of the chain; no FK, rows are pruned together). */
  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
