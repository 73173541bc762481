import { type HealthReport, readHealth, UPSTREAM_MODES } from '../resolvers/health.js';
import { GATEWAY_VERSION } from '../version.js';
import { builder } from './builder.js';

const UpstreamMode = builder.enumType('UpstreamMode', {
  description: 'What the gateway talks to for Mux: the real service or the built-in simulator.',
  values: UPSTREAM_MODES,
});

const Health = builder.objectRef<HealthReport>('Health').implement({
  description: 'Whether the gateway can serve requests, and what it is connected to.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when the database answers.' }),
    version: t.exposeString('version'),
    upstream: t.expose('upstream', { type: UpstreamMode }),
    muxApiUrl: t.exposeString('muxApiUrl', { description: 'Base URL of the Mux API in use.' }),
    uptimeSeconds: t.exposeInt('uptimeSeconds'),
    webhookEventsReceived: t.exposeInt('webhookEventsReceived', {
      nullable: true,
      description: 'Verified webhook events stored so far; null when the database does not answer.',
    }),
  }),
});

builder.queryFields((t) => ({
  health: t.field({
    type: Health,
    description: 'Liveness of the gateway and what it runs against.',
    resolve: (_root, _args, context) => readHealth(context.services),
  }),
  version: t.string({ description: 'Version of the gateway.', resolve: () => GATEWAY_VERSION }),
}));
