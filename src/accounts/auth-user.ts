import { Role } from './role';

/** Who is calling: put on the request by the JWT guard, read with @CurrentUser(). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}
