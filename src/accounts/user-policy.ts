import { ConflictError, ForbiddenError } from '../common/errors/domain-error';
import { Role, isStaff } from './role';

export interface UserChange {
  active?: boolean;
  role?: Role;
}

/**
 * Who may change whom (SPEC: "staff can (de)activate customers and sellers; only admins change
 * roles or touch staff/admins"). Nobody deactivates or re-roles themselves, which also means
 * the last admin can never lock the shop out. Throws; returns nothing when allowed.
 */
export function assertMayChangeUser(
  actor: { id: string; role: Role },
  target: { id: string; role: Role },
  change: UserChange,
): void {
  const changesRole = change.role !== undefined && change.role !== target.role;
  if (!isStaff(actor.role)) throw new ForbiddenError('Only staff can manage users');
  if (actor.role !== Role.Admin) {
    if (changesRole) throw new ForbiddenError('Only admins can change roles');
    if (isStaff(target.role)) throw new ForbiddenError('Only admins can manage staff and admin accounts');
  }
  if (actor.id === target.id) {
    if (change.active === false)
      throw new ConflictError('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account');
    if (changesRole) throw new ConflictError('CANNOT_CHANGE_OWN_ROLE', 'You cannot change your own role');
  }
}
