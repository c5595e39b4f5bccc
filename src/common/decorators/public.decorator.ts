import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'bazaar:isPublic';

/** Opts a route (or controller) out of the default "authenticated" rule. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
