import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { AuthUser } from './auth-user';
import { UpdateMeDto } from './dto/update-me.dto';
import { User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { LoginLimiter } from './rate-limit/login-limiter';
import { TokensService } from './tokens.service';
import { UserChanges, UsersService } from './users.service';

/** The caller's own profile: GET/PATCH /me. */
@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
    private readonly tokens: TokensService,
  ) {}

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /**
   * Email and password changes need the current password: a stolen access token alone must not
   * be enough to take the account over. That check counts against the same limit as logins
   * (per account and client IP). A new email that is taken is a 409 from the unique index. A new password ends
   * every session (refresh tokens); the caller logs in again when its access token expires.
   */
  async update(caller: AuthUser, dto: UpdateMeDto, clientIp?: string): Promise<User> {
    if (dto.email !== undefined || dto.password !== undefined)
      await this.checkCurrentPassword(caller, dto.currentPassword ?? '', clientIp);
    const changes: UserChanges = { name: dto.name, email: dto.email };
    if (dto.password !== undefined) changes.passwordHash = await this.hasher.hash(dto.password);
    await this.users.update(caller.id, changes);
    if (dto.password !== undefined) await this.tokens.revokeAllForUser(caller.id);
    return this.get(caller.id);
  }

  private async checkCurrentPassword(caller: AuthUser, password: string, clientIp?: string): Promise<void> {
    const hash = (await this.users.passwordHashOf(caller.id)) ?? '';
    const ok = await this.limiter.check(caller.email, clientIp, () => this.hasher.verify(hash, password));
    if (!ok) {
      throw new DomainError(403, 'INVALID_CURRENT_PASSWORD', 'Current password is incorrect', {
        fields: [{ field: 'currentPassword', messages: ['Current password is incorrect'] }],
      });
    }
  }
}
