import type { GatewayContext, GatewayServices } from '../context.js';
import { NotFoundError } from '../resolvers/read-through.js';
import type { RequestCache } from '../resolvers/request-cache.js';

type Loader<Row> = (services: GatewayServices, cache: RequestCache, ids: readonly string[]) => Promise<(Row | Error)[]>;

/** A root field that names one node: null when it does not exist, the typed error when Mux failed. */
export async function loadOneOrNull<Row>(
  context: GatewayContext,
  load: Loader<Row>,
  id: string,
  fresh: boolean | null | undefined,
): Promise<Row | null> {
  context.cache.forceFresh ||= Boolean(fresh);
  const [row] = await load(context.services, context.cache, [id]);
  if (row instanceof NotFoundError) return null;
  if (row instanceof Error) throw row;
  return row ?? null;
}
