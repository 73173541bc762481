import { createHash } from 'node:crypto';
import type { Caller } from '../../auth/api-keys.js';
import type { GatewayServices } from '../../context.js';
import { claimIdempotencyKey, findIdempotencyKey, recordIdempotentResult, releaseIdempotencyKey } from '../../db/idempotency.js';
import { failed, type MutationOutcome } from './outcome.js';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function inputHash(operation: string, input: Record<string, unknown>): string {
  const { idempotencyKey: _key, ...rest } = input;
  return createHash('sha256').update(`${operation}\n${stableJson(rest)}`).digest('hex');
}

/** A failure worth retrying must not be replayed to the retry. */
function isRetryableFailure(outcome: MutationOutcome): boolean {
  return outcome.userErrors.some((error) => error.kind === 'rate_limited' || (error.kind === 'upstream' && error.retryable));
}

/**
 * Runs a mutation at most once per (API key, idempotency key): a repeat gets the first outcome, also after
 * a restart, since keys and outcomes live in SQLite. The key is claimed before Mux is called, so two
 * concurrent requests with one key cannot both create work.
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
  const claimed = claimIdempotencyKey(services.db, { caller: caller.name, key, operation, inputHash: hash, createdAt: Date.now() });
  if (!claimed) {
    const existing = findIdempotencyKey(services.db, caller.name, key);
    if (existing && (existing.operation !== operation || existing.inputHash !== hash)) {
      return failed({ kind: 'conflict', message: 'This idempotency key was already used with a different request.', field: ['input', 'idempotencyKey'] });
    }
    if (existing?.result) return existing.result as MutationOutcome;
    return failed({
      kind: 'conflict',
      message: 'A request with this idempotency key is still in progress; retry shortly.',
      field: ['input', 'idempotencyKey'],
    });
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
