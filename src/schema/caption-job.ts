import { CAPTION_JOB_KINDS, CAPTION_JOB_STATUSES } from '../db/schema.js';
import type { CaptionJobRow } from '../db/store.js';
import { estimatedFinishAt, estimatedProgress, isFinal, transcriptReady } from '../domain/model.js';
import { plainId } from '../resolvers/ids.js';
import { listCaptionJobs } from '../resolvers/lists.js';
import { loadCaptionJobs, type TrackOfWork, tracksOfWork } from '../resolvers/read-through.js';
import type { GatewayContext } from '../services.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { enumOf } from './enum.js';
import { loaderOf, nodeOrNull } from './load-node.js';
import {
  type Counted,
  countedConnection,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageArgs,
  readPageArgs,
} from './paging.js';
import { Track } from './track.js';
import { Upload } from './upload.js';

export const CaptionJobKind = enumOf(
  'CaptionJobKind',
  'What kind of caption work a job is: auto-generated with a new asset or upload, generated later on an existing ' +
    'asset, premium (Robots), the replacement of edited captions, a translation, or a Robots edit.',
  CAPTION_JOB_KINDS,
);
export const CaptionJobStatus = enumOf(
  'CaptionJobStatus',
  'Where caption work stands. Completed, errored, cancelled and skipped are final.',
  CAPTION_JOB_STATUSES,
);

const CaptionJobError = builder
  .objectRef<{ type: string; message: string; retryable?: boolean }>('CaptionJobError')
  .implement({
    fields: (t) => ({
      type: t.exposeString('type'),
      message: t.exposeString('message'),
      retryable: t.boolean({ nullable: true, resolve: (error) => error.retryable ?? null }),
    }),
  });

export const CaptionJob = builder.loadableNodeRef('CaptionJob', {
  id: { resolve: (job: CaptionJobRow) => job.id },
  load: loaderOf(loadCaptionJobs),
});

/**
 * The tracks work made, for a page of work at once: keys are JSON of TrackOfWork, so one request reads an
 * asset again at most once however many of its jobs need a track not stored yet.
 */
export function loadTracksOfWork(keys: string[], context: GatewayContext) {
  return tracksOfWork(
    context.services,
    keys.map((key) => JSON.parse(key) as TrackOfWork),
    { stale: context.stale, budget: context.budget },
  );
}

export const trackOfWorkKey = (work: TrackOfWork) => JSON.stringify(work);

async function durationOf(job: CaptionJobRow, context: GatewayContext): Promise<number | null> {
  return job.assetId ? (await Asset.getDataloader(context).load(job.assetId)).durationSeconds : null;
}

CaptionJob.implement({
  description: 'One piece of caption work, whatever made it: Mux’s auto-generated captions or a Robots job.',
  fields: (t) => ({
    kind: t.expose('kind', { type: CaptionJobKind }),
    status: t.expose('status', { type: CaptionJobStatus }),
    asset: t.field({
      type: Asset,
      nullable: true,
      description: 'The asset; null while a direct upload has not become one.',
      resolve: (job) => job.assetId,
    }),
    upload: t.field({
      type: Upload,
      nullable: true,
      description: 'The direct upload the work was asked for with.',
      resolve: (job) => job.uploadId,
    }),
    track: t.loadable({
      type: Track,
      nullable: true,
      description: 'The caption track the work made, once there is one.',
      load: loadTracksOfWork,
      resolve: (job) => trackOfWorkKey({ assetId: job.assetId, trackId: job.trackId, finished: isFinal(job.status) }),
    }),
    sourceTrack: t.loadable({
      type: Track,
      nullable: true,
      description:
        'The track the work started from: the text track translated, edited or replaced, or the audio track ' +
        'captionsGenerate listened to; null for captions asked for with a new asset, for premium captions, and once ' +
        'that track is gone.',
      load: loadTracksOfWork,
      // The source existed before the work, so one not stored is gone: nothing to ask Mux about.
      resolve: (job) => trackOfWorkKey({ assetId: job.assetId, trackId: job.sourceTrackId, finished: true }),
    }),
    languageCode: t.exposeString('languageCode', { nullable: true }),
    muxJobId: t.exposeString('muxJobId', {
      nullable: true,
      description: 'The Robots job id at Mux; auto-generated captions have none.',
    }),
    requestedAt: t.field({ type: 'DateTime', resolve: (job) => job.requestedAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.finishedAt }),
    estimatedFinishAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the work should be done: about 0.1x the asset’s duration after it started (on the simulator, that ' +
        'divided by its speed).',
      resolve: async (job, _args, context) =>
        estimatedFinishAt(job, await durationOf(job, context), context.services.settings.muxSpeed),
    }),
    unitsConsumed: t.exposeInt('unitsConsumed', {
      nullable: true,
      description: 'Robots units Mux charged, where Mux reports them.',
    }),
    progress: t.float({
      description:
        'How far along the work probably is, from 0 to 1: the time since it started against estimatedFinishAt, at ' +
        'most 0.99 until Mux says it is done, and 1 once it is final. Subscriptions push running work again at ' +
        'least at every tenth of progress and every 5 seconds.',
      resolve: async (job, _args, context) =>
        estimatedProgress(job, await durationOf(job, context), Date.now(), context.services.settings.muxSpeed),
    }),
    transcriptReady: t.boolean({
      description: 'True once the work completed and its caption track is ready to read.',
      resolve: async (job, _args, context) => {
        const [track] = job.trackId ? await Track.getDataloader(context).loadMany([job.trackId]) : [];
        return transcriptReady(job, track instanceof Error ? undefined : track);
      },
    }),
    errors: t.field({ type: [CaptionJobError], resolve: (job) => job.errors ?? [] }),
    replacedTrackId: t.exposeString('replacedTrackId', {
      nullable: true,
      description:
        'Mux id of the track the work took away: the one premium captions with `replaceExisting` deleted, or the ' +
        'one an edited file replaced.',
    }),
    detectedLanguageCode: t.string({
      nullable: true,
      description: 'The spoken language premium captions detected (or were told), once the job completed.',
      resolve: (job) => job.outputs?.detectedLanguageCode ?? null,
    }),
    languageConfidence: t.float({
      nullable: true,
      description: 'How sure the detection was, 0 to 1; 1 when the language was given.',
      resolve: (job) => job.outputs?.languageConfidence ?? null,
    }),
    neverTranslateTermsPreserved: t.boolean({
      nullable: true,
      description: 'Whether a translation kept every `neverTranslate` term as it was; null when none were given.',
      resolve: (job) => job.outputs?.neverTranslateTermsPreserved ?? null,
    }),
  }),
});

