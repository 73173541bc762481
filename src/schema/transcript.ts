import { FILE_URL_LIFETIME } from '../auth/file-urls.js';
import { TRANSCRIPT_SOURCES } from '../db/schema.js';
import type { TrackRow } from '../db/store.js';
import type { StoredCue } from '../db/transcripts.js';
import { plainId } from '../resolvers/ids.js';
import {
  asAnswer,
  loadTranscripts,
  searchTranscripts,
  TRANSCRIPT_FORMATS,
  type TranscriptHit,
  type TranscriptView,
  transcriptOfAsset,
  transcriptOfCaptionJob,
  transcriptOfTrack,
  transcriptsOfAsset,
} from '../resolvers/transcripts.js';
import type { GatewayContext } from '../services.js';
import type { TranscriptWord as Word } from '../transcripts/model.js';
import { MAX_QUERY_CHARS } from '../transcripts/search-query.js';
import type { Snippet } from '../transcripts/snippet.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { CaptionJob } from './caption-job.js';
import { enumOf } from './enum.js';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE, pageArgs, readPageArgs, toConnection } from './paging.js';
import { Track } from './track.js';

/** Each asset's tracks, for a page of assets at once. */
async function tracksByAsset(assetIds: readonly string[], context: GatewayContext): Promise<Map<string, TrackRow[]>> {
  return context.services.store.tracks.byAssetIds(assetIds);
}

const seconds = (ms: number) => ms / 1000;
const optionalMs = (value: number | null | undefined) =>
  value === null || value === undefined ? undefined : Math.round(value * 1000);

export const TranscriptSource = enumOf(
  'TranscriptSource',
  'Where a transcript was read from: a text track’s WebVTT on the stream host, or premium captions’ own SRT and ' +
    'word-timing outputs.',
  TRANSCRIPT_SOURCES,
);

const TranscriptFileFormat = enumOf(
  'TranscriptFileFormat',
  'A transcript file: WebVTT (speakers as voice tags), SRT (speakers as a leading [label]) or plain text.',
  TRANSCRIPT_FORMATS,
);

const TranscriptCue = builder.objectRef<StoredCue>('TranscriptCue').implement({
  description: 'One caption cue. Times are seconds from the start of the asset.',
  fields: (t) => ({
    index: t.int({
      description: 'The cue’s place in Transcript.cues, from 0 (also when cues are asked for a stretch of time).',
      resolve: (cue) => cue.position,
    }),
    start: t.float({ resolve: (cue) => seconds(cue.startMs) }),
    end: t.float({ resolve: (cue) => seconds(cue.endMs) }),
    text: t.exposeString('text', { description: 'Plain text (markup removed); lines joined by a newline.' }),
    speaker: t.exposeString('speaker', {
      nullable: true,
      description: 'The speaker label, from a WebVTT voice tag or a leading [label].',
    }),
  }),
});

const TranscriptWord = builder.objectRef<Word>('TranscriptWord').implement({
  description: 'One spoken word with its timing (seconds), as premium captions recognised it.',
  fields: (t) => ({
    text: t.exposeString('text'),
    start: t.float({ resolve: (word) => seconds(word.startMs) }),
    end: t.float({ resolve: (word) => seconds(word.endMs) }),
    speaker: t.exposeString('speaker', { nullable: true }),
  }),
});

export const Transcript = builder.loadableNodeRef('Transcript', {
  id: { resolve: (transcript: TranscriptView) => transcript.row.id },
  load: (ids: string[], context: GatewayContext) => loadTranscripts(context.services, ids),
});

