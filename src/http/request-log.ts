import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GatewayContext } from '../services.js';

/**
 * One line per GraphQL request over HTTP: how long it took, how many Mux calls it caused and the codes of its
 * errors. A request the client got wrong is logged at `info` (it is the client's to fix, and an operator may
 * want to see it), a clean one at `debug`; the gateway's own faults were logged at `error` where they happened.
 */
export function requestLog(logger: Logger): Plugin<GatewayContext> {
  const started = new WeakMap<Request, number>();
  return {
    onRequest: ({ request }) => {
      started.set(request, performance.now());
    },
    onExecutionResult: ({ request, result, context }) => {
      const results = result === undefined || isAsyncIterable(result) ? [] : [result].flat();
      const codes = results.flatMap((each) => each.errors ?? []).map((error) => String(error.extensions?.code));
      const fields = {
        operation: context.params?.operationName ?? undefined,
        ms: Math.round(performance.now() - (started.get(request) ?? performance.now())),
        muxCalls: (context as Partial<GatewayContext>).budget?.spent ?? 0,
        ...(codes.length > 0 ? { errors: [...new Set(codes)] } : {}),
        ...(isAsyncIterable(result) ? { stream: true } : {}),
      };
      if (codes.length > 0) logger.info('graphql request', fields);
      else logger.debug('graphql request', fields);
    },
  };
}
