import type { z } from 'zod';
import { isGatewayError, toUserErrors } from '../../errors.js';
import { idempotent } from '../../resolvers/mutations/idempotency.js';
import { type MutationOutcome, outcome } from '../../resolvers/mutations/outcome.js';
import type { GatewayContext, GatewayServices } from '../../services.js';
import { builder } from '../builder.js';
import { invalidInputOf } from '../validation.js';
import { inputTypeOf } from '../zod-input.js';
import { type PayloadField, payloadType } from './payload.js';

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
    idempotent(services.store, caller, name, parsed.data, () => asOutcome(() => definition.run(services, parsed.data))),
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
