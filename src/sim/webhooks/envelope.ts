import { randomUUID } from 'node:crypto';

/** One earlier try to deliver an event to one endpoint, as Mux lists it in `attempts[]`. */
export interface WebhookAttempt {
  id: string;
  webhook_id: number;
  address: string;
  created_at: string;
  max_attempts: number;
  /** Absent when the endpoint could not be reached at all. */
  response_status_code?: number;
  response_headers: Record<string, string>;
  response_body: string | null;
}

/** Mux's event envelope (`BaseWebhookEvent`): exactly the fields its schema requires, no more. */
export interface WebhookEvent {
  type: string;
  id: string;
  created_at: string;
  object: { type: string; id: string };
  environment: { id: string; name: string };
  attempts: WebhookAttempt[];
  data: unknown;
}

/** ISO 8601 with microseconds, the form of Mux's own examples (`2022-01-01T00:00:00.000000Z`). */
export function muxTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

export interface EventSpec {
  type: string;
  object: { type: string; id: string };
  data: unknown;
  environment: { id: string; name: string };
  createdAtMs: number;
  nestRobotsJobData: boolean;
}

/**
 * Mux documents robots job payloads as "nested under the event name"; see `FaultSettings.webhooks.nestRobotsJobData`.
 */
function payload(type: string, data: unknown, nestRobotsJobData: boolean): unknown {
  return nestRobotsJobData && type.startsWith('robots.job.') ? { [type]: data } : data;
}

export function createEvent(spec: EventSpec): WebhookEvent {
  return {
    type: spec.type,
    id: randomUUID(),
    created_at: muxTimestamp(spec.createdAtMs),
    object: spec.object,
    environment: spec.environment,
    attempts: [],
    data: payload(spec.type, spec.data, spec.nestRobotsJobData),
  };
}
