import { Role } from '../role';

/** A profile as its owner and staff see it. */
export class UserDto {
  /** @example "9b2f6c1e-3c1a-4f7e-9a51-0c4f3e2b7d10" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  /** Unique, URL-safe, derived from the name. @example "ada-lovelace" */
  slug: string;
  role: Role;
  /** 256×256 WebP, or null when none was uploaded. */
  avatarUrl: string | null;
  /** Deactivated accounts cannot log in and their tokens stop working. */
  active: boolean;
  /** When the account was created (joined date). */
  createdAt: Date;
}
