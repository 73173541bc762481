import type { GatewayServices } from '../services.js';
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

async function countStoredEvents(services: GatewayServices): Promise<number | null> {
  try {
    return await services.store.events.count();
  } catch (error) {
    services.logger.error('database check failed', { reason: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

export async function readHealth(services: GatewayServices): Promise<HealthReport> {
  const webhookEventsReceived = await countStoredEvents(services);
  return {
    ok: webhookEventsReceived !== null,
    version: GATEWAY_VERSION,
    upstream: services.settings.simulated ? 'SIMULATOR' : 'MUX',
    muxApiUrl: services.mux.baseUrl,
    uptimeSeconds: Math.floor((Date.now() - services.settings.startedAt) / 1000),
    webhookEventsReceived,
  };
}
