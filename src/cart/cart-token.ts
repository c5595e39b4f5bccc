import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Guest cart tokens: 128 random bits plus an HMAC of them under the server secret,
 * `<random>.<mac>` in base64url. The server only accepts tokens it minted, so a client cannot
 * choose a guessable one, and a cart row can be created lazily on the first write (no row per
 * anonymous page view). Only `hashCartToken(token)` is stored: a database leak reveals no
 * usable token.
 */
const MAC_BYTES = 16;

function mac(secret: string, random: string): Buffer {
  return createHmac('sha256', secret).update(`cart:${random}`).digest().subarray(0, MAC_BYTES);
}

export function mintCartToken(secret: string): string {
  const random = randomBytes(16).toString('base64url');
  return `${random}.${mac(secret, random).toString('base64url')}`;
}

export function isValidCartToken(secret: string, token: string | undefined | null): token is string {
  if (!token || token.length > 100) return false;
  const [random, signature, extra] = token.split('.');
  if (!random || !signature || extra !== undefined) return false;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, random);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function hashCartToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
