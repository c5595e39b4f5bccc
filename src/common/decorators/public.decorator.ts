import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'bazaar:isPublic';

/** Metadata value of a public route that never looks at the Authorization header. */
export const PUBLIC_IGNORE_TOKEN = 'ignore-token';

/**
 * Opts a route (or controller) out of the default "authenticated" rule. A token sent anyway
 * must be valid, unless `ignoreToken` is set: the auth routes use it so a client holding a
 * stale or expired access token can still log in or refresh.
 */
export const Public = (options: { ignoreToken?: boolean } = {}) =>
  SetMetadata(IS_PUBLIC, options.ignoreToken ? PUBLIC_IGNORE_TOKEN : true);
