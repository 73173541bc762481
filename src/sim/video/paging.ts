/** Page- and cursor-based slicing of list endpoints, newest first. */

export interface PageRequest {
  limit: number;
  page: number;
}

export function pageOf<T>(items: readonly T[], { limit, page }: PageRequest): T[] {
  const start = (page - 1) * limit;
  return items.slice(start, start + limit);
}

function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (decoded as { after?: unknown } | null)?.after;
    return typeof after === 'string' ? after : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One page after `cursor` (the opaque position after the previous page's last item), or the `page`-th page
 * when there is no cursor. `undefined` means the cursor is not one this list handed out (or its item is gone).
 */
export function cursorPageOf<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  request: PageRequest & { cursor?: string | undefined },
): { data: T[]; next_cursor: string | null } | undefined {
  let start = (request.page - 1) * request.limit;
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor);
    const index = after === undefined ? -1 : items.findIndex((item) => idOf(item) === after);
    if (index < 0) return undefined;
    start = index + 1;
  }
  const data = items.slice(start, start + request.limit);
  const last = data[data.length - 1];
  const more = start + request.limit < items.length;
  return { data, next_cursor: more && last !== undefined ? encodeCursor(idOf(last)) : null };
}
