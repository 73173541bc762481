import schema from 'virtual:schema-introspection';
import { type CacheExchangeOpts, cacheExchange, type Entity } from '@urql/exchange-graphcache';

/** Types with no id of their own: kept inside whatever holds them. */
const EMBEDDED = [
  'PageInfo',
  'AssetConnection',
  'AssetEdge',
  'CaptionJobConnection',
  'CaptionJobEdge',
  'TranscriptSearchHitConnection',
  'TranscriptSearchHitEdge',
  'TranscriptSearchHit',
  'SearchSnippet',
  'TextRange',
  'TranscriptCue',
  'TranscriptWord',
  'CaptionJobError',
  'PlaybackId',
  'UploadSettings',
  'GeneratedSubtitlesSetting',
  'Warning',
  'Health',
  'ValidationError',
  'NotFoundError',
  'ConflictError',
  'PreconditionError',
  'UpstreamError',
  'RateLimitedError',
];

export const cacheOptions: CacheExchangeOpts = {
  schema,
  keys: {
    ...Object.fromEntries(EMBEDDED.map((typename) => [typename, () => null])),
    Language: (language) => String(language.code),
  },
  updates: {
    Subscription: {
      /** Work started elsewhere joins its asset's list; known jobs update in place through their id. */
      captionJobsUpdated(result, _args, cache) {
        const job = cache.keyOfEntity(result.captionJobsUpdated as never);
        const asset = job ? cache.resolve(job, 'asset') : null;
        if (!job || typeof asset !== 'string') return;
        const jobs: unknown = cache.resolve(asset, 'captionJobs');
        if (!Array.isArray(jobs) || jobs.includes(job)) return;
        const linked: Entity[] = [job, ...jobs];
        cache.link(asset, 'captionJobs', linked);
      },
    },
  },
};

export const createCache = () => cacheExchange(cacheOptions);
