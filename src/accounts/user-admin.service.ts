import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-error';
import { offsetOf, Page, toPage } from '../common/pagination';
import { parseSort } from '../common/sort';
import { AuthUser } from './auth-user';
import { ListUsersQueryDto, USER_SORT_KEYS } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { User } from './entities/user.entity';
import { Role } from './role';
import { TokensService } from './tokens.service';
import { UserActivationHooks } from './user-activation-hooks';
import { UserView } from './user.mapper';
import { assertMayChangeUser } from './user-policy';
import { UsersService } from './users.service';

const SORT_SQL: Record<(typeof USER_SORT_KEYS)[number], string> = {
  createdAt: 'created_at',
  email: 'lower(email)',
  name: 'lower(name)',
  role: 'role',
};

interface UserRow {
  id: string;
  email: string;
  name: string;
  slug: string;
  role: Role;
  avatar_key: string | null;
  active: boolean;
  created_at: Date;
  total: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** Staff user management: search, view, (de)activate, change roles. */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly activationHooks: UserActivationHooks,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One query: the page and the total (window count); a second only when the page is past the end. */
  async list(query: ListUsersQueryDto): Promise<Page<UserView>> {
    const sort = parseSort(query.sort, USER_SORT_KEYS, '-createdAt');
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.q) {
      params.push(`%${escapeLike(query.q)}%`);
      where.push(`(email ILIKE $${params.length} OR name ILIKE $${params.length})`);
    }
    if (query.role) {
      params.push(query.role);
      where.push(`role = $${params.length}`);
    }
    if (query.active !== undefined) {
      params.push(query.active);
      where.push(`active = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Keys come from the allow-list map, never from the request text; id makes the order total.
    const orderBy = [...sort.map((s) => `${SORT_SQL[s.key]} ${s.direction}`), 'id ASC'].join(', ');
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT id, email, name, slug, role, avatar_key, active, created_at, count(*) OVER () AS total
         FROM "user" ${filter}
        ORDER BY ${orderBy}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.perPage, offsetOf(query)],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && query.page > 1) {
      const [{ count }] = await this.dataSource.query<{ count: string }[]>(
        `SELECT count(*) AS count FROM "user" ${filter}`,
        params,
      );
      total = Number(count);
    }
    const data = rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      slug: r.slug,
      role: r.role,
      avatarKey: r.avatar_key,
      active: r.active,
      createdAt: r.created_at,
    }));
    return toPage(data, total, query);
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /**
   * The target row is locked so two staff members' changes apply one after the other against
   * fresh state. Deactivation also revokes every refresh token; access tokens already fail
   * because the JWT strategy checks `active` on each request. A change of `active` runs the
   * UserActivationHooks in the same transaction (reviews hide or show the user's reviews).
   */
  async update(actor: AuthUser, id: string, change: UpdateUserDto): Promise<User> {
    await this.dataSource.transaction(async (manager) => {
      const target = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new NotFoundError('User');
      assertMayChangeUser(actor, target, change);
      await this.users.update(id, { active: change.active, role: change.role }, manager);
      if (change.active === false && target.active) await this.tokens.revokeAllForUser(id, manager);
      if (change.active !== undefined && change.active !== target.active)
        await this.activationHooks.run({ userId: id, active: change.active }, manager);
    });
    return this.get(id);
  }
}
