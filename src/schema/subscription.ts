import { plainId } from '../resolvers/ids.js';
import {
  assetStream,
  captionJobStream,
  captionJobsStream,
  trackStream,
  uploadStream,
} from '../resolvers/subscriptions.js';
import { Asset } from './asset.js';
import { builder } from './builder.js';
import { CaptionJob } from './caption-job.js';
import { Track } from './track.js';
import { Upload } from './upload.js';

builder.subscriptionType({ authScopes: { viewer: true } });

/** The argument both caption-work subscriptions take. */
const PROGRESS_ARGUMENT_DESCRIPTION =
  'Also send running work again as its estimated progress moves: at each tenth and at least every 5 seconds ' +
  '(true, the default); false sends only changes of state.';

builder.subscriptionFields((t) => ({
  captionJobUpdated: t.field({
    type: CaptionJob,
    description:
      'One caption job: its state now, then every change, ending with its final state (completed, errored, cancelled ' +
      'or skipped), which carries the track it made.',
    args: {
      id: t.arg.id({ required: true, description: 'Global ID or job id.' }),
      progress: t.arg.boolean({ required: true, defaultValue: true, description: PROGRESS_ARGUMENT_DESCRIPTION }),
    },
    subscribe: (_root, args, context) =>
      captionJobStream(context.services, plainId('CaptionJob', String(args.id), 'id'), args.progress),
    resolve: (job) => job,
  }),
  captionJobsUpdated: t.field({
    type: CaptionJob,
    description:
      'Caption work as it changes: of one asset (starting with every job it has), or without an asset, of everything ' +
      '(starting with all unfinished work). Never ends by itself.',
    args: {
      assetId: t.arg.id({ required: false, description: 'Global ID or Mux id of the asset.' }),
      progress: t.arg.boolean({ required: true, defaultValue: true, description: PROGRESS_ARGUMENT_DESCRIPTION }),
    },
    subscribe: (_root, args, context) =>
      captionJobsStream(
        context.services,
        args.assetId ? plainId('Asset', String(args.assetId), 'assetId') : undefined,
        args.progress,
      ),
    resolve: (job) => job,
  }),
  assetUpdated: t.field({
    type: Asset,
    description: 'One asset: its state now, then every change to it or its tracks; ends when the asset is deleted.',
    args: { id: t.arg.id({ required: true, description: 'Global ID or Mux id of the asset.' }) },
    subscribe: (_root, args, context) => assetStream(context.services, plainId('Asset', String(args.id), 'id')),
    resolve: (asset) => asset,
  }),
  trackUpdated: t.field({
    type: Track,
    description:
      'The tracks of an asset: each as it is now, then every change; a deleted track is sent once more with status ' +
      'DELETED.',
    args: { assetId: t.arg.id({ required: true, description: 'Global ID or Mux id of the asset.' }) },
    subscribe: (_root, args, context) =>
      trackStream(context.services, plainId('Asset', String(args.assetId), 'assetId')),
    resolve: (track) => track,
  }),
  uploadUpdated: t.field({
    type: Upload,
    description:
      'One direct upload: its state now, then every change; ends once it is ASSET_CREATED (with its asset), ERRORED, ' +
      'CANCELLED or TIMED_OUT.',
    args: { id: t.arg.id({ required: true, description: 'Global ID or Mux id of the upload.' }) },
    subscribe: (_root, args, context) => uploadStream(context.services, plainId('Upload', String(args.id), 'id')),
    resolve: (upload) => upload,
  }),
}));
