import { BadRequestError } from './errors/domain-error';

export interface SortSpec<K extends string> {
  key: K;
  direction: 'ASC' | 'DESC';
}

/**
 * Parses `sort=-price,name` against an allow-list; each allowed key maps to what the
 * caller orders by. Unknown keys are a 400 (never silently ignored, never interpolated into SQL).
 */
export function parseSort<K extends string>(
  raw: string | undefined,
  allowed: readonly K[],
  fallback: string,
): SortSpec<K>[] {
  const value = raw?.trim() || fallback;
  const specs = value.split(',').map((part) => {
    const token = part.trim();
    const descending = token.startsWith('-');
    const key = (descending ? token.slice(1) : token) as K;
    if (!allowed.includes(key)) {
      throw new BadRequestError(
        'INVALID_SORT',
        `Unknown sort "${token}"; use one of ${allowed.map((a) => `${a}, -${a}`).join(', ')}`,
        { allowed },
      );
    }
    return { key, direction: descending ? 'DESC' : 'ASC' } as SortSpec<K>;
  });
  const keys = new Set(specs.map((s) => s.key));
  if (keys.size !== specs.length) throw new BadRequestError('INVALID_SORT', 'A sort key is repeated');
  return specs;
}
