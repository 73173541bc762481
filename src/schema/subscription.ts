import type { GatewayContext } from '../context.js';
import { assetStream, captionJobStream, captionJobsStream, trackStream } from '../events/streams.js';
import { RequestLoaders } from '../resolvers/loaders.js';
import { RequestCache } from '../resolvers/request-cache.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { CaptionJob } from './caption-job.js';
import { nodeMuxId } from './global-id.js';
import { Track } from './track.js';
import { Upload } from './upload.js';

builder.subscriptionType({ authScopes: { viewer: true } });

/**
 * A subscription keeps one context for its whole life, so each event starts with empty loaders: it must
 * show the state it announces, not what an earlier event loaded.
 */
function resetRequestReads<T>(context: GatewayContext, payload: T): T {
  context.cache = new RequestCache();
  context.loaders = new RequestLoaders(context.services);
  for (const ref of [Asset, Track, CaptionJob, Upload]) ref.getDataloader(context).clearAll();
  return payload;
}

builder.subscriptionFields((t) => ({
  captionJobUpdated: t.field({
    type: CaptionJob,
    description:
      'One caption job: its state now, then every change, ending with its final state (completed, errored, cancelled or skipped), which carries the track it made.',
    args: { id: t.arg.id({ required: true, description: 'Global ID or job id.' }) },
    subscribe: (_root, args, context) => captionJobStream(context.services, nodeMuxId('CaptionJob', String(args.id))),
    resolve: (job, _args, context) => resetRequestReads(context, job),
  }),
  captionJobsUpdated: t.field({
    type: CaptionJob,
    description:
      'Caption work as it changes: of one asset (starting with every job it has), or without an asset, of everything (starting with all unfinished work). Never ends by itself.',
    args: { assetId: t.arg.id({ required: false, description: 'Global ID or Mux id of the asset.' }) },
    subscribe: (_root, args, context) =>
      captionJobsStream(context.services, args.assetId ? nodeMuxId('Asset', String(args.assetId)) : undefined),
    resolve: (job, _args, context) => resetRequestReads(context, job),
  }),
  assetUpdated: t.field({
    type: Asset,
    description: 'One asset: its state now, then every change to it or its tracks; ends when the asset is deleted.',
    args: { id: t.arg.id({ required: true, description: 'Global ID or Mux id of the asset.' }) },
    subscribe: (_root, args, context) => assetStream(context.services, nodeMuxId('Asset', String(args.id))),
    resolve: (asset, _args, context) => resetRequestReads(context, asset),
  }),
  trackUpdated: t.field({
    type: Track,
    description:
      'The tracks of an asset: each as it is now, then every change; a deleted track is sent once more with status DELETED.',
    args: { assetId: t.arg.id({ required: true, description: 'Global ID or Mux id of the asset.' }) },
    subscribe: (_root, args, context) => trackStream(context.services, nodeMuxId('Asset', String(args.assetId))),
    resolve: (track, _args, context) => resetRequestReads(context, track),
  }),
}));
