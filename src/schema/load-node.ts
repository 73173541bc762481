import { NotFoundError } from '../errors.js';
import type { Loaded, ReadOptions } from '../resolvers/read-through.js';
import type { GatewayContext, GatewayServices } from '../services.js';

type Load<Row> = (services: GatewayServices, ids: readonly string[], options: ReadOptions) => Promise<Loaded<Row>[]>;

/** Loads for a node type: through the request's read-through, noting stale answers for the response. */
export function loaderOf<Row>(load: Load<Row>) {
  return (ids: string[], context: GatewayContext) =>
    load(context.services, ids, { stale: context.stale, budget: context.budget });
}

/**
 * A root field that names one node: null when it does not exist, the typed error when Mux failed. With
 * `fresh`, Mux is asked now, for this node only.
 */
export async function nodeOrNull<Row>(
  context: GatewayContext,
  load: Load<Row>,
  loader: { load(id: string): Promise<Row> },
  id: string,
  fresh: boolean | null | undefined,
): Promise<Row | null> {
  try {
    if (!fresh) return await loader.load(id);
    const [row] = await load(context.services, [id], { fresh: true, stale: context.stale, budget: context.budget });
    if (row instanceof Error) throw row;
    return row ?? null;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
