import { FileStorage } from '../storage/file-storage';
import { AuthUserDto } from './dto/auth-user.dto';
import { UserDto } from './dto/user.dto';
import { User } from './entities/user.entity';

export type UserView = Pick<
  User,
  'id' | 'email' | 'name' | 'slug' | 'role' | 'avatarKey' | 'active' | 'createdAt'
>;

/** Entity -> response: explicit fields only, so no hash or internal column can leak. */
export function toUserDto(user: UserView, storage: FileStorage): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    slug: user.slug,
    role: user.role,
    avatarUrl: user.avatarKey ? storage.url(user.avatarKey) : null,
    active: user.active,
    createdAt: user.createdAt,
  };
}

export function toAuthUserDto(user: Pick<User, 'id' | 'email' | 'name' | 'role'>): AuthUserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
