import { Role } from '../role';

/** The account a token pair belongs to. */
export class AuthUserDto {
  /** @example "9b2f6c1e-3c1a-4f7e-9a51-0c4f3e2b7d10" */
  id: string;
  /** @example "ada@example.com" */
  email: string;
  /** @example "Ada Lovelace" */
  name: string;
  role: Role;
}
