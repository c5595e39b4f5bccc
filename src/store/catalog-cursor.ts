/**
 * Opaque keyset cursors for GET /products (`nextCursor` / `prevCursor`): base64url of a small JSON
 * object holding the sort key values of the row to continue from, the direction, and a
 * fingerprint of the sort and filters it was made for. Decoding checks everything, so a tampered,
 * truncated or foreign cursor is a 400 (INVALID_CURSOR) and never reaches PostgreSQL as a value it
 * could not cast. Pure and Nest-free.
 */
import { BadRequestError } from '../common/errors/domain-error';
import { textHash } from '../common/text-hash';
import { UUID_PATTERN } from './catalog-sql';

/** The shape inside the token. */
interface CursorBody {
  /** Fingerprint of the sort terms and filters. */
  f: string;
  /** Sort key values, one per order term, id last. */
  k: (string | number)[];
  /** 'n': rows after the key; 'p': rows before it. */
  d: 'n' | 'p';
}

export interface DecodedCursor {
  key: (string | number)[];
  backward: boolean;
}

/** A stable short hash of what a cursor is only valid for (the order terms and the filters). */
export function cursorFingerprint(parts: unknown): string {
  const [h1, h2] = textHash(JSON.stringify(parts));
  return h1.toString(36) + h2.toString(36);
}

export function encodeCursor(fingerprint: string, key: (string | number)[], backward: boolean): string {
  const body: CursorBody = { f: fingerprint, k: key, d: backward ? 'p' : 'n' };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** Whether `value` is a valid key value for a sort column (see SORT_COLUMN_TYPES in catalog-sql). */
function validKeyValue(column: string, value: unknown): boolean {
  switch (column) {
    case 'min_price':
    case 'sold_count':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'rating_avg':
      return typeof value === 'number' && Number.isFinite(value);
    case 'name':
      return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
    case 'created_at': {
      if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false;
      // Rejects dates that do not exist (2026-02-30), which PostgreSQL would refuse with a 500.
      const parsed = new Date(`${value}Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
    }
    case 'id':
      return typeof value === 'string' && UUID_PATTERN.test(value);
    default:
      return false;
  }
}

/**
 * The cursor's key and direction, checked against the request's order columns and fingerprint.
 * Throws 400 INVALID_CURSOR for anything else.
 */
export function decodeCursor(token: string, columns: string[], fingerprint: string): DecodedCursor {
  const invalid = (why: string) => new BadRequestError('INVALID_CURSOR', `Invalid cursor: ${why}`);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid('not a cursor this API issued');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor this API issued');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('not a cursor this API issued');
  const { f, k, d } = body as Partial<CursorBody>;
  if (typeof f !== 'string' || !Array.isArray(k) || (d !== 'n' && d !== 'p'))
    throw invalid('not a cursor this API issued');
  if (f !== fingerprint)
    throw invalid('it was issued for another sort or other filters; start again without a cursor');
  if (k.length !== columns.length || !columns.every((column, i) => validKeyValue(column, k[i])))
    throw invalid('not a cursor this API issued');
  return { key: k, backward: d === 'p' };
}
