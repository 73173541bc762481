import { createHash } from 'node:crypto';
import type { Caller } from '../../auth/api-keys.js';
import type { Store } from '../../db/store.js';
import { stableJson } from '../../domain/core.js';
import { ConflictError } from '../../errors.js';
import type { MutationOutcome } from './outcome.js';

/**
 * A claim still without a result after this long was left by a request that never finished (the gateway
 * stopped or crashed while Mux was being asked); a mutation takes seconds, never minutes.
 */
const ABANDONED_CLAIM_MS = 5 * 60_000;

const KEY_FIELD = ['input', 'idempotencyKey'];

/** A failure worth retrying must not be replayed to the retry. */
function isRetryableFailure(outcome: MutationOutcome): boolean {
  return outcome.userErrors.some(
    (error) => error.code === 'RATE_LIMITED' || (error.code === 'UPSTREAM_ERROR' && error.retryable),
  );
}

/**
 * Runs a mutation at most once per (API key, idempotency key): a repeat gets the first outcome, also after a
 * restart, since keys and outcomes are stored. The key is claimed before Mux is called, so two concurrent
 * requests with one key cannot both create work; a claim abandoned by a request that never finished is taken
 * over. The request is recognised by a hash of its parsed input, so naming an asset by global ID or by Mux id
 * is the same request.
 */
export async function idempotent(
  store: Store,
  caller: Caller,
  operation: string,
  input: { idempotencyKey?: string | undefined },
  run: () => Promise<MutationOutcome>,
): Promise<MutationOutcome> {
  const { idempotencyKey: key, ...request } = input;
  if (!key) return run();
  const inputHash = createHash('sha256')
    .update(`${operation}\n${stableJson(request)}`)
    .digest('hex');
  const now = Date.now();
  const claim = { caller: caller.name, key, operation, inputHash, createdAt: now };
  if (!(await store.transaction((tx) => tx.idempotency.claim(claim)))) {
    const existing = await store.idempotency.find(caller.name, key);
    if (existing && (existing.operation !== operation || existing.inputHash !== inputHash)) {
      throw new ConflictError('This idempotency key was already used with a different request.', KEY_FIELD);
    }
    if (existing?.result) return existing.result as MutationOutcome;
    const abandoned =
      existing !== undefined &&
      now - existing.createdAt > ABANDONED_CLAIM_MS &&
      (await store.transaction((tx) => tx.idempotency.takeOver(existing, now)));
    if (!abandoned)
      throw new ConflictError('A request with this idempotency key is still in progress; retry shortly.', KEY_FIELD);
  }
  try {
    const outcome = await run();
    await store.transaction((tx) =>
      isRetryableFailure(outcome)
        ? tx.idempotency.release(caller.name, key)
        : tx.idempotency.record(caller.name, key, outcome),
    );
    return outcome;
  } catch (error) {
    await store.transaction((tx) => tx.idempotency.release(caller.name, key));
    throw error;
  }
}
