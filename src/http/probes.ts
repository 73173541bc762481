import { Hono } from 'hono';
import type { MuxReachability } from '../observability/metrics.js';
import type { GatewayServices } from '../services.js';

/** Whether the gateway has begun to shut down; set once, at the first signal. */
export interface Lifecycle {
  shuttingDown: boolean;
}

type Check = 'database' | 'migrations' | 'shutdown';

export interface Readiness {
  ready: boolean;
  /** The checks that failed, if any. */
  failed: Check[];
  database: 'ok' | 'unreachable';
  migrations: 'applied' | 'pending' | 'unknown';
  shuttingDown: boolean;
  /** Reported, never a failure: reads answer from the store and work waits while Mux is away. */
  mux: MuxReachability;
}

async function readiness(services: GatewayServices, lifecycle: Lifecycle): Promise<Readiness> {
  const unapplied = await services.store.unappliedMigrations().catch(() => undefined);
  const database = unapplied === undefined ? 'unreachable' : 'ok';
  const migrations = unapplied === undefined ? 'unknown' : unapplied === 0 ? 'applied' : 'pending';
  const failed: Check[] = [];
  if (database !== 'ok') failed.push('database');
  if (migrations !== 'applied') failed.push('migrations');
  if (lifecycle.shuttingDown) failed.push('shutdown');
  return {
    ready: failed.length === 0,
    failed,
    database,
    migrations,
    shuttingDown: lifecycle.shuttingDown,
    mux: services.metrics.muxReachability,
  };
}

/**
 * `/healthz`: the process answers (liveness; nothing it depends on is checked, so a database outage does not
 * get it restarted). `/readyz`: it should be sent traffic: 200 when the database answers a query, every
 * migration is applied and it is not shutting down, else 503; the body says which check failed.
 */
export function probeRoutes(services: GatewayServices, lifecycle: Lifecycle): Hono {
  const routes = new Hono();
  routes.get('/healthz', (c) => c.json({ ok: true }));
  routes.get('/readyz', async (c) => {
    const report = await readiness(services, lifecycle);
    return c.json(report, report.ready ? 200 : 503, { 'cache-control': 'no-store' });
  });
  return routes;
}
