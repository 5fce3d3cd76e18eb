import { HttpError } from '@later/runtime';

/** Keyset cursors are opaque to callers: the base64url of the last id shown. */
export const encodeCursor = (lastId: string): string => Buffer.from(lastId).toString('base64url');

/** The id a cursor stands for, or a 400 naming `cursor`. */
export function beforeIdOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9][0-9]{0,18}$/.test(id)) {
    throw new HttpError(400, 'invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
  }
  return id;
}

/** One page of `rows` (fetched with limit + 1) and the cursor to the next. */
export function page<R extends { id: string }, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
): { items: V[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  return { items: shown.map(view), nextCursor: rows.length > limit ? encodeCursor(shown.at(-1)!.id) : null };
}
