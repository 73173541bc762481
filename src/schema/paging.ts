import type { ArgBuilder } from '@pothos/core';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { GatewaySchemaTypes } from './builder.js';
import { invalidInputOf } from './validation.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

const pageArgsSchema = z.object({
  first: z
    .int()
    .min(1, `first must be between 1 and ${MAX_PAGE_SIZE}`)
    .max(MAX_PAGE_SIZE, `first must be between 1 and ${MAX_PAGE_SIZE}`)
    .nullish()
    .transform((value) => value ?? DEFAULT_PAGE_SIZE),
  after: z.string().nullish(),
});

/**
 * The arguments of every connection. Pages run forward only (`first`, `after`): each list is keyset-paged in
 * one order, so `last` and `before` are not offered rather than offered and refused.
 */
export function pageArgs(arg: ArgBuilder<GatewaySchemaTypes>) {
  return {
    first: arg.int({
      required: false,
      description: `How many items, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when left out.`,
    }),
    after: arg.string({ required: false, description: 'The `endCursor` of the page before; the first page without.' }),
  };
}

export interface PageRequest {
  first: number;
  after: string | undefined;
}

export function readPageArgs(args: { first?: number | null; after?: string | null }): PageRequest {
  const parsed = pageArgsSchema.safeParse(args);
  if (!parsed.success) throw invalidInputOf(parsed.error, []);
  return { first: parsed.data.first, after: parsed.data.after ?? undefined };
}

/** Cursors are opaque to clients: base64url of the sort key. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<T extends readonly (string | number)[]>(
  cursor: string,
  shape: { [K in keyof T]: 'string' | 'number' },
): T {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.length === shape.length &&
      parts.every((part, index) => typeof part === shape[index])
    )
      return parts as unknown as T;
  } catch {
    // Reported below like any other foreign cursor.
  }
  throw InvalidInputError.of(['after'], 'not a cursor this connection produced');
}

/** Builds a forward page from `limit + 1` rows: the extra row only says whether there is a next page. */
export function toConnection<Row>(rows: Row[], first: number, cursorOf: (row: Row) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A page that can also say how many items there are on all pages together, counted only when asked. */
export interface Counted {
  totalCount: () => Promise<number>;
}

export function countedConnection<Row>(
  rows: Row[],
  first: number,
  cursorOf: (row: Row) => string,
  totalCount: () => Promise<number>,
) {
  return { ...toConnection(rows, first, cursorOf), totalCount };
}
