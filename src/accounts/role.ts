export enum Role {
  Customer = 'customer',
  Seller = 'seller',
  Staff = 'staff',
  Admin = 'admin',
}

/** Staff-level roles: see everything, manage the shop. */
export const STAFF_ROLES: readonly Role[] = [Role.Staff, Role.Admin];

export const isStaff = (role: Role): boolean => STAFF_ROLES.includes(role);
