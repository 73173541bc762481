import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import type { Context } from 'hono';
import { CompressedBody } from './compressed.js';

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

const TRANSCRIPTS_EXAMPLE = `# Transcripts, kept by the gateway for good: the first read takes them from Mux,
# later ones come from SQLite.
# Files too: GET /transcripts/{trackId}.vtt (or .srt, .txt) with the same Authorization header.
query Transcripts($languageCode: String = "en") {
  assets(first: 5) {
    edges {
      node {
        title
        transcript(languageCode: $languageCode) {
          id
          source
          wordCount
          track { muxId name }
          cues(from: 0, to: 20) { start end speaker text }
          text
        }
      }
    }
  }
}
`;

const SEARCH_EXAMPLE = `# Search every stored transcript, most relevant cue first. Words must all match;
# "exact phrases", prefixes (capt*), OR, NOT or -word and parentheses work. Snippets come
# as text with highlight ranges, and as HTML with the matches in <mark>.
query Search($query: String! = "caption* OR webhook", $first: Int = 10) {
  transcriptSearch(query: $query, first: $first) {
    edges {
      node {
        asset { title }
        track { muxId languageCode }
        start
        end
        speaker
        snippet { html text highlights { start end } }
        relevance
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

const CREATE_ASSET_EXAMPLE = `# A new asset with auto-generated English captions;
# its caption job completes as Mux works.
mutation CreateAssetWithCaptions {
  assetCreate(input: {
    url: "https://storage.googleapis.com/muxdemofiles/mux.mp4?duration=90"
    playbackPolicies: [PUBLIC]
    title: "Made in GraphiQL"
    generatedSubtitles: [{ languageCode: "en", name: "English CC" }]
    idempotencyKey: "graphiql-example-1"
  }) {
    asset { id muxId status }
    captionJobs { id kind status languageCode estimatedFinishAt }
    warnings { code message }
    userErrors { __typename message field }
  }
}
`;

const PREMIUM_CAPTIONS_EXAMPLE = `# Premium captions (Mux Robots) with speakers, word timings and spelling hints.
mutation PremiumCaptions($assetId: ID!) {
  premiumCaptionsGenerate(input: {
    assetId: $assetId
    languageCode: "en"
    replaceExisting: true
    includeSpeakers: true
    includeWords: true
    phrases: ["Mux", "WebVTT", "Kubernetes"]
  }) {
    captionJob { id kind status muxJobId estimatedFinishAt }
    userErrors {
      __typename message field
      ... on ConflictError { track { id name } }
    }
  }
}
`;

const FOLLOW_CAPTION_WORK_EXAMPLE = `# Live caption work: every unfinished job now, then each change as Mux reports it
# (over SSE here;
# graphql-ws on the same URL takes the key as { "authorization": "Bearer <key>" } in connection_init).
# Run it, then run a caption mutation in another tab. For one job: captionJobUpdated(id: "<job id>"),
# which ends with the job's final state and its track.
subscription FollowCaptionWork {
  captionJobsUpdated {
    id
    kind
    status
    progress
    estimatedFinishAt
    asset { muxId title }
    track { muxId name languageCode status vttUrl }
    errors { type message }
  }
}
`;

export interface GraphiqlSetup {
  /** A key to fill in (the simulator's development key); never a production key. */
  apiKey?: string | undefined;
  /** An asset the mutation examples can run on as they are. */
  exampleAssetId?: string | undefined;
}

/** GraphiQL opens with ready-to-run examples; its scripts are served inline, so it works offline. */
export function graphiqlOptions(setup: GraphiqlSetup): GraphiQLOptions {
  const headers = JSON.stringify({ Authorization: `Bearer ${setup.apiKey ?? '<your API key>'}` }, null, 2);
  const assetVariables = JSON.stringify({ assetId: setup.exampleAssetId ?? '<an asset id>' }, null, 2);
  return {
    title: 'Caption gateway',
    headers,
    defaultTabs: [
      { query: ASSETS_EXAMPLE, headers },
      { query: CREATE_ASSET_EXAMPLE, headers },
      { query: PREMIUM_CAPTIONS_EXAMPLE, variables: assetVariables, headers },
      { query: FOLLOW_CAPTION_WORK_EXAMPLE, headers },
      { query: TRANSCRIPTS_EXAMPLE, headers },
      { query: SEARCH_EXAMPLE, headers },
      { query: LANGUAGES_EXAMPLE, headers },
      { query: HEALTH_EXAMPLE, headers },
    ],
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  };
}

/** A browser asking for the GraphQL path wants the page, not an answer. */
export function wantsGraphiql(accept: string | undefined): boolean {
  return /text\/html/.test(accept ?? '');
}

/**
 * GraphiQL as one page, rendered once (its scripts are inline, about 9 MB, so it works offline) and sent
 * compressed, with an ETag so a reload costs a 304.
 */
export function graphiqlPage(setup: GraphiqlSetup): (c: Context) => Response {
  const page = new CompressedBody(Buffer.from(renderGraphiQL(graphiqlOptions(setup))));
  return (c) => page.respond(c, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
}
