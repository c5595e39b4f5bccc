/**
 * Where the client keeps the session (access and refresh tokens) and the guest cart token.
 * The Web Storage interface: pass `localStorage` or `sessionStorage` in a browser, or anything
 * with these three methods (a cookie jar, a file, React Native's AsyncStorage behind a cache).
 */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The default: kept in memory, lost with the process or page. */
export function memoryStorage(): TokenStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

export const STORAGE_KEYS = {
  accessToken: 'bazaar.accessToken',
  refreshToken: 'bazaar.refreshToken',
  cartToken: 'bazaar.cartToken',
} as const;
