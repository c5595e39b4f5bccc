import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from './auth-user';
import { User } from './entities/user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The caller as the guards see it, or null when missing or deactivated. Primary-key lookup. */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    const row = await this.users.findOne({ where: { id, active: true }, select: { id: true, email: true, role: true } });
    return row ? { id: row.id, email: row.email, role: row.role } : null;
  }
}
