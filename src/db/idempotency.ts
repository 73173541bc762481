import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import type { idempotencyKeys } from './schema.js';
import type { Tables } from './tables.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export class IdempotencyQueries {
  constructor(
    private readonly db: Db,
    private readonly t: Tables,
  ) {}

  async find(caller: string, key: string): Promise<IdempotencyRow | undefined> {
    const [row] = await this.db
      .select()
      .from(this.t.idempotencyKeys)
      .where(and(eq(this.t.idempotencyKeys.caller, caller), eq(this.t.idempotencyKeys.key, key)));
    return row;
  }

  /** Claims a key before the work starts; false when another request holds it already. */
  async claim(row: Omit<IdempotencyRow, 'result'>): Promise<boolean> {
    const claimed = await this.db
      .insert(this.t.idempotencyKeys)
      .values({ ...row, result: null })
      .onConflictDoNothing()
      .returning({ key: this.t.idempotencyKeys.key });
    return claimed.length > 0;
  }

  /**
   * Takes a claim over from a request that never recorded a result; false when another request took it over,
   * or the first one finished, since it was read.
   */
  async takeOver(claim: IdempotencyRow, at: number): Promise<boolean> {
    const taken = await this.db
      .update(this.t.idempotencyKeys)
      .set({ createdAt: at })
      .where(
        and(
          eq(this.t.idempotencyKeys.caller, claim.caller),
          eq(this.t.idempotencyKeys.key, claim.key),
          isNull(this.t.idempotencyKeys.result),
          eq(this.t.idempotencyKeys.createdAt, claim.createdAt),
        ),
      )
      .returning({ key: this.t.idempotencyKeys.key });
    return taken.length > 0;
  }

  async record(caller: string, key: string, result: unknown): Promise<void> {
    await this.db
      .update(this.t.idempotencyKeys)
      .set({ result })
      .where(and(eq(this.t.idempotencyKeys.caller, caller), eq(this.t.idempotencyKeys.key, key)));
  }

  async release(caller: string, key: string): Promise<void> {
    await this.db
      .delete(this.t.idempotencyKeys)
      .where(and(eq(this.t.idempotencyKeys.caller, caller), eq(this.t.idempotencyKeys.key, key)));
  }
}
