import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Caller } from '../../auth/api-keys.js';
import { stableJson } from '../../domain/model.js';
import { ConflictError, isGatewayError, toUserErrors } from '../../errors.js';
import { type MutationOutcome, outcome } from '../../resolvers/mutations/outcome.js';
import type { GatewayContext, GatewayServices } from '../../services.js';
import { builder } from '../builder.js';
import { invalidInputOf } from '../validation.js';
import { inputTypeOf } from '../zod-input.js';
import { type PayloadField, payloadType } from './payload.js';

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
async function idempotent(
  { store, metrics }: GatewayServices,
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
    if (existing?.result) {
      metrics.idempotencyReplays.inc();
      return existing.result as MutationOutcome;
    }
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

/** GraphQL sends explicit nulls where zod expects absent fields; the two mean the same here. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, item]) => (item === null ? [] : [[key, withoutNulls(item)]])),
    );
  }
  return value;
}

/** The gateway's own errors become the payload's `userErrors`; anything else is a bug and stays an exception. */
async function asOutcome(work: () => Promise<MutationOutcome>): Promise<MutationOutcome> {
  try {
    return await work();
  } catch (error) {
    if (isGatewayError(error)) return outcome({ userErrors: toUserErrors(error) });
    throw error;
  }
}

export interface MutationDefinition<S extends z.ZodType<{ idempotencyKey?: string | undefined }>> {
  description: string;
  /** The input, declared once: the GraphQL input type is made from it, and `run` gets what it parses to. */
  input: S;
  payload: readonly PayloadField[];
  run: (services: GatewayServices, input: z.output<S>) => Promise<MutationOutcome>;
}

async function runMutation<S extends z.ZodType<{ idempotencyKey?: string | undefined }>>(
  name: string,
  definition: MutationDefinition<S>,
  context: GatewayContext,
  raw: unknown,
): Promise<MutationOutcome> {
  const parsed = definition.input.safeParse(withoutNulls(raw));
  if (!parsed.success) return outcome({ userErrors: toUserErrors(invalidInputOf(parsed.error, ['input'])) });
  const { services, caller } = context;
  return asOutcome(() =>
    idempotent(services, caller, name, parsed.data, () => asOutcome(() => definition.run(services, parsed.data))),
  );
}

/**
 * One mutation: its name (which also names `<Name>Input` and `<Name>Payload`), its input, what its payload
 * shows, and the work. Every mutation takes an idempotency key, checks its input before anything else, and
 * answers refusals as typed `userErrors`.
 */
export function defineMutation<S extends z.ZodType<{ idempotencyKey?: string | undefined }>>(
  name: string,
  definition: MutationDefinition<S>,
): void {
  const typeName = `${name[0]?.toUpperCase()}${name.slice(1)}`;
  const input = inputTypeOf(definition.input, `${typeName}Input`);
  const payload = payloadType(`${typeName}Payload`, definition.payload);
  builder.mutationField(name, (t) =>
    t.field({
      type: payload,
      description: definition.description,
      args: { input: t.arg({ type: input, required: true }) },
      resolve: (_root, args, context) => runMutation(name, definition, context, args.input),
    }),
  );
}
