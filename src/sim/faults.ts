import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { isRobotsPath, robotsError, videoError } from './errors.js';

/**
 * A webhook fault: `true` hits every event until it is switched off, a number hits exactly the next N
 * events (and counts down), so a test gets precisely the misbehaviour it asked for.
 */
export type EventFault = boolean | number;

export type WebhookFaultKind = 'drop' | 'duplicate' | 'reorder';

const serverErrorStatuses = [500, 502, 503] as const;
export type ServerErrorStatus = (typeof serverErrorStatuses)[number];

/**
 * Failure modes a test or a demo can switch on, from the environment at start, in-process
 * (`context.faults.update`) or over `/_sim/faults`. Request counts are "the next N matching requests".
 * Times are real milliseconds (they exist to be observed), unlike lifecycle delays which are simulated.
 */
export interface FaultSettings {
  /** Extra time before answering each API request whose path starts with `pathPrefix`. */
  latency: { ms: number; pathPrefix: string };
  /** The next `count` matching requests get 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit: { count: number; retryAfterSeconds: number; pathPrefix: string };
  /** The next `count` matching requests get `status`. */
  serverError: { count: number; status: ServerErrorStatus; pathPrefix: string };
  webhooks: {
    /** Events are never delivered to any endpoint. */
    drop: EventFault;
    /** Each event is delivered twice, with the same event id. */
    duplicate: EventFault;
    /** Events are held and delivered newest first: a count holds exactly that many, `true` a short time window. */
    reorder: EventFault;
    /** Extra time before an event's first delivery. */
    delayMs: number;
    /**
     * Not a fault but a payload choice Mux leaves open: robots job events carry the job at
     * `data["robots.job.<workflow>.<status>"]` instead of `data`. It survives `reset()`.
     */
    nestRobotsJobData: boolean;
  };
}

export type ReadonlyFaultSettings = { readonly [Section in keyof FaultSettings]: Readonly<FaultSettings[Section]> };

/** All API paths the fault middleware sees (`/video`, `/robots`, `/system`). */
const EVERY_PATH = '/';

export function noFaults(): FaultSettings {
  return {
    latency: { ms: 0, pathPrefix: EVERY_PATH },
    rateLimit: { count: 0, retryAfterSeconds: 1, pathPrefix: EVERY_PATH },
    serverError: { count: 0, status: 500, pathPrefix: EVERY_PATH },
    webhooks: { drop: false, duplicate: false, reorder: false, delayMs: 0, nestRobotsJobData: false },
  };
}

const count = z.number().int().min(0);
const milliseconds = z.number().int().min(0).max(600_000);
const pathPrefix = z.string().startsWith('/');
const eventFault = z.union([z.boolean(), count]);

/** A partial update of the settings (any subset of any section); unknown keys are mistakes, not ignored. */
export const faultSettingsPatchSchema = z
  .strictObject({
    latency: z.strictObject({ ms: milliseconds, pathPrefix }).partial(),
    rateLimit: z.strictObject({ count, retryAfterSeconds: count, pathPrefix }).partial(),
    serverError: z.strictObject({ count, status: z.literal(serverErrorStatuses), pathPrefix }).partial(),
    webhooks: z
      .strictObject({
        drop: eventFault,
        duplicate: eventFault,
        reorder: eventFault,
        delayMs: milliseconds,
        nestRobotsJobData: z.boolean(),
      })
      .partial(),
  })
  .partial();

export type FaultSettingsPatch = z.infer<typeof faultSettingsPatchSchema>;

function assignDefined<T extends object>(target: T, patch: Partial<T> | undefined): void {
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

const serverErrorTypes: Record<ServerErrorStatus, [type: string, message: string]> = {
  500: ['internal_server_error', 'Internal server error'],
  502: ['bad_gateway', 'Bad gateway'],
  503: ['service_unavailable', 'Service unavailable'],
};

/** The error body each API uses: Robots has a single `message`, Video and System a `messages` array. */
function apiError(c: Context, status: ContentfulStatusCode, type: string, message: string): Response {
  return isRobotsPath(c.req.path) ? robotsError(c, status, type, message) : videoError(c, status, type, message);
}

export class FaultController {
  #settings: FaultSettings;

  constructor(initial: FaultSettings = noFaults()) {
    this.#settings = structuredClone(initial);
  }

  /** The live settings; change them with `update` or `reset`. Counts show what is left. */
  get settings(): ReadonlyFaultSettings {
    return this.#settings;
  }

  /** Merges a partial update into the current settings. */
  update(patch: FaultSettingsPatch): void {
    assignDefined(this.#settings.latency, patch.latency);
    assignDefined(this.#settings.rateLimit, patch.rateLimit);
    assignDefined(this.#settings.serverError, patch.serverError);
    assignDefined(this.#settings.webhooks, patch.webhooks);
  }

  /** Switches every fault off; the robots payload shape stays as chosen. */
  reset(): void {
    const { nestRobotsJobData } = this.#settings.webhooks;
    this.#settings = noFaults();
    this.#settings.webhooks.nestRobotsJobData = nestRobotsJobData;
  }

  /** Whether the webhook fault `kind` hits the event being emitted now (counting it down if it is a count). */
  takeWebhookFault(kind: WebhookFaultKind): boolean {
    const fault = this.#settings.webhooks[kind];
    if (typeof fault === 'boolean') return fault;
    if (fault <= 0) return false;
    this.#settings.webhooks[kind] = fault - 1;
    return true;
  }

  #takeRequestFault(fault: { count: number; pathPrefix: string }, path: string): boolean {
    if (fault.count <= 0 || !path.startsWith(fault.pathPrefix)) return false;
    fault.count -= 1;
    return true;
  }

  /** Applies latency, rate limiting and server errors to the Video, Robots and System APIs. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const { latency, rateLimit, serverError } = this.#settings;
      if (latency.ms > 0 && c.req.path.startsWith(latency.pathPrefix)) await sleep(latency.ms);
      if (this.#takeRequestFault(rateLimit, c.req.path)) {
        c.header('Retry-After', String(rateLimit.retryAfterSeconds));
        return apiError(c, 429, 'too_many_requests', 'Too many requests');
      }
      if (this.#takeRequestFault(serverError, c.req.path)) {
        const [type, message] = serverErrorTypes[serverError.status];
        return apiError(c, serverError.status, type, message);
      }
      await next();
    };
  }
}
