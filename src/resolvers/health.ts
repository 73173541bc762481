import type { GatewayServices } from '../context.js';
import { countEvents } from '../db/events.js';
import { GATEWAY_VERSION } from '../version.js';

export const UPSTREAM_MODES = ['MUX', 'SIMULATOR'] as const;

export interface HealthReport {
  ok: boolean;
  version: string;
  upstream: (typeof UPSTREAM_MODES)[number];
  muxApiUrl: string;
  uptimeSeconds: number;
  webhookEventsReceived: number | null;
}

function countStoredEvents(services: GatewayServices): number | null {
  try {
    return countEvents(services.db);
  } catch (error) {
    services.logger.error('database check failed', { reason: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export function readHealth(services: GatewayServices): HealthReport {
  const webhookEventsReceived = countStoredEvents(services);
  return {
    ok: webhookEventsReceived !== null,
    version: GATEWAY_VERSION,
    upstream: services.simulated ? 'SIMULATOR' : 'MUX',
    muxApiUrl: services.muxSettings.baseUrl,
    uptimeSeconds: Math.floor((Date.now() - services.startedAt) / 1000),
    webhookEventsReceived,
  };
}
