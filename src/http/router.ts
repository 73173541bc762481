import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Route {
  /** Matched against the request path; capture groups reach the handler. */
  path: RegExp;
  handle(request: IncomingMessage, response: ServerResponse, match: RegExpExecArray): unknown;
}

export function findRoute(
  routes: readonly Route[],
  path: string,
): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of routes) {
    const match = route.path.exec(path);
    if (match) return { route, match };
  }
  return undefined;
}
