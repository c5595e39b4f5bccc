import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { RefreshToken } from './entities/refresh-token.entity';
import { Role } from './role';
import { AccessTokenPayload } from './strategies/jwt.strategy';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Why a refresh token was refused; AuthService turns it into a 401. */
export type RotationFailure = 'invalid' | 'expired' | 'revoked' | 'reused';

export type Claim =
  { ok: true; tokenId: string; userId: string; familyId: string } | { ok: false; reason: RotationFailure };

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Access JWTs and rotating refresh tokens. A refresh token is 32 random bytes shown once to the
 * client; only its SHA-256 is stored. Times come from the Clock so tests can expire tokens.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * A new pair. Without `rotation` it starts a new session (family); with it, the successor of a
   * claimed token in the same family, linked from its predecessor (audit trail of the chain).
   */
  async issue(
    user: { id: string; role: Role },
    rotation?: { familyId: string; replaces: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TokenPair> {
    const payload: AccessTokenPayload = { sub: user.id, role: user.role, typ: 'access' };
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.jwt.refreshTtlDays * 86_400_000);
    const inserted = await manager.insert(RefreshToken, {
      userId: user.id,
      familyId: rotation?.familyId ?? randomUUID(),
      tokenHash: sha256(refreshToken),
      expiresAt,
    });
    if (rotation) {
      await manager.update(
        RefreshToken,
        { id: rotation.replaces },
        { replacedById: inserted.identifiers[0].id as string },
      );
    }
    return { accessToken: this.jwt.sign(payload), refreshToken, expiresIn: this.config.jwt.accessTtlSeconds };
  }

  /**
   * Marks the presented token used, if it is live. One conditional UPDATE, so of two concurrent
   * exchanges of the same token exactly one wins; the loser is treated as a reuse. A reuse
   * revokes the whole family, which also kills the token the winner (maybe a thief) received.
   * Run inside the caller's transaction, which must commit even on a refusal (the revocation).
   */
  async claim(refreshToken: string, manager: EntityManager): Promise<Claim> {
    const now = this.clock.now();
    const hash = sha256(refreshToken);
    // TypeORM answers an UPDATE with [rows, affectedCount].
    const [[claimed]]: [Array<{ id: string; user_id: string; family_id: string }>, number] =
      await manager.query(
        `UPDATE refresh_token SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
      RETURNING id, user_id, family_id`,
        [hash, now],
      );
    if (claimed)
      return { ok: true, tokenId: claimed.id, userId: claimed.user_id, familyId: claimed.family_id };

    const [row]: Array<{ family_id: string; used_at: Date | null; revoked_at: Date | null }> =
      await manager.query(`SELECT family_id, used_at, revoked_at FROM refresh_token WHERE token_hash = $1`, [
        hash,
      ]);
    if (!row) return { ok: false, reason: 'invalid' };
    if (row.used_at) {
      await this.revokeFamily(row.family_id, manager);
      return { ok: false, reason: 'reused' };
    }
    return { ok: false, reason: row.revoked_at ? 'revoked' : 'expired' };
  }

  /** Logout: ends the session the token belongs to. Unknown tokens are ignored (logout is idempotent). */
  async revokeSessionOf(refreshToken: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = $2
        WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [sha256(refreshToken), this.clock.now()],
    );
  }

  async revokeFamily(familyId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `UPDATE refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, this.clock.now()],
    );
  }

  /** Every session of the user (deactivation, password change). */
  async revokeAllForUser(userId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `UPDATE refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, this.clock.now()],
    );
  }
}
