import type { MiddlewareHandler } from 'hono';
import { isRobotsPath, robotsError, videoError } from './errors.js';

/**
 * Failure modes a test or a demo can switch on, from the environment at start or over `/_sim/faults`.
 * Counts are "the next N requests", so a test gets exactly the failures it asked for.
 */
export interface FaultSettings {
  latencyMs: number;
  rateLimit: { count: number; retryAfterSeconds: number };
  serverError: { count: number; status: 500 | 502 | 503 };
  webhooks: { drop: boolean; duplicate: boolean; reorder: boolean; delayMs: number };
}

export function noFaults(): FaultSettings {
  return {
    latencyMs: 0,
    rateLimit: { count: 0, retryAfterSeconds: 1 },
    serverError: { count: 0, status: 500 },
    webhooks: { drop: false, duplicate: false, reorder: false, delayMs: 0 },
  };
}

export class FaultController {
  settings: FaultSettings;

  constructor(initial: FaultSettings = noFaults()) {
    this.settings = structuredClone(initial);
  }

  reset(): void {
    this.settings = noFaults();
  }

  /** Applies latency, rate limiting and server errors to the Video, Robots and System APIs. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const { latencyMs, rateLimit, serverError } = this.settings;
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const robots = isRobotsPath(c.req.path);
      if (rateLimit.count > 0) {
        rateLimit.count -= 1;
        c.header('Retry-After', String(rateLimit.retryAfterSeconds));
        return robots
          ? robotsError(c, 429, 'too_many_requests', 'Too many requests')
          : videoError(c, 429, 'too_many_requests', 'Too many requests');
      }
      if (serverError.count > 0) {
        serverError.count -= 1;
        return robots
          ? robotsError(c, serverError.status, 'internal_server_error', 'Internal server error')
          : videoError(c, serverError.status, 'internal_server_error', 'Internal server error');
      }
      await next();
    };
  }
}
