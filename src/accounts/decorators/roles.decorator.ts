import { SetMetadata } from '@nestjs/common';
import type { Role } from '../role';

export const ROLES = 'bazaar:roles';

/** Restricts a route to these roles (on top of authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
