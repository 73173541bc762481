import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { idempotencyKeys } from './schema.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export function findIdempotencyKey(db: Db, caller: string, key: string): IdempotencyRow | undefined {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.caller, caller), eq(idempotencyKeys.key, key)))
    .get();
}

/** Claims a key before the work starts; false when another request holds it already. */
export function claimIdempotencyKey(db: Db, row: Omit<IdempotencyRow, 'result'>): boolean {
  return (
    db
      .insert(idempotencyKeys)
      .values({ ...row, result: null })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

/**
 * Takes a claim over from a request that never recorded a result; false when another request took it over,
 * or the first one finished, since it was read.
 */
export function takeOverIdempotencyClaim(db: Db, claim: IdempotencyRow, at: number): boolean {
  return (
    db
      .update(idempotencyKeys)
      .set({ createdAt: at })
      .where(
        and(
          eq(idempotencyKeys.caller, claim.caller),
          eq(idempotencyKeys.key, claim.key),
          isNull(idempotencyKeys.result),
          eq(idempotencyKeys.createdAt, claim.createdAt),
        ),
      )
      .run().changes > 0
  );
}

export function recordIdempotentResult(db: Db, caller: string, key: string, result: unknown): void {
  db.update(idempotencyKeys)
    .set({ result })
    .where(and(eq(idempotencyKeys.caller, caller), eq(idempotencyKeys.key, key)))
    .run();
}

export function releaseIdempotencyKey(db: Db, caller: string, key: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.caller, caller), eq(idempotencyKeys.key, key)))
    .run();
}