Transcript.implement({
  description:
    'What was said in an asset, kept by the gateway for good: read from Mux once (when the track became ready or on ' +
    'first ask) and served from SQLite after that.',
  fields: (t) => ({
    languageCode: t.string({ nullable: true, resolve: (transcript) => transcript.row.languageCode }),
    source: t.field({ type: TranscriptSource, resolve: (transcript) => transcript.row.source }),
    text: t.string({
      description: 'Plain text: one paragraph per stretch of speech, a speaker’s turn opening with its [label].',
      resolve: (transcript) => transcript.as('txt'),
    }),
    vtt: t.string({ description: 'WebVTT, speakers as voice tags.', resolve: (transcript) => transcript.as('vtt') }),
    srt: t.string({
      description: 'SRT, speakers as a leading [label].',
      resolve: (transcript) => transcript.as('srt'),
    }),
    fileUrl: t.string({
      description:
        'A link to this transcript as a file that needs no Authorization header — for a <track src> or a download ' +
        `link — and opens it for expiresInSeconds (${FILE_URL_LIFETIME.minSeconds} to ` +
        `${FILE_URL_LIFETIME.maxSeconds}); download asks browsers to save the file. Anyone holding the link can ` +
        'read the file until it expires; a changed or expired link is refused with 403.',
      args: {
        format: t.arg({ type: TranscriptFileFormat, required: true, defaultValue: 'vtt' }),
        expiresInSeconds: t.arg.int({ required: true, defaultValue: FILE_URL_LIFETIME.defaultSeconds }),
        download: t.arg.boolean({ required: true, defaultValue: false }),
      },
      validate: [
        (args) =>
          args.expiresInSeconds >= FILE_URL_LIFETIME.minSeconds &&
          args.expiresInSeconds <= FILE_URL_LIFETIME.maxSeconds,
        {
          message:
            `expiresInSeconds must be from ${FILE_URL_LIFETIME.minSeconds} to ${FILE_URL_LIFETIME.maxSeconds} ` +
            'seconds',
          path: ['expiresInSeconds'],
        },
      ],
      resolve: (transcript, args) => transcript.signedUrl(args.format, args.expiresInSeconds, args.download),
    }),
    cues: t.field({
      type: [TranscriptCue],
      description: 'Cues in order; with from and/or to (seconds), only those that overlap that stretch.',
      args: { from: t.arg.float({ required: false }), to: t.arg.float({ required: false }) },
      validate: [
        (args) =>
          (args.from ?? 0) >= 0 && (args.to ?? 0) >= 0 && (args.from ?? 0) <= (args.to ?? Number.POSITIVE_INFINITY),
        { message: 'from and to must be seconds, at least 0, with from no later than to', path: ['from'] },
      ],
      resolve: (transcript, args) => transcript.cuesIn({ fromMs: optionalMs(args.from), toMs: optionalMs(args.to) }),
    }),
    words: t.field({
      type: [TranscriptWord],
      nullable: true,
      description: 'Word timings, where premium captions included them (include_words); null otherwise.',
      resolve: (transcript) => transcript.words(),
    }),
    wordCount: t.int({ resolve: (transcript) => transcript.row.wordCount }),
    cueCount: t.int({ resolve: (transcript) => transcript.row.cueCount }),
    capturedAt: t.field({
      type: 'DateTime',
      description: 'When the gateway read it from Mux.',
      resolve: (transcript) => transcript.row.capturedAt,
    }),
    asset: t.field({ type: Asset, resolve: (transcript) => transcript.row.assetId }),
    track: t.field({
      type: Track,
      nullable: true,
      description:
        'The text track it came from; null for premium captions made without a track (upload_to_mux: false).',
      resolve: (transcript) => transcript.row.trackId,
    }),
    muxJobId: t.string({
      nullable: true,
      description: 'The Robots job whose outputs it was read from, for premium captions.',
      resolve: (transcript) => transcript.row.muxJobId,
    }),
  }),
});

builder.objectFields(Track, (t) => ({
  transcript: t.field({
    type: Transcript,
    nullable: true,
    description: 'The transcript of a ready text track; null for other tracks.',
    resolve: (track, _args, context) => transcriptOfTrack(context.services, track),
  }),
}));

builder.objectFields(Asset, (t) => ({
  transcript: t.loadable({
    type: Transcript,
    nullable: true,
    description:
      'The transcript in a language: a chosen (uploaded or premium) track’s before Mux’s auto-generated one.',
    byPath: true,
    args: { languageCode: t.arg.string({ required: true }) },
    load: async (assetIds: string[], context, args) => {
      const tracks = await tracksByAsset(assetIds, context);
      return Promise.all(
        assetIds.map((id) =>
          asAnswer(transcriptOfAsset(context.services, id, tracks.get(id) ?? [], args.languageCode)),
        ),
      );
    },
    resolve: (asset) => asset.muxId,
  }),
  transcripts: t.loadableList({
    type: Transcript,
    nullable: { list: false, items: true },
    description:
      'Every transcript of the asset, optionally in one language: its ready text tracks’, then premium captions kept ' +
      'without a track.',
    byPath: true,
    args: { languageCode: t.arg.string({ required: false }) },
    load: async (assetIds: string[], context, args) => {
      const tracks = await tracksByAsset(assetIds, context);
      const lists = await Promise.all(
        assetIds.map((id) =>
          transcriptsOfAsset(context.services, id, tracks.get(id) ?? [], args.languageCode ?? undefined),
        ),
      );
      // An error in place of an item is that item's error (GraphQL answers it as null), which Pothos' types
      // do not spell out for lists.
      return lists as TranscriptView[][];
    },
    resolve: (asset) => asset.muxId,
  }),
}));

