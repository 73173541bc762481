import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { bearerToken } from '../auth/api-keys.js';
import { isLoopbackHost } from '../loopback.js';
import type { GatewayServices } from '../services.js';

export interface MetricsAccess {
  /** `METRICS_TOKEN`: the bearer token a scraper sends; unset, only a gateway on loopback serves metrics. */
  token: string | undefined;
  /** The interface the gateway listens on. */
  host: string;
}

/** Compared as digests, so neither the time taken nor the lengths say how much of a guess was right. */
function sameSecret(offered: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/**
 * GET /metrics: Prometheus' text format, from this gateway's own registry. With a token, a scrape without it
 * gets 401; without one, metrics are served only to this machine (the gateway listens on loopback), and a
 * gateway reachable from elsewhere answers 404 as if there were nothing there.
 */
export function metricsRoutes(services: GatewayServices, access: MetricsAccess): Hono {
  const routes = new Hono();
  const { registry } = services.metrics;
  routes.get('/metrics', async (c) => {
    if (access.token === undefined) {
      if (!isLoopbackHost(access.host)) return c.notFound();
    } else {
      const offered = bearerToken(c.req.header('authorization'));
      if (!offered || !sameSecret(offered, access.token)) {
        return c.json({ error: 'unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>.' }, 401, {
          'www-authenticate': 'Bearer realm="metrics"',
        });
      }
    }
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  });
  return routes;
}
