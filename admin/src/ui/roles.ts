import type { Role } from '../api/types';

export const isStaffRole = (role: unknown): boolean => role === 'staff' || role === 'admin';
export const ROLE_CHOICES: { id: Role; name: string }[] = [
  { id: 'customer', name: 'Customer' },
  { id: 'seller', name: 'Seller' },
  { id: 'staff', name: 'Staff' },
  { id: 'admin', name: 'Admin' },
];