builder.objectFields(CaptionJob, (t) => ({
  transcript: t.field({
    type: Transcript,
    nullable: true,
    description: 'The transcript the work produced, once it completed.',
    resolve: (job, _args, context) => transcriptOfCaptionJob(context.services, job),
  }),
}));

const TextRange = builder.objectRef<{ start: number; end: number }>('TextRange').implement({
  description: 'A [start, end) range of a string, in UTF-16 code units (JavaScript string indices).',
  fields: (t) => ({ start: t.exposeInt('start'), end: t.exposeInt('end') }),
});

const SearchSnippet = builder.objectRef<Snippet>('SearchSnippet').implement({
  description: 'The matched cue’s text around the matches, in two renderable forms.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'Plain text; "…" where the cue was cut.' }),
    highlights: t.field({
      type: [TextRange],
      description: 'Where the matched words are in text.',
      resolve: (snippet) => snippet.highlights,
    }),
    html: t.exposeString('html', {
      description: 'HTML-escaped text with the matched words in <mark>…</mark>; safe to insert as HTML.',
    }),
  }),
});

const TranscriptSearchHit = builder.objectRef<TranscriptHit>('TranscriptSearchHit').implement({
  description: 'A cue that matched a transcript search.',
  fields: (t) => ({
    asset: t.field({ type: Asset, resolve: (hit) => hit.assetId }),
    track: t.field({ type: Track, nullable: true, resolve: (hit) => hit.trackId }),
    transcript: t.field({ type: Transcript, resolve: (hit) => hit.transcriptId }),
    cueIndex: t.int({
      description: 'The matched cue’s place in transcript.cues, from 0: where a player opens the transcript.',
      resolve: (hit) => hit.position,
    }),
    languageCode: t.string({ nullable: true, resolve: (hit) => hit.languageCode }),
    start: t.float({ description: 'Seconds from the start of the asset.', resolve: (hit) => seconds(hit.startMs) }),
    end: t.float({ resolve: (hit) => seconds(hit.endMs) }),
    text: t.exposeString('text', { description: 'The whole cue.' }),
    speaker: t.exposeString('speaker', { nullable: true }),
    snippet: t.field({ type: SearchSnippet, resolve: (hit) => hit.snippet }),
    relevance: t.float({
      description: 'Higher is more relevant (FTS5 bm25, negated); comparable within one search only.',
      resolve: (hit) => -hit.score,
    }),
  }),
});

/** No total: counting every match would cost as much as the search itself. */
const TranscriptSearchHitConnection = builder.connectionObject({
  type: TranscriptSearchHit,
  name: 'TranscriptSearchHitConnection',
});

builder.queryFields((t) => ({
  transcriptSearch: t.field({
    type: TranscriptSearchHitConnection,
    description:
      `Searches every stored transcript's cues, most relevant first. Words must all match; "exact ` +
      `phrases", prefixes (capt*), OR, NOT or -word, and parentheses work; operators are upper-case. At most ` +
      `${MAX_QUERY_CHARS} characters.`,
    args: {
      ...pageArgs(t.arg),
      query: t.arg.string({ required: true }),
      languageCode: t.arg.string({ required: false }),
      assetIds: t.arg.idList({
        required: false,
        description: `Only these assets (global IDs or Mux ids), at most ${MAX_PAGE_SIZE}.`,
      }),
    },
    validate: [
      (args) => (args.assetIds?.length ?? 0) <= MAX_PAGE_SIZE,
      { message: `give at most ${MAX_PAGE_SIZE} asset ids`, path: ['assetIds'] },
    ],
    resolve: async (_root, args, context) => {
      const page = readPageArgs(args);
      const after = page.after ? decodeCursor<[number, number]>(page.after, ['number', 'number']) : undefined;
      const hits = await searchTranscripts(context.services, {
        query: args.query,
        languageCode: args.languageCode ?? undefined,
        assetIds: args.assetIds?.map((id, index) => plainId('Asset', String(id), `assetIds.${index}`)),
        after: after ? { score: after[0], cueId: after[1] } : undefined,
        limit: page.first + 1,
      });
      return toConnection(hits, page.first, (hit) => encodeCursor([hit.score, hit.cueId]));
    },
  }),
}));
