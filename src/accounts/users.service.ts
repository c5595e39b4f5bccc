import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuthUser } from './auth-user';
import { User } from './entities/user.entity';
import { isUniqueViolation } from '../common/errors/pg-errors';
import { slugify, withRandomSuffix } from '../common/slugify';
import { Role } from './role';
import { query } from '../common/raw-rows';
import { prepared } from '../database/prepared-statement-cache';

/** A profile slug from a display name ("Zoë O'Brien" -> "zoe-obrien"; "user" when nothing usable is left). */
export function profileSlug(name: string): string {
  return slugify(name, 60) || 'user';
}

/**
 * The plain slug first, then with a random suffix. Random rather than "-2", "-3": counting would
 * need a read before the insert, which races; the unique index decides and the caller retries.
 */
function profileSlugCandidate(base: string, attempt: number): string {
  return attempt === 0 ? base : withRandomSuffix(base, 60);
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
}

export type UserChanges = Partial<Pick<User, 'name' | 'email' | 'passwordHash' | 'active' | 'role'>>;

const SLUG_ATTEMPTS = 5;

const isSlugCollision = (err: unknown): boolean => isUniqueViolation(err, 'UQ_user_slug');

/** The user table: lookups, creation with a unique slug, updates. Emails are stored lower-cased. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The caller as the guards see it, or null when missing or deactivated. Primary-key lookup. */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    // Every authenticated request runs this: one prepared statement (parsed and planned once per connection).
    const [row] = await query<AuthUser>(
      prepared(`SELECT id, email, role FROM "user" WHERE id = $1 AND active`),
      [id],
      this.users.manager,
    );
    return row ? { id: row.id, email: row.email, role: row.role } : null;
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return (manager?.getRepository(User) ?? this.users).findOneBy({ id });
  }

  /** With the password hash (never selected otherwise). `lower(email)` hits UQ_user_email_lower. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  async passwordHashOf(id: string): Promise<string | null> {
    const row = await this.users.findOne({ where: { id }, select: { id: true, passwordHash: true } });
    return row?.passwordHash ?? null;
  }

  /** Inserts a user; a taken email is a 409 from UQ_user_email_lower (mapped by the exception filter). */
  async create(input: NewUser): Promise<User> {
    const id = await this.withUniqueSlug(input.name, async (slug) => {
      const result = await this.users.insert({ ...input, slug });
      return result.identifiers[0].id as string;
    });
    return (await this.findById(id))!;
  }

  /**
   * Creates the user unless the email exists (boot-time admin, demo seed). Safe when several
   * instances boot at once: `ON CONFLICT DO NOTHING` lets exactly one insert win, and an
   * existing account is returned untouched (never re-roled or re-passworded).
   */
  async ensure(input: NewUser): Promise<{ user: User; created: boolean }> {
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const slug = profileSlugCandidate(profileSlug(input.name), attempt);
      const result = await this.users
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({ ...input, slug })
        .orIgnore()
        .execute();
      const id = result.identifiers[0]?.id as string | undefined;
      if (id) return { user: (await this.findById(id))!, created: true };
      // Nothing inserted: either the email exists (done) or the slug was taken (try another).
      const existing = await this.findForLogin(input.email);
      if (existing) return { user: existing, created: false };
    }
    throw new Error(`could not find a free slug for ${input.name}`);
  }

  /**
   * Applies the defined fields of `changes`; a new name moves the slug along. Unique violations
   * surface as 409s. A name change retries on slug collisions, which needs autocommit: do not
   * pass a `manager` together with a name.
   */
  async update(id: string, changes: UserChanges, manager?: EntityManager): Promise<void> {
    const repo = manager?.getRepository(User) ?? this.users;
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, v]) => v !== undefined),
    ) as UserChanges;
    if (defined.name === undefined) {
      if (Object.keys(defined).length) await repo.update({ id }, defined);
      return;
    }
    await this.withUniqueSlug(defined.name, (slug) => repo.update({ id }, { ...defined, slug }));
  }

  /** Sets the avatar key and returns the previous one, atomically (two uploads racing each delete only their predecessor). */
  async swapAvatarKey(id: string, key: string): Promise<string | null | undefined> {
    // TypeORM answers an UPDATE with [rows, affectedCount].
    const [rows]: [Array<{ avatar_key: string | null }>, number] = await this.users.query(
      `UPDATE "user" u SET avatar_key = $2, updated_at = now()
         FROM (SELECT id, avatar_key FROM "user" WHERE id = $1 FOR UPDATE) old
        WHERE u.id = old.id
      RETURNING old.avatar_key`,
      [id, key],
    );
    return rows.length ? rows[0].avatar_key : undefined;
  }

  /** The unique index decides; on a slug collision retry with a suffixed slug (no read-then-write race). */
  private async withUniqueSlug<T>(name: string, write: (slug: string) => Promise<T>): Promise<T> {
    const base = profileSlug(name);
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(profileSlugCandidate(base, attempt));
      } catch (err) {
        if (!isSlugCollision(err) || attempt + 1 >= SLUG_ATTEMPTS) throw err;
      }
    }
  }
}