const CaptionJobFilter = builder.inputType('CaptionJobFilter', {
  fields: (t) => ({
    assetId: t.id({ required: false, description: 'Global ID or Mux id of the asset.' }),
    kind: t.field({ type: CaptionJobKind, required: false }),
    status: t.field({ type: CaptionJobStatus, required: false }),
  }),
});

const CaptionJobConnection = builder.connectionObject<typeof CaptionJob, Counted>({
  type: CaptionJob,
  name: 'CaptionJobConnection',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many jobs the filter lets through, on all pages together.',
      resolve: (connection) => connection.totalCount(),
    }),
  }),
});

const CaptionUsage = builder.objectRef<{ unitsConsumed: number; jobs: number }>('CaptionUsage').implement({
  description: 'What caption work cost, over the work a `captionUsage` query covers.',
  fields: (t) => ({
    unitsConsumed: t.exposeInt('unitsConsumed', { description: 'Robots units Mux charged, summed.' }),
    jobs: t.exposeInt('jobs', { description: 'How many caption jobs finished, whether they cost units or not.' }),
  }),
});

builder.queryFields((t) => ({
  captionUsage: t.field({
    type: CaptionUsage,
    description:
      'Units consumed by caption work that finished in [from, to) on the given assets; each bound is open when ' +
      'left out. Per asset, see `Asset.unitsConsumed`.',
    args: {
      from: t.arg({ type: 'DateTime', required: false, description: 'Work that finished at or after this.' }),
      to: t.arg({ type: 'DateTime', required: false, description: 'Work that finished before this.' }),
      assetIds: t.arg.idList({
        required: false,
        description: `Only these assets (global IDs or Mux ids), at most ${MAX_PAGE_SIZE}; every asset without.`,
      }),
    },
    validate: [
      (args) => (args.assetIds?.length ?? 0) <= MAX_PAGE_SIZE,
      { message: `give at most ${MAX_PAGE_SIZE} asset ids`, path: ['assetIds'] },
    ],
    resolve: (_root, args, context) =>
      context.services.store.captionJobs.usage({
        from: args.from?.getTime(),
        to: args.to?.getTime(),
        assetIds: args.assetIds?.map((id, index) => plainId('Asset', String(id), `assetIds.${index}`)),
      }),
  }),
  captionJob: t.field({
    type: CaptionJob,
    nullable: true,
    args: {
      id: t.arg.id({ required: true }),
      fresh: t.arg.boolean({ required: false, description: 'Ask Mux even when the cached answer is fresh.' }),
    },
    resolve: (_root, args, context) =>
      nodeOrNull(
        context,
        loadCaptionJobs,
        CaptionJob.getDataloader(context),
        plainId('CaptionJob', String(args.id), 'id'),
        args.fresh,
      ),
  }),
  captionJobs: t.field({
    type: CaptionJobConnection,
    description: 'Caption work the gateway knows of, newest first.',
    args: { ...pageArgs(t.arg), filter: t.arg({ type: CaptionJobFilter, required: false }) },
    resolve: async (_root, args, context) => {
      const page = readPageArgs(args);
      const after = page.after ? decodeCursor<[number, string]>(page.after, ['number', 'string']) : undefined;
      const filter = {
        assetId: args.filter?.assetId ? plainId('Asset', String(args.filter.assetId), 'filter.assetId') : undefined,
        kind: args.filter?.kind ?? undefined,
        status: args.filter?.status ?? undefined,
      };
      const rows = await listCaptionJobs(
        context.services,
        filter,
        after ? { requestedAt: after[0], id: after[1] } : undefined,
        page.first + 1,
      );
      return countedConnection(
        rows,
        page.first,
        (row) => encodeCursor([row.requestedAt, row.id]),
        () => context.services.store.captionJobs.count(filter),
      );
    },
  }),
}));
