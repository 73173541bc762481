import Mux from '@mux/mux-node';
import type { MuxSettings } from '../config.js';

/**
 * The official SDK, configured only from our settings: every option is passed explicitly (null where
 * unset) so the SDK never falls back to reading MUX_* variables behind the configuration's back.
 */
export function createMuxClient(settings: MuxSettings): Mux {
  return new Mux({
    tokenId: settings.tokenId,
    tokenSecret: settings.tokenSecret,
    baseURL: settings.baseUrl,
    webhookSecret: settings.webhookSecret ?? null,
    jwtSigningKey: settings.signingKey?.id ?? null,
    jwtPrivateKey: settings.signingKey?.privateKey ?? null,
    authorizationToken: null,
    // The gateway answers from its cache when Mux struggles, so it retries once (honouring Retry-After)
    // rather than holding a client's request through the SDK's default two retries.
    maxRetries: 1,
  });
}
