import { createHash } from 'node:crypto';
import type { Caller } from '../../auth/api-keys.js';
import type { GatewayServices } from '../../context.js';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  recordIdempotentResult,
  releaseIdempotencyKey,
  takeOverIdempotencyClaim,
} from '../../db/idempotency.js';
import { stableJson } from '../../events/state-version.js';
import { failed, type MutationOutcome } from './outcome.js';

function inputHash(operation: string, input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256')
    .update(`${operation}\n${stableJson(rest)}`)
    .digest('hex');
}

/**
 * A claim still without a result after this long was left by a request that never finished (the gateway
 * stopped or crashed while Mux was being asked); a mutation takes seconds, never minutes.
 */
const ABANDONED_CLAIM_MS = 5 * 60_000;

/** A failure worth retrying must not be replayed to the retry. */
function isRetryableFailure(outcome: MutationOutcome): boolean {
  return outcome.userErrors.some(
    (error) => error.kind === 'rate_limited' || (error.kind === 'upstream' && error.retryable),
  );
}

/**
 * Runs a mutation at most once per (API key, idempotency key): a repeat gets the first outcome, also after
 * a restart, since keys and outcomes live in SQLite. The key is claimed before Mux is called, so two
 * concurrent requests with one key cannot both create work; a claim abandoned by a request that never
 * finished is taken over.
 */
export async function idempotent(
  services: GatewayServices,
  caller: Caller,
  operation: string,
  input: Record<string, unknown> & { idempotencyKey?: string | null | undefined },
  run: () => Promise<MutationOutcome>,
): Promise<MutationOutcome> {
  const key = input.idempotencyKey;
  if (!key) return run();
  const hash = inputHash(operation, input);
  const now = Date.now();
  if (!claimIdempotencyKey(services.db, { caller: caller.name, key, operation, inputHash: hash, createdAt: now })) {
    const existing = findIdempotencyKey(services.db, caller.name, key);
    if (existing && (existing.operation !== operation || existing.inputHash !== hash)) {
      return failed({
        kind: 'conflict',
        message: 'This idempotency key was already used with a different request.',
        field: ['input', 'idempotencyKey'],
      });
    }
    if (existing?.result) return existing.result as MutationOutcome;
    const abandoned =
      existing !== undefined &&
      now - existing.createdAt > ABANDONED_CLAIM_MS &&
      takeOverIdempotencyClaim(services.db, existing, now);
    if (!abandoned) {
      return failed({
        kind: 'conflict',
        message: 'A request with this idempotency key is still in progress; retry shortly.',
        field: ['input', 'idempotencyKey'],
      });
    }
  }
  try {
    const outcome = await run();
    if (isRetryableFailure(outcome)) releaseIdempotencyKey(services.db, caller.name, key);
    else recordIdempotentResult(services.db, caller.name, key, outcome);
    return outcome;
  } catch (error) {
    releaseIdempotencyKey(services.db, caller.name, key);
    throw error;
  }
}
