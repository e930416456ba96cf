/**
 * The API's list parameters (DESIGN.md "Interfaces"): `?status=`, `?since=`, `?limit=` and the `cursor`
 * a previous page's `next` carries, answered as `{items, next}`. Pure: the query and the whole list in
 * (each list is short — one entry per claim, feed, change or piece of evidence — and read whole from
 * Redis anyway), the page out. The cursor is the offset into the filtered list, which is in a stable order
 * (config order, or time), so a page boundary moves only when the list itself changes. A parameter the list
 * does not take, or a value that does not parse, is a 400 with a sentence naming it.
 */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1_000;

export interface ListSpec<T> {
  /** `?status=`: the values it may take, and the item's own. Absent: the list takes no status. */
  status?: { values: readonly string[]; of(item: T): string | null };
  /** `?since=`: the item's time (ISO 8601), compared with the parameter. Absent: the list takes no since. */
  since?(item: T): string | null;
}

export interface ListQuery {
  status: Set<string> | undefined;
  sinceMs: number | undefined;
  limit: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  /** The path and query of the next page, or null on the last. */
  next: string | null;
}

/** The query, or a sentence saying what is wrong with it. */
export function parseListQuery<T>(query: URLSearchParams, spec: ListSpec<T>): ListQuery | string {
  const allowed = new Set([
    'limit',
    'cursor',
    ...(spec.status ? ['status'] : []),
    ...(spec.since ? ['since'] : []),
  ]);
  const unknown = [...new Set(query.keys())].filter((name) => !allowed.has(name));
  if (unknown.length > 0) {
    return `unknown parameter ${unknown.join(', ')}; this list takes ${[...allowed].join(', ')}`;
  }
  let status: Set<string> | undefined;
  const statusText = query.get('status');
  if (statusText !== null && spec.status) {
    status = new Set(statusText.split(',').map((value) => value.trim()));
    const bad = [...status].filter((value) => !spec.status?.values.includes(value));
    if (bad.length > 0) return `status ${bad.join(', ')} is not one of ${spec.status.values.join(', ')}`;
  }
  let sinceMs: number | undefined;
  const since = query.get('since');
  if (since !== null) {
    sinceMs = Date.parse(since);
    if (Number.isNaN(sinceMs)) return `since "${since}" is not a date or time (ISO 8601, e.g. 2025-06-05)`;
  }
  const limitText = query.get('limit') ?? String(DEFAULT_LIMIT);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_LIMIT) {
    return `limit must be a whole number from 1 to ${MAX_LIMIT} (got "${limitText}")`;
  }
  const cursor = query.get('cursor') ?? '0';
  const offset = /^\d+$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(offset))
    return `cursor "${cursor}" is not one this API gave out (use the "next" of a page)`;
  return { status, sinceMs, limit, offset };
}

/** One page of `all` (already in the list's order) and the link to the next. */
export function pageOf<T>(
  all: readonly T[],
  spec: ListSpec<T>,
  query: ListQuery,
  path: string,
  params: URLSearchParams,
): Page<T> {
  const kept = all.filter((item) => {
    if (query.status && spec.status && !query.status.has(spec.status.of(item) ?? '')) return false;
    if (query.sinceMs !== undefined && spec.since) {
      const time = spec.since(item);
      if (time === null || Date.parse(time) < query.sinceMs) return false;
    }
    return true;
  });
  const items = kept.slice(query.offset, query.offset + query.limit);
  const end = query.offset + items.length;
  if (end >= kept.length) return { items, next: null };
  const next = new URLSearchParams(params);
  next.set('cursor', String(end));
  next.set('limit', String(query.limit));
  return { items, next: `${path}?${next.toString()}` };
}
