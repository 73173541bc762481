import type { GatewayContext } from '../../context.js';
import { idempotent } from '../../resolvers/captions/idempotency.js';
import type { MutationOutcome } from '../../resolvers/captions/outcome.js';
import { nodeMuxId } from '../global-id.js';

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

/** Inputs name assets and tracks by global ID or Mux id; resolvers work with Mux ids. */
const withIds = <T extends Record<string, unknown>>(input: T): T => ({
  ...input,
  ...(typeof input.assetId === 'string' ? { assetId: nodeMuxId('Asset', input.assetId) } : {}),
  ...(typeof input.trackId === 'string' ? { trackId: nodeMuxId('Track', input.trackId) } : {}),
});

/** Runs a mutation's resolver function behind the caller's idempotency key, with ids made Mux ids. */
export function runMutation(
  operation: string,
  context: GatewayContext,
  input: object,
  run: (input: Record<string, unknown>) => Promise<MutationOutcome>,
): Promise<MutationOutcome> {
  const cleaned = withIds(withoutNulls(input) as Record<string, unknown>);
  return idempotent(context.services, context.caller, operation, cleaned, () => run(cleaned));
}
