import type { SimClock } from './clock.js';
import type { SimulatorOptions } from './config.js';
import type { FaultController } from './faults.js';
import type { SimState } from './state.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

/** What every route and lifecycle of the simulator shares. */
export interface SimContext {
  options: SimulatorOptions;
  state: SimState;
  clock: SimClock;
  faults: FaultController;
  webhooks: WebhookDispatcher;
  /** Base URLs, known once both servers listen (before any request is served). */
  urls: { api: string; stream: string };
}
