import { randomBytes } from 'node:crypto';

const MAX_BASE_LENGTH = 60;

/** A URL-safe profile slug from a display name: "Zoë O'Brien" -> "zoe-o-brien" ("user" when nothing is left). */
export function slugFromName(name: string): string {
  const slug = name
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/-+$/, '');
  return slug || 'user';
}

/**
 * The slug to try on attempt `n` (0-based): the plain slug first, then with a random suffix.
 * Random rather than "-2", "-3": counting would need a read before the insert, which races;
 * the unique index decides and the caller retries on a collision.
 */
export function slugCandidate(base: string, attempt: number, random: () => string = () => randomBytes(3).toString('hex')): string {
  return attempt === 0 ? base : `${base}-${random()}`;
}
