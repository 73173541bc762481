import type { GraphiQLOptions } from 'graphql-yoga';

const ASSETS_EXAMPLE = `# Assets with their caption tracks and caption work, newest first.
# Run it twice: the second answer comes from the gateway's SQLite cache.
query AssetsWithCaptions($first: Int = 10) {
  assets(first: $first) {
    edges {
      node {
        id
        muxId
        title
        status
        durationSeconds
        playbackIds { id policy }
        hasReadyCaptions
        captionLanguages
        captionTracks {
          id
          name
          languageCode
          textSource
          status
          vttUrl
          txtUrl
        }
        captionJobs {
          id
          kind
          status
          languageCode
          estimatedFinishAt
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const LANGUAGES_EXAMPLE = `# Languages Mux makes captions in; beta ones may be less accurate.
query Languages {
  languages {
    code
    name
    stability
    uses
  }
}
`;

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
export function graphiqlOptions(apiKey: string | undefined): GraphiQLOptions {
  const headers = JSON.stringify(apiKey ? { Authorization: `Bearer ${apiKey}` } : { Authorization: 'Bearer <your API key>' }, null, 2);
  return {
    title: 'Caption gateway',
    headers,
    defaultTabs: [ASSETS_EXAMPLE, LANGUAGES_EXAMPLE, HEALTH_EXAMPLE].map((query) => ({ query, headers })),
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  };
}
