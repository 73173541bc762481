import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { KeyRateLimitedError, toRequestError } from '../errors.js';
import type { GatewayServices } from '../services.js';
import { callerOfRequest } from './graphql-auth.js';
import type { CostCharge } from './limits.js';

export interface KeyRateLimit {
  /** Spends each operation's cost, as the cost bound estimated it, from its key's points. */
  charge: CostCharge;
  /** Refuses a key that has spent its points before anything runs, an answer from the response cache included. */
  refuseSpent: Plugin;
}

/**
 * The rate limit per API key: each operation (query, mutation, or the start of a subscription; over HTTP, SSE
 * or graphql-ws) spends its estimated cost from the key's points for the window, counted by the store so
 * that instances sharing a database share the count. A key that has spent them is refused with
 * KEY_RATE_LIMITED (HTTP 429 with Retry-After) until its window ends; other keys are not affected. An answer
 * the response cache gives whole runs nothing and costs nothing, but is refused too once the key is spent.
 * Keys are counted by name, so the old and new key of a rotation share one count. Undefined without a limit.
 */
export function keyRateLimit(services: GatewayServices): KeyRateLimit | undefined {
  const { ratePointsPerKey: points, rateWindowSeconds: windowSeconds } = services.settings.limits;
  if (points === 0) return undefined;
  const limiter = services.store.rateLimiter({ keyPrefix: 'cost', points, durationSeconds: windowSeconds });
  const refusal = (state: RateLimiterRes): ExecutionResult => {
    const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    return { errors: [toRequestError(new KeyRateLimitedError(retryAfterSeconds, points, windowSeconds))] };
  };
  return {
    charge: async (context, cost) => {
      try {
        await limiter.consume(context.caller.name, cost);
        return undefined;
      } catch (refused) {
        // The store's own failures are counted in memory instead (its insurance); anything else is a bug.
        if (!(refused instanceof RateLimiterRes)) throw refused;
        return refusal(refused);
      }
    },
    refuseSpent: {
      onParams: async ({ request, setResult }) => {
        // No key, or a wrong one: refused as such when the context is made.
        const caller = callerOfRequest(services.apiKeys, request);
        if (!caller) return;
        const state = await limiter.get(caller.name);
        if (state && state.consumedPoints > points) setResult(refusal(state));
      },
    },
  };
}
