import type Mux from '@mux/mux-node';
import type { MuxSettings } from './config.js';
import type { Db } from './db/client.js';
import type { Logger } from './logger.js';
import type { StreamHost } from './mux/stream.js';

/** What the gateway's parts share for its whole life. */
export interface GatewayServices {
  db: Db;
  mux: Mux;
  muxSettings: MuxSettings;
  stream: StreamHost;
  logger: Logger;
  /** True when Mux is the built-in simulator. */
  simulated: boolean;
  startedAt: number;
}

/** Per-request context handed to resolvers. */
export interface GatewayContext {
  services: GatewayServices;
}
