import { randomBytes } from 'node:crypto';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * URL slug from a display name: accents folded ("Crème Brûlée" -> "creme-brulee"), `&` read as
 * "and", anything else non-alphanumeric collapsed to single hyphens, trimmed to `maxLength`
 * without a trailing hyphen. Returns "" when nothing usable is left (callers fall back).
 */
export function slugify(input: string, maxLength = 100): string {
  const slug = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

/** `base` plus a short random suffix, for a generated slug that collided with an existing one. */
export function withRandomSuffix(base: string, maxLength = 100): string {
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  return `${base.slice(0, maxLength - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}
