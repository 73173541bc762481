import type { GraphiQLOptions } from 'graphql-yoga';

const HEALTH_EXAMPLE = `# The gateway's health and what it runs against.
query Health {
  version
  health {
    ok
    upstream
    muxApiUrl
    uptimeSeconds
    webhookEventsReceived
  }
}
`;

/** GraphiQL opens with ready-to-run examples; its scripts are served inline, so it works offline. */
export function graphiqlOptions(): GraphiQLOptions {
  return {
    title: 'Caption gateway',
    defaultTabs: [{ query: HEALTH_EXAMPLE }],
    defaultEditorToolsVisibility: true,
  };
}
