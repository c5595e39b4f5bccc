import { addRefreshAuthToAuthProvider, type AuthProvider } from 'ra-core';
import type { Session } from './session';

/** Roles the admin serves; a customer's login is refused by the session. */
export const ADMIN_ROLES = ['seller', 'staff', 'admin'] as const;

/**
 * react-admin's AuthProvider over the Session. Every check first refreshes an expiring access
 * token (addRefreshAuthToAuthProvider); a refused refresh leaves no user, so checkAuth rejects and
 * react-admin shows the login page. Permissions are the role.
 */
export function createAuthProvider(session: Session): AuthProvider {
  const provider: AuthProvider = {
    async login({ username, email, password }: { username?: string; email?: string; password: string }) {
      await session.login(String(email ?? username ?? '').trim(), password);
    },
    async logout() {
      await session.logout();
    },
    async checkAuth() {
      if (!session.user) throw new Error('Log in to continue.');
    },
    async checkError(error: { status?: number }) {
      // A 401 that survived one refresh and retry means the session is over; a 403 is only
      // "not yours", shown as a notification.
      if (error?.status === 401) {
        await session.logout();
        throw new Error('Your session has ended; log in again.');
      }
    },
    async getPermissions() {
      return session.user?.role;
    },
    async getIdentity() {
      const user = session.user;
      if (!user) throw new Error('Not logged in');
      return { id: user.id, fullName: user.name || user.email, email: user.email, role: user.role };
    },
  };
  return addRefreshAuthToAuthProvider(provider, () => session.ensureFresh().catch(() => undefined));
}
