export { createBazaarClient, ok } from './client.js';
export type { BazaarClient, BazaarClientOptions, BazaarPaths, BazaarSession, Schemas } from './client.js';
export { BazaarApiError } from './errors.js';
export type { BazaarErrorBody } from './errors.js';
export { memoryStorage, STORAGE_KEYS } from './storage.js';
export type { TokenStorage } from './storage.js';
export type { components, operations, paths } from './schema.js';
