import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnauthorizedError } from '../common/errors/domain-error';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { LoginLimiter } from './rate-limit/login-limiter';
import { Role } from './role';
import { AuthContext, SignInHooks } from './sign-in-hooks';
import { RotationFailure, TokenPair, TokensService } from './tokens.service';
import { UsersService } from './users.service';

/** The one message for an unknown email and a wrong password, so neither reveals which it was. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

export interface AuthResult {
  user: User;
  tokens: TokenPair;
}

const REFUSALS: Record<RotationFailure | 'inactive', [code: string, message: string]> = {
  invalid: ['INVALID_REFRESH_TOKEN', 'Refresh token is invalid'],
  expired: ['REFRESH_TOKEN_EXPIRED', 'Refresh token has expired; log in again'],
  revoked: ['REFRESH_TOKEN_REVOKED', 'Refresh token has been revoked; log in again'],
  reused: [
    'REFRESH_TOKEN_REUSED',
    'Refresh token was already used; the session has been revoked, log in again',
  ],
  inactive: ['ACCOUNT_INACTIVE', 'This account is deactivated'],
};

function refusal(reason: keyof typeof REFUSALS): UnauthorizedError {
  const [code, message] = REFUSALS[reason];
  return new UnauthorizedError(message, code);
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly limiter: LoginLimiter,
    private readonly signInHooks: SignInHooks,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new customer, logged in. The role never comes from the request. A taken email is a 409 from the unique index. */
  async register(dto: RegisterDto, context: AuthContext = {}): Promise<AuthResult> {
    const passwordHash = await this.hasher.hash(dto.password);
    const user = await this.users.create({
      email: dto.email,
      name: dto.name,
      passwordHash,
      role: Role.Customer,
    });
    const tokens = await this.tokens.issue(user);
    await this.signInHooks.run(user.id, context);
    return { user, tokens };
  }

  /**
   * Same work whether or not the email exists (a dummy argon2 verification), so the body and the
   * timing of a 401 do not tell an unknown email from a wrong password. Every check goes through
   * the login limit first (per account and client IP, see rate-limit/login-policy.ts).
   */
  async login(dto: LoginDto, clientIp: string | undefined, context: AuthContext = {}): Promise<AuthResult> {
    const user = await this.users.findForLogin(dto.email);
    const ok = await this.limiter.check(dto.email, clientIp, () =>
      user ? this.hasher.verify(user.passwordHash, dto.password) : this.hasher.verifyDummy(dto.password),
    );
    if (!ok || !user) throw new UnauthorizedError(INVALID_CREDENTIALS, 'INVALID_CREDENTIALS');
    // Only told after a correct password, so it reveals nothing to someone guessing.
    if (!user.active) throw refusal('inactive');
    const tokens = await this.tokens.issue(user);
    await this.signInHooks.run(user.id, context);
    return { user, tokens };
  }

  /**
   * Exchanges a refresh token for a new pair in the same session. The refusal paths still commit
   * (a reused token's family is revoked), so errors are returned from the transaction, thrown after.
   */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const claim = await this.tokens.claim(refreshToken, manager);
      if (!claim.ok) return claim;
      const user = await this.users.findById(claim.userId, manager);
      if (!user?.active) {
        await this.tokens.revokeFamily(claim.familyId, manager);
        return { ok: false as const, reason: 'inactive' as const };
      }
      const rotation = { familyId: claim.familyId, replaces: claim.tokenId };
      return {
        ok: true as const,
        result: { user, tokens: await this.tokens.issue(user, rotation, manager) },
      };
    });
    if (!outcome.ok) throw refusal(outcome.reason);
    return outcome.result;
  }

  /** Ends the session of this refresh token (its whole family). Idempotent. */
  logout(refreshToken: string): Promise<void> {
    return this.tokens.revokeSessionOf(refreshToken);
  }
}
