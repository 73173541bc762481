// Hive Gateway as a user would run it: its defaults, or (RESPONSE_CACHE=on) with its response cache turned on.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  responseCaching: process.env.RESPONSE_CACHE === 'on' ? { session: () => null } : undefined,
  logging: 'error',
});
